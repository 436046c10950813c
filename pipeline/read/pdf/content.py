"""Bound what one PDF page's drawing instructions may cost before PDFium parses them.

PDFium turns every operator of a page's content streams into an object, so a
few hundred kilobytes of compressed operators can take gigabytes and minutes.
`check_content` sizes each page's content streams from the file's structure
and fails the file as `too_large` when a page's decoded content would pass
`Limits.max_page_content`. Streams too small to inflate past the limit even at
deflate's best ratio are not decompressed, so ordinary files cost only the
structure parse. A structure the parser cannot follow is left to PDFium,
which reports it.

The structure is read with pikepdf (qpdf, in C++): it walks the page tree of
the 271-page bench in about 8 ms, where pdfminer's Python parser took
100-200 ms, and it decrypts the streams of a file that opens without a
password, whose encrypted bytes would not inflate (docs/speed.md).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pikepdf

from pipeline.limits import TooLargeError, current

MAX_DEFLATE_RATIO = 1032  # deflate's best: 258 bytes per 2-bit code, in practice about 1032:1
_FLATE = ("/FlateDecode", "/Fl")


def check_content(path: Path) -> None:
    """Raise `TooLargeError` when a page's decoded content streams pass the limit."""
    limit = current().max_page_content
    for number, size in _page_sizes(path, limit):
        if size > limit:
            raise TooLargeError(
                path, f"page {number}'s drawing instructions decode to more than {limit:,} bytes; not read"
            )


def _page_sizes(path: Path, limit: int) -> Iterator[tuple[int, int]]:
    """(page number, decoded content bytes, or a lower bound once past `limit`) per page."""
    try:
        with pikepdf.open(path) as document:
            for number, page in enumerate(document.pages, start=1):
                streams = _streams(page.obj.get("/Contents"))
                raw = [stream.read_raw_bytes() for stream in streams]
                if sum(map(len, raw)) * MAX_DEFLATE_RATIO <= limit:
                    continue  # cannot inflate past the limit: not decompressed
                total = 0
                for stream, data in zip(streams, raw):
                    total += _decoded_size(stream, data, limit + 1 - total)
                    if total > limit:
                        break
                yield number, total
    except Exception:  # noqa: BLE001 - qpdf's parse errors, a password: PDFium reads the file and reports them
        return


def _streams(contents: object) -> list[pikepdf.Stream]:
    """A page's content streams: one stream, or an array of them (one listed twice counts twice)."""
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [item for item in contents if isinstance(item, pikepdf.Stream)]
    return []


def _decoded_size(stream: pikepdf.Stream, data: bytes, budget: int) -> int:
    """Decoded bytes of a Flate stream, up to `budget`; the raw size for other filters."""
    if _first_filter(stream) not in _FLATE:
        return len(data)
    try:
        return len(zlib.decompressobj().decompress(data, max(1, budget)))
    except zlib.error:
        return len(data)


def _first_filter(stream: pikepdf.Stream) -> str | None:
    found = stream.get("/Filter")
    if isinstance(found, pikepdf.Array):
        found = found[0] if len(found) else None
    return None if found is None else str(found)
