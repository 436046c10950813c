"""thaireports: archived Thai ITA reports -> tidy Parquet tables."""

from __future__ import annotations

PARSER_VERSION = "0.4.1"

__all__ = ["PARSER_VERSION", "load"]


def __getattr__(name: str):
    # `from pipeline import load` without making every worker process and CLI
    # call import pandas: the analysts' entry point loads on first use.
    if name == "load":
        from pipeline.store.dataset import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
