"""How much one file may cost: bytes read, grid cells, ZIP parts, PDF page content, memory, time.

A hostile or broken file must fail alone and quickly, never hang a batch or
take the machine's memory. The limits are enforced where the cost is made:
the reader that would expand a table, inflate a ZIP part or parse a page
checks `current()` and raises `TooLargeError`; a worker process runs under
an OS memory limit (`apply_memory_limit`), so what no reader foresaw fails
as `resource_limit`; only regular files are ever opened for reading
(`read_regular`), and never so that the open or a read can block.

The defaults are far above any real report. Tests lower them with `use`.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import PARSE_STOPPED, RESOURCE_LIMIT, SPECIAL_FILE, TOO_LARGE, ReportError, TimeoutError_

# The errors of these limits (their codes are in the catalogue, pipeline/errors.py).


class SpecialFileError(ReportError):
    """A FIFO, device or socket: reading it could block forever or never end."""

    code = SPECIAL_FILE.code


class TooLargeError(ReportError):
    """A file that would expand past a resource limit (table grid, ZIP part, PDF page content)."""

    code = TOO_LARGE.code


class ResourceLimitError(ReportError):
    """The conversion ran out of the memory a worker may use (--max-memory)."""

    code = RESOURCE_LIMIT.code


class IncompleteParseError(ReportError):
    """The parser stopped before the end of the file: what follows would be lost."""

    code = PARSE_STOPPED.code


MB = 1 << 20
GB = 1 << 30
_BLOCK = MB


@dataclass(frozen=True)
class Limits:
    """Per-file resource limits; see the module docstring."""

    max_grid_cells: int = 2_000_000  # positions of one table after row and column spans
    max_zip_part: int = 200 * MB  # uncompressed bytes of one ZIP part
    max_zip_total: int = 400 * MB  # uncompressed bytes of all parts of one package
    max_zip_ratio: float = 200.0  # uncompressed / compressed, for parts above 1 MB
    max_page_content: int = 16 * MB  # decoded content-stream bytes of one PDF page
    max_memory: int | None = 2 * GB  # address space of a worker process; None: no limit

    def with_(self, **changes: object) -> Limits:
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Limits()
_current = DEFAULT
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_size(text: str, name: str = "") -> int | None:
    """ "512M", "2G", "2GB", "1048576" -> bytes; "none" or "0" -> None (no limit)."""
    value = text.strip().upper().removesuffix("B")
    if value in ("NONE", "0", "NO"):
        return None
    number, unit = (value[:-1], value[-1]) if value[-1:] in _UNITS else (value, "")
    try:
        return int(float(number) * _UNITS[unit])
    except ValueError:
        raise ValueError(f"{name + ': ' if name else ''}not a size: {text!r} (e.g. 512M, 2G, none)") from None


def current() -> Limits:
    return _current


@contextmanager
def use(limits: Limits) -> Iterator[Limits]:
    """Run a block under other limits (tests, one-file commands)."""
    global _current
    previous, _current = _current, limits
    try:
        yield limits
    finally:
        _current = previous


def set_limits(limits: Limits) -> None:
    """Set the limits of this process for good (a worker, at start)."""
    global _current
    _current = limits


def apply_memory_limit(nbytes: int | None, more: bool = False) -> None:
    """Let the OS refuse this process more than `nbytes` of address space (never above the hard limit).

    With `more`, `nbytes` on top of what the process already has: a child forked from a
    process that holds large mappings (an allocator's reserve) gets the same room to work.
    """
    if nbytes is None:
        return
    if more:
        nbytes += _address_space()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        nbytes = min(nbytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (nbytes, hard))


def die_with_parent(parent: int | None = None) -> None:
    """Linux: be killed when the parent dies, so a killed run or worker leaves no process behind.

    `parent`: the pid this process was forked from; if it died before this call, exit now.
    """
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _address_space() -> int:
    """This process's address space in bytes (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def regular_blocks(path: Path | str, deadline: float | None = None) -> Iterator[bytes]:
    """The bytes of the regular file at `path`, in blocks.

    The file is opened without blocking (a FIFO swapped in after a check
    cannot stall the open) and checked on the open descriptor, so what is
    read is what was checked. Raises `SpecialFileError` for anything but a
    regular file, `TimeoutError_` once `deadline` (a `time.monotonic()`
    value) passes, `OSError` when the file cannot be read. (O_NONBLOCK
    changes nothing for a regular file's reads, so it is left on.)
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise SpecialFileError(path, f"{kind}, not a regular file: not read")
        while block := os.read(fd, _BLOCK):
            yield block
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError_(path, "reading the file took longer than the timeout")
    finally:
        os.close(fd)


def read_regular(path: Path | str, deadline: float | None = None) -> bytes:
    """All bytes of the regular file at `path`; see `regular_blocks`."""
    return b"".join(regular_blocks(path, deadline))


def read_head(path: Path | str, size: int) -> bytes:
    """The first `size` bytes of the regular file at `path`; see `regular_blocks`."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise SpecialFileError(path, f"{kind}, not a regular file: not read")
        return os.read(fd, size)
    finally:
        os.close(fd)
