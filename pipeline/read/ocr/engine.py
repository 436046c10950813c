"""The OCR engine: Tesseract with its Thai model, through tesserocr.

tesserocr calls libtesseract in-process (its wheel ships the library), so a
cell costs one `SetRectangle` + recognise, not a process start as with the
CLI or pytesseract. The Thai model itself (`tha.traineddata`) comes from the
system's Tesseract data (`tesseract-ocr-tha` on Debian); without it a scanned
page cannot be read and the file fails as `ocr_unavailable` with the install
line.

One engine per process, made on first use: a batch worker pays the model
load once, not once per page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from pipeline.errors import OcrUnavailableError

LANGUAGES = "tha+eng"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-tha"
# Where Debian and other distributions put tessdata, newest first.
_KNOWN_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)

_engine: Any = None
_thai: Any = None


def tessdata_dir() -> Path | None:
    """The folder holding tha.traineddata and eng.traineddata, or None."""
    candidates: list[str] = []
    if os.environ.get("TESSDATA_PREFIX"):
        prefix = os.environ["TESSDATA_PREFIX"]
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    candidates += _KNOWN_DIRS
    found = _cli_dir()
    if found:
        candidates.insert(0, found)
    for folder in candidates:
        if all((Path(folder) / f"{lang}.traineddata").is_file() for lang in LANGUAGES.split("+")):
            return Path(folder)
    return None


def _cli_dir() -> str | None:
    """The data folder the `tesseract` command reports, if it is installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    first = out.splitlines()[0] if out else ""
    if '"' in first:
        return first.split('"')[1]
    return None


def unavailable_reason() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return f"the tesserocr module is missing (pip install tesserocr) and Tesseract's Thai data: {INSTALL}"
    if tessdata_dir() is None:
        return f"Tesseract's Thai data (tha.traineddata) is not installed: {INSTALL}"
    return None


def engine(path: Path | str) -> Any:
    """This process's Tesseract engine; raises `OcrUnavailableError` naming `path`."""
    global _engine
    if _engine is None:
        reason = unavailable_reason()
        if reason is not None:
            raise OcrUnavailableError(path, f"scanned pages need OCR: {reason}")
        import tesserocr

        _engine = tesserocr.PyTessBaseAPI(
            path=str(tessdata_dir()) + os.sep, lang=LANGUAGES, psm=tesserocr.PSM.SINGLE_BLOCK
        )
        # Dictionary guesses invent words in tables of names and numbers.
        _engine.SetVariable("preserve_interword_spaces", "1")
        # Each letter's alternatives with their confidences: evidence for the look-alike repair.
        _engine.SetVariable("lstm_choice_mode", "2")
    return _engine


def thai_engine() -> Any:
    """A second engine with the Thai model alone, one word at a time, made on first use (after
    `engine`, which has checked that Tesseract is there): it reads again the words the Thai and
    English models together took for English."""
    global _thai
    if _thai is None:
        import tesserocr

        _thai = tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + os.sep, lang="tha", psm=tesserocr.PSM.SINGLE_WORD)
    return _thai
