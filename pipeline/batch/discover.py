"""Find the report files under the paths given on the command line, and hash them.

Folders are walked recursively. A file is taken when its extension is one a
reader handles (or a legacy office format, so that it is reported as
unsupported rather than silently ignored), or, whatever its extension, when
its first bytes are a PDF, a .docx, HTML or Thai text: archives are full of
reports saved as ``report``, ``report.dat`` or ``report.txt.bak``. Hidden
files and folders, editor and download leftovers, and the output folder
itself are skipped. Files named on the command line are always taken.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.result import clean_text
from pipeline.errors import ReportError
from pipeline.read import EXTENSIONS, sniff_format

LEGACY_EXTENSIONS = {".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".odt"}
# Leftovers of editors, office suites, downloads and copies in progress.
_TEMPORARY = re.compile(r"^(~\$|\.#|#.*#$)|(~|\.tmp|\.temp|\.part|\.partial|\.crdownload|\.swp|\.bak~)$", re.IGNORECASE)
_SKIP_FOLDERS = {"__MACOSX", "__pycache__", "node_modules"}
_SNIFF_BYTES = 8192
_THAI = re.compile("[\u0e01-\u0e5b]")
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class Candidate:
    """One input file with the hash of its bytes, or why it could not be read.

    `path` is the text the records use; `source` the OS path, when it differs.
    """

    path: str
    sha256: str | None
    size: int | None
    error: str | None = None
    source: str | None = None


def discover(inputs: Iterable[Path], exclude: Path | None = None) -> list[Path]:
    """Report files under `inputs`, sorted and without repeats."""
    skip = exclude.resolve() if exclude is not None else None
    found: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            found.update(_walk(item, skip))
        elif item.exists():
            found.add(item)
    return sorted(found, key=lambda p: p.as_posix())


def _walk(root: Path, skip: Path | None) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        if skip is not None and here.resolve() == skip:
            subfolders[:] = []
            continue
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _SKIP_FOLDERS)
        for name in sorted(files):
            path = here / name
            if not name.startswith(".") and not _TEMPORARY.search(name) and _wanted(path):
                yield path


def _wanted(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in EXTENSIONS or suffix in LEGACY_EXTENSIONS:
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True  # unreadable: let the conversion report it
    return looks_like_report(head, path)


def looks_like_report(head: bytes, path: Path) -> bool:
    """Whether the first bytes of a file with an unknown extension are a report."""
    try:
        kind = sniff_format(head, path)
    except ReportError:
        return False
    if kind != "txt":
        return True
    for encoding in ("utf-8-sig", "utf-16", "cp874"):
        text = head.decode(encoding, errors="ignore")
        if len(_THAI.findall(text)) >= 20 and "\x00" not in text:
            return True
    return False


def hash_file(path: Path) -> Candidate:
    """The file's sha256 and size, read in blocks so big files cost no memory."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
                size += len(block)
    except OSError as err:
        return Candidate(clean_text(path.as_posix()), None, None, clean_text(f"cannot read the file ({err})"))
    text = clean_text(path.as_posix())
    return Candidate(text, digest.hexdigest(), size, source=None if text == path.as_posix() else path.as_posix())
