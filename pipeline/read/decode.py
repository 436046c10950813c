"""Bytes of a text or HTML report to str, with line ends folded to LF.

Thai archives hold UTF-8 (with or without a BOM), UTF-16 with a BOM from
Windows tools, and TIS-620 / Windows-874 from older systems. A BOM decides;
otherwise strict UTF-8, then cp874 (a superset of TIS-620) only when the
result reads as Thai. Anything else is an error naming the file.

>>> decode_bytes("ก\\r\\nข".encode("cp874"), "a.txt")
'ก\\nข'
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import BinaryFileError, EmptyFileError, UndecodableError
from pipeline.thai.chars import THAI_RANGE

# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Text never holds NUL or most C0 controls; a sample with more than this
# share of them is a binary file with a text extension.
MAX_CONTROL_SHARE = 0.01
_SAMPLE = 65536
_CONTROL_BYTES = bytes(b for b in range(32) if chr(b) not in "\t\n\r\f\v\x1a\x1b")
# Of the non-ASCII characters a cp874 decoding gives, at least this share must
# be Thai letters, marks or digits for the guess to stand.
MIN_THAI_SHARE = 0.9
_ASCII = re.compile("[\x00-\x7f]+")
_THAI = re.compile(f"[{THAI_RANGE}]+")
_NEWLINES = re.compile(r"\r\n?")


def decode_bytes(data: bytes, path: str) -> str:
    """Decode one report file's bytes; raise a `ReportError` naming `path`."""
    if not data:
        raise EmptyFileError(path, "empty file")
    text = _decode(data, path)
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise EmptyFileError(path, "file holds only white space")
    return text


def _decode(data: bytes, path: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise UndecodableError(path, f"invalid {encoding} after its BOM: {error.reason}") from error
    _reject_binary(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Its words, not the error: an error kept past its handler holds its traceback, whose
        # frames hold this call's callers and all they read (the file, its rows) until the
        # cycle collector runs.
        not_utf8 = f"byte {error.start}: {error.reason}"
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    if text and looks_thai(text):
        return text
    raise UndecodableError(path, f"neither UTF-8 ({not_utf8}) nor Thai cp874/TIS-620")


def _reject_binary(data: bytes, path: str) -> None:
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise BinaryFileError(path, f"binary data: {controls} NUL/control bytes in the first {len(sample)}")


def looks_thai(text: str) -> bool:
    """True when the non-ASCII characters of `text` are (nearly all) Thai."""
    rest = _ASCII.sub("", text)  # counted by regex: a loop over characters is slow
    non_ascii = len(rest)
    thai = non_ascii - len(_THAI.sub("", rest))
    return thai > 0 and thai >= MIN_THAI_SHARE * non_ascii
