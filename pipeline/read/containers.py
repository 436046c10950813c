"""Which office document a ZIP package or an OLE2 compound file holds.

Office formats come in two containers. A ZIP package is a Word or Excel file
(OOXML: its `[Content_Types].xml` names the main part, and the part names
start `word/` or `xl/`) or an OpenDocument file (its first member, `mimetype`,
stored uncompressed, names the kind). An OLE2 compound file (the header
D0 CF 11 E0 A1 B1 1A E1) is a Word 97-2003 document when it holds a
`WordDocument` stream, an Excel 97-2003 workbook when it holds `Workbook` (or
`Book`, Excel 5), and a password-protected OOXML file when it holds
`EncryptedPackage`. Stream names are UTF-16 entries of the file's directory.

Only the bytes given are looked at: the first few KiB of a file (when
folders are searched) or the whole file (when it is read). When they do not
settle it, the extension decides.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from pipeline.errors import UnsupportedFormatError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# What reading a damaged ZIP package raises: a torn directory, a bad member, an
# unknown compression or version (NotImplementedError), an encrypted member
# (RuntimeError), a broken deflate stream (zlib.error), a seek before the start.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
)

# OpenDocument mimetypes (the template variants included) -> format.
_ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_ODF_MIMETYPE = re.compile(rb"mimetype(application/vnd\.oasis\.opendocument\.[a-z]+)")
# The main part's content type in [Content_Types].xml, and the part that betrays it
# when only the first bytes are at hand. None: an OOXML kind no reader takes.
_MAIN_TYPE = re.compile(rb'ContentType="application/vnd\.(?:openxmlformats-officedocument\.)?([\w.-]+?)\.main\+xml"')
_OOXML_KINDS = (
    ((b"wordprocessingml.document", b"wordprocessingml.template", b"ms-word.document.macroEnabled"), "word/", "docx"),
    ((b"spreadsheetml.sheet", b"spreadsheetml.template", b"ms-excel.sheet.macroEnabled"), "xl/", "xlsx"),
    ((b"ms-excel.sheet.binary.macroEnabled",), "xl/workbook.bin", "xlsb"),
    ((b"presentationml.presentation", b"presentationml.slideshow"), "ppt/", "pptx"),
)
_UNREAD_OOXML = {
    "xlsb": "an Excel binary workbook (.xlsb); save it as .xlsx",
    "pptx": "a PowerPoint presentation; save the report as .docx, .xlsx or PDF",
}
_OLE_STREAMS = (
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("EncryptedPackage", "encrypted"),
    ("PowerPoint Document", None),
)
_BY_EXTENSION = {
    ".docx": "docx",
    ".docm": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".ods": "ods",
    ".odt": "odt",
    ".doc": "doc",
    ".xls": "xls",
}


def zip_kind(data: bytes, path: Path) -> str:
    """ "docx", "xlsx", "odt" or "ods" for a ZIP package; raises for any other archive."""
    match = _ODF_MIMETYPE.search(data[:200])
    if match:
        kind = _ODF_KINDS.get(match.group(1))
        if kind is None:
            raise UnsupportedFormatError(
                path, f"an OpenDocument file of a kind no reader takes ({match.group(1).decode()})"
            )
        return kind
    names = _member_names(data)
    main = _MAIN_TYPE.findall(_content_types(data))
    kind = next((k for types, _, k in _OOXML_KINDS if any(t in types for t in main)), None)
    if kind is None:  # no readable manifest: the part names tell (xlsb before xlsx)
        kind = next((k for _, part, k in reversed(_OOXML_KINDS) if any(n.startswith(part) for n in names)), None)
    if kind in _UNREAD_OOXML:
        raise UnsupportedFormatError(path, _UNREAD_OOXML[kind])
    if kind is not None:
        return kind
    kind = _BY_EXTENSION.get(path.suffix.lower())
    if kind is not None:
        return kind  # nothing tells otherwise: the reader checks the package
    raise UnsupportedFormatError(path, "a ZIP archive that is not a Word, Excel or OpenDocument file")


def ole_kind(data: bytes, path: Path) -> str:
    """ "doc" or "xls" for an OLE2 compound file; raises for other or encrypted ones."""
    for stream, kind in _OLE_STREAMS:
        # a directory entry: the name in UTF-16LE, then its terminating NUL
        if (stream.encode("utf-16-le") + b"\x00\x00") not in data:
            continue
        if kind == "encrypted":
            raise UnsupportedFormatError(path, "a password-protected Office document; remove the password first")
        if kind is None:
            raise UnsupportedFormatError(path, "a PowerPoint presentation; save the report as .docx, .xlsx or PDF")
        return kind
    kind = _BY_EXTENSION.get(path.suffix.lower())
    if kind in ("doc", "xls"):
        return kind
    raise UnsupportedFormatError(path, "an OLE2 compound file that is neither a Word nor an Excel document")


def _member_names(data: bytes) -> list[str]:
    """Names of the ZIP's members: from its directory when whole, else from the local headers seen."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except ZIP_ERRORS:
        pass
    names = []
    start = data.find(ZIP_MAGIC)
    while start != -1 and start + 30 <= len(data):
        length = int.from_bytes(data[start + 26 : start + 28], "little")
        names.append(data[start + 30 : start + 30 + length].decode("utf-8", errors="replace"))
        start = data.find(ZIP_MAGIC, start + 30 + length)
    return names


def _content_types(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            with archive.open("[Content_Types].xml") as part:  # never more than this is inflated
                return part.read(65536)
    except ZIP_ERRORS:
        return b""
