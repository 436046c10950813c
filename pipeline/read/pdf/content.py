"""Bound what one PDF page's drawing instructions may cost before PDFium parses them.

PDFium turns every operator of a page's content streams into an object, so a
few hundred kilobytes of compressed operators can take gigabytes and minutes.
`check_content` sizes each page's content streams from the file's structure
(pdfminer's parser, which reads the page tree without interpreting pages) and
fails the file as `too_large` when a page's decoded content would pass
`Limits.max_page_content`. Streams too small to inflate past the limit even at
deflate's best ratio are not decompressed, so ordinary files cost only the
structure parse. A structure this parser cannot follow is left to PDFium,
which reports it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from pipeline.limits import TooLargeError, current

MAX_DEFLATE_RATIO = 1032  # deflate's best: 258 bytes per 2-bit code, in practice about 1032:1
_FLATE = ("FlateDecode", "Fl")


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
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    try:
        with open(path, "rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                streams = [s for s in map(resolve1, page.contents) if isinstance(s, PDFStream)]
                raw = [s.rawdata or b"" for s in streams]
                if sum(map(len, raw)) * MAX_DEFLATE_RATIO <= limit:
                    continue  # cannot inflate past the limit: not decompressed
                total = 0
                for stream, data in zip(streams, raw):
                    total += _decoded_size(stream, data, limit + 1 - total)
                    if total > limit:
                        break
                yield number, total
    except Exception:  # noqa: BLE001 - pdfminer's many parse errors: PDFium reads the file and reports them
        return


def _decoded_size(stream: object, data: bytes, budget: int) -> int:
    """Decoded bytes of a Flate stream, up to `budget`; the raw size for other filters."""
    names = [getattr(name, "name", name) for name, _ in stream.get_filters()]  # type: ignore[attr-defined]
    if not names or names[0] not in _FLATE:
        return len(data)
    try:
        return len(zlib.decompressobj().decompress(data, max(1, budget)))
    except zlib.error:
        return len(data)
