"""What a worker hands back for one file: light enough for the writer to import without the parsers."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pipeline import PARSER_VERSION
from pipeline.errors import INTERNAL_ERROR


class PageDone(NamedTuple):
    """Sent by a worker before its file's result: `done` of the file's `total` OCR pages are read."""

    done: int
    total: int


@dataclass(frozen=True)
class WorkResult:
    """One file's outcome; `payload` maps table name to an Arrow IPC record-batch message."""

    path: str
    sha256: str | None
    size: int | None
    format: str | None
    status: str  # "converted" | "failed"
    error_code: str | None = None
    error_message: str | None = None
    seconds: float = 0.0
    fiscal_year: int | None = None
    rows_written: int = 0
    parser_version: str = PARSER_VERSION
    payload: dict[str, bytes] = field(default_factory=dict)


def failure(
    path: str,
    code: str,
    message: str,
    *,
    sha256: str | None = None,
    size: int | None = None,
    format: str | None = None,
    seconds: float = 0.0,
) -> WorkResult:
    return WorkResult(path, sha256, size, format, "failed", code, clean_text(f"{path}: {message}"), seconds)


def bug_message(err: Exception) -> str:
    """An `internal_error` message: the exception and the line that raised it."""
    frame = traceback.extract_tb(err.__traceback__)[-1]
    return INTERNAL_ERROR.message(
        error=f"{type(err).__name__}: {err}", where=f"{Path(frame.filename).name}:{frame.lineno}"
    )


def clean_text(text: str) -> str:
    """`text` with the undecodable bytes of an OS path (surrogate escapes) as ``\\xNN``.

    Old Thai archives hold file names in TIS-620; Python gives them to us with
    surrogates, which no UTF-8 column can hold.

    >>> clean_text("r\\udcc1.txt")
    'r\\\\xc1.txt'
    """
    if text.isascii() or not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
