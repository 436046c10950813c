"""Find the report files under the paths given on the command line, and hash them.

Folders are walked recursively. A file is taken when its extension is one a
reader handles (or a legacy office format, so that it is reported as
unsupported rather than silently ignored), or, whatever its extension, when
its first bytes are a PDF, an office document, HTML or Thai text: archives are
full of reports saved as ``report``, ``report.dat`` or ``report.txt.bak``. What is
obviously not a report is skipped even when it holds Thai text: source code,
data and documentation files by extension (``.py``, ``.json``, ``.md`` …),
images, archives and programs by their first bytes, scripts by their ``#!``
line. Hidden files and folders, editor and download leftovers, and the
output folder itself are skipped. Files named on the command line are
always taken.
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
from pipeline.read import EXTENSIONS, OFFICE_EXTENSIONS, sniff_format
from pipeline.read.containers import OLE_MAGIC, ZIP_MAGIC
from pipeline.thai.chars import THAI_TEXT

LEGACY_EXTENSIONS = set(OFFICE_EXTENSIONS)
# Leftovers of editors, office suites, downloads and copies in progress.
_TEMPORARY = re.compile(r"^(~\$|\.#|#.*#$)|(~|\.tmp|\.temp|\.part|\.partial|\.crdownload|\.swp|\.bak~)$", re.IGNORECASE)
_SKIP_FOLDERS = {"__MACOSX", "__pycache__", "node_modules"}
_SNIFF_BYTES = 8192
_CONTAINER_SNIFF_BYTES = 64 << 20
_THAI = re.compile(f"[{THAI_TEXT}]")
_HASH_BLOCK = 1 << 20
# Files no one saves a report as: code, data, notes, images, media, archives, fonts.
NOT_REPORT_EXTENSIONS = frozenset(
    """
    .py .pyc .pyi .ipynb .js .mjs .ts .tsx .jsx .java .kt .c .h .cc .cpp .hpp .cs .go .rs .rb .php .pl .r .swift
    .sh .bash .bat .cmd .ps1 .sql .css .scss .less .json .jsonl .yaml .yml .toml .ini .cfg .conf .lock .env
    .md .rst .tex .po .pot .parquet .arrow .arrows .feather .pkl .pickle .npy .npz .db .sqlite
    .png .jpg .jpeg .gif .bmp .tif .tiff .webp .svg .ico .heic .psd
    .mp3 .mp4 .wav .ogg .m4a .avi .mov .mkv .webm
    .zip .gz .tgz .bz2 .xz .zst .7z .rar .tar .exe .dll .so .dylib .bin .iso .woff .woff2 .ttf .otf
    """.split()
)
# First bytes of images, archives and programs (a report is never one of these).
_NOT_REPORT_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"\x7fELF",
    b"MZ",  # Windows programs
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"PAR1",  # Parquet
    b"SQLite format",
)
_SCRIPT = re.compile(rb"^\s*(?:#!|<\?php)")


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
    if suffix in NOT_REPORT_EXTENSIONS:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            if head.startswith((ZIP_MAGIC, OLE_MAGIC[:4])):
                # what an office file is shows in its directory, at the end or anywhere
                head += handle.read(_CONTAINER_SNIFF_BYTES)
    except OSError:
        return True  # unreadable: let the conversion report it
    return looks_like_report(head, path)


def looks_like_report(head: bytes, path: Path) -> bool:
    """Whether the first bytes of a file with an unknown extension are a report."""
    if head.startswith(_NOT_REPORT_MAGIC) or (head[8:12] == b"WEBP" and head.startswith(b"RIFF")):
        return False
    if _SCRIPT.match(head):
        return False
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
