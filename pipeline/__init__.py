"""thaireports: archived Thai ITA reports -> tidy Parquet tables."""
from __future__ import annotations

PARSER_VERSION = "0.1.0"

__all__ = ["PARSER_VERSION"]
