"""Bounds on what a ZIP package (DOCX, and any other ZIP-based format) may inflate to.

A few hundred kilobytes of ZIP can inflate to gigabytes. Readers call
`check_zip` (or `check_zip_data`) before any part is read: every part's uncompressed size, the
package's total and the compression ratio of large parts must stay within
`Limits` (`pipeline.limits`), or the file fails as `too_large`. The sizes are
the ones the archive declares; Python's zipfile never returns more bytes than
declared (a part that inflates past them fails its CRC check), so the bound holds
for what is actually read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pipeline.limits import MB, TooLargeError, current
from pipeline.read.containers import ZIP_ERRORS

RATIO_FROM = 1 * MB  # smaller parts may compress as well as they like


def check_zip(path: Path | str, package: zipfile.ZipFile | None = None) -> None:
    """Raise `TooLargeError` when a part of the ZIP at `path` would inflate past the limits."""
    if package is None:
        with zipfile.ZipFile(path) as opened:
            check_zip(path, opened)
        return
    limits = current()
    total = 0
    for info in package.infolist():
        size = info.file_size
        total += size
        if size > limits.max_zip_part:
            _refuse(path, f"part {info.filename} inflates to {size:,} bytes (limit {limits.max_zip_part:,})")
        ratio = size / max(1, info.compress_size)
        if size > RATIO_FROM and ratio > limits.max_zip_ratio:
            _refuse(path, f"part {info.filename} inflates {ratio:,.0f} times (limit {limits.max_zip_ratio:g})")
    if total > limits.max_zip_total:
        _refuse(path, f"its parts inflate to {total:,} bytes in all (limit {limits.max_zip_total:,})")


def check_zip_data(path: Path | str, data: bytes) -> None:
    """`check_zip` for a package in memory; a damaged one is left to its reader to report."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        return
    with package:
        check_zip(path, package)


def _refuse(path: Path | str, message: str) -> None:
    raise TooLargeError(path, f"ZIP package {message}; not read")
