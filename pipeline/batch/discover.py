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

Only regular files are read. A FIFO, device or socket is recorded as failed
(`special_file`) without being opened for reading; a symbolic link that
resolves outside the inputs given is recorded (`outside_inputs`) and not read,
unless links are followed on purpose (`follow_symlinks`). Hashing reads under
a deadline, so a file that cannot be read in time fails (`timeout`) and the
batch goes on.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch.result import clean_text
from pipeline.errors import OUTSIDE_INPUTS, SPECIAL_FILE, UNREADABLE, ReportError
from pipeline.limits import file_kind, read_head, regular_blocks
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
    code: str = UNREADABLE.code  # the error code, when `error` is set


@dataclass
class Found:
    """Report files to hash, and the paths refused without being read."""

    paths: list[Path] = field(default_factory=list)
    refused: list[Candidate] = field(default_factory=list)


def discover(inputs: Iterable[Path], exclude: Path | None = None, follow_symlinks: bool = False) -> list[Path]:
    """Report files under `inputs`, sorted and without repeats."""
    return find_inputs(inputs, exclude, follow_symlinks).paths


def find_inputs(inputs: Iterable[Path], exclude: Path | None = None, follow_symlinks: bool = False) -> Found:
    """Report files under `inputs` (sorted, without repeats), and what was refused and why."""
    inputs = list(inputs)
    skip = _identity(exclude) if exclude is not None else None
    roots = [os.path.realpath(item) for item in inputs]
    found: set[Path] = set()
    refused: dict[str, Candidate] = {}
    for item in inputs:
        if item.is_dir():
            for path, problem in _walk(item, skip, roots, follow_symlinks):
                if problem is None:
                    found.add(path)
                else:
                    refused.setdefault(path.as_posix(), problem)
        elif os.path.lexists(item):
            problem = _refusal(item, roots, True)
            if problem is None:
                found.add(item)
            else:
                refused.setdefault(item.as_posix(), problem)
    return Found(sorted(found, key=lambda p: p.as_posix()), [refused[k] for k in sorted(refused)])


Identity = tuple[int, int]  # a folder's device and inode: the same however a path reaches it


def _identity(path: Path) -> Identity | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _walk(root: Path, skip: Identity | None, roots: list[str], follow: bool) -> Iterator[tuple[Path, Candidate | None]]:
    """Files under `root` with why each is refused (or None), from directory entries: a regular
    file costs no system call beyond listing its folder, a folder one."""
    seen: set[Identity] = set()
    stack = [root]
    while stack:
        here = stack.pop()
        folder = _identity(here)
        if folder is None or folder == skip or folder in seen:
            continue  # gone, the output folder, or a folder reached again through a link
        seen.add(folder)
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = here / entry.name
            link = entry.is_symlink()
            problem = _outside(path, roots) if link and not follow else None
            if problem is not None:
                yield path, problem
            elif _is_dir(entry):
                if entry.name not in _SKIP_FOLDERS and (follow or not link):
                    folders.append(path)
            elif not _TEMPORARY.search(entry.name):
                problem = _special(entry, path)
                if problem is not None or _wanted(path):
                    yield path, problem
        stack.extend(reversed(folders))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _special(entry: os.DirEntry, path: Path) -> Candidate | None:
    """Why a directory entry that is no folder is not read (a FIFO, a device, a dangling link), or None."""
    try:
        if entry.is_file():  # the entry's type: no system call unless it is a link
            return None
        mode = entry.stat().st_mode
    except OSError as err:
        return _candidate(path, UNREADABLE.code, f"cannot read the file ({err.strerror or err})")
    return _candidate(path, SPECIAL_FILE.code, f"{file_kind(mode)}, not a regular file: not read")


def _refusal(path: Path, roots: list[str], follow: bool) -> Candidate | None:
    """Why `path` is not read at all (a special file, a link leading outside), or None."""
    problem = None if follow else _outside(path, roots)
    if problem is not None:
        return problem
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return _candidate(path, UNREADABLE.code, f"cannot read the file ({err.strerror or err})")
    kind = file_kind(mode)
    if kind is None:
        return None
    return _candidate(path, SPECIAL_FILE.code, f"{kind}, not a regular file: not read")


def _outside(path: Path, roots: list[str]) -> Candidate | None:
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    if any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return None
    return _candidate(
        path,
        OUTSIDE_INPUTS.code,
        f"a symbolic link to {clean_text(target)}, outside the inputs given: not read (--follow-symlinks reads it)",
    )


def _candidate(path: Path, code: str, error: str) -> Candidate:
    text = clean_text(path.as_posix())
    return Candidate(text, None, None, error, None if text == path.as_posix() else path.as_posix(), code)


def _wanted(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in EXTENSIONS or suffix in LEGACY_EXTENSIONS:
        return True
    if suffix in NOT_REPORT_EXTENSIONS:
        return False
    try:
        head = read_head(path, _SNIFF_BYTES)
        if head.startswith((ZIP_MAGIC, OLE_MAGIC[:4])):
            # what an office file is shows in its directory, at the end or anywhere
            head = read_head(path, _SNIFF_BYTES + _CONTAINER_SNIFF_BYTES)
    except (OSError, ReportError):
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


def hash_file(path: Path, timeout: float | None = None) -> Candidate:
    """The file's sha256 and size, read in blocks so big files cost no memory, within `timeout` seconds."""
    digest = hashlib.sha256()
    size = 0
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        for block in regular_blocks(path, deadline):
            digest.update(block)
            size += len(block)
    except ReportError as err:
        return _candidate(path, err.code, err.message)
    except OSError as err:
        return _candidate(path, UNREADABLE.code, f"cannot read the file ({err.strerror or err})")
    text = clean_text(path.as_posix())
    return Candidate(text, digest.hexdigest(), size, source=None if text == path.as_posix() else path.as_posix())
