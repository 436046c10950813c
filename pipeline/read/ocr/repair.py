"""Thai repair after recognition: the glyph rules of the PDF repair, then OCR's own confusions.

Nothing is invented: a read is changed only where the script rules say the
read cannot be Thai (sara am in two pieces, marks in the wrong order), and
doubtful words are listed, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pipeline.errors import OCR_LOW_CONFIDENCE, OCR_MARK_RESTORED, Code, glyph_code
from pipeline.read.ocr.marks import restore_marks
from pipeline.read.ocr.months import repair_abbreviations
from pipeline.read.ocr.recognize import LOW_CONFIDENCE, Word
from pipeline.thai.glyphs import repair_thai


@dataclass(frozen=True)
class Repaired:
    text: str
    notes: tuple[tuple[Code, dict[str, Any]], ...]  # (catalogue code, its message values)


# A list number's point pushed off by a space ("2 . จัดทำ"): Tesseract spaces a lone point.
_SPACED_POINT = re.compile(r"(?<=[0-9๐-๙]) \.(?= )")
# "(2 มีผู้ใช้" in a cell that also writes "(1)" or "(3)": the thin closing bracket was lost.
_OPEN_LABEL = re.compile(r"\(([0-9๐-๙]{1,2})(?= [^\s)])")
_CLOSED_LABEL = re.compile(r"\([0-9๐-๙]{1,2}\)")


def repair_labels(text: str) -> str:
    """List labels as OCR breaks them, put back together; nothing is added that the cell's
    other labels do not show."""
    text = _SPACED_POINT.sub(".", text)
    if _CLOSED_LABEL.search(text):
        text = _OPEN_LABEL.sub(r"(\1)", text)
    return text


def repair_ocr(
    text: str,
    words: list[Word],
    offered: frozenset[tuple[str, str]] = frozenset(),
    unread_marks: frozenset[str] = frozenset(),
) -> Repaired:
    fixed = repair_thai(repair_labels(repair_abbreviations(unicodedata.normalize("NFC", text))))
    notes: list[tuple[Code, dict[str, Any]]] = [
        (glyph_code(i.code), {"char": i.char, "offset": i.offset, "text": fixed.text[:40]}) for i in fixed.issues
    ]
    restored, changes = restore_marks(fixed.text, offered, unread_marks)
    if changes:
        listed = ", ".join(f"{was!r} -> {now!r}" for was, now in changes[:5])
        notes.append((OCR_MARK_RESTORED, {"count": len(changes), "changes": listed}))
    doubtful = [w for w in words if w.confidence < LOW_CONFIDENCE and w.text.strip()]
    if doubtful:
        listed = ", ".join(f"{w.text!r} ({w.confidence:.0f}%)" for w in doubtful[:5])
        notes.append((OCR_LOW_CONFIDENCE, {"count": len(doubtful), "words": listed}))
    return Repaired(restored, tuple(notes))
