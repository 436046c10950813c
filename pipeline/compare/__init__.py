"""Year-over-year views over parsed/: match measures, compare quantities, report."""

from __future__ import annotations

from pipeline.compare.core import Comparison, compare_years, save_table
from pipeline.compare.match import SIMILARITY_THRESHOLD, match_titles, similarity

__all__ = ["SIMILARITY_THRESHOLD", "Comparison", "compare_years", "match_titles", "save_table", "similarity"]
