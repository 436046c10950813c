"""The two kinds of problem: fatal errors for a file, and warnings about its data.

A `ReportError` stops one file (and only that file) from being converted; its
`code` is stable so manifests can be counted by cause. A `Problem` is recorded
with the output and never stops anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ReportError(Exception):
    """A file that cannot be converted. Always names the file and the cause."""

    code = "report_error"

    def __init__(self, path: Path | str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class EmptyFileError(ReportError):
    code = "empty_file"


class BinaryFileError(ReportError):
    code = "binary_file"


class UndecodableError(ReportError):
    code = "undecodable"


class UnsupportedFormatError(ReportError):
    code = "unsupported_format"


class NoTableError(ReportError):
    code = "no_table"


class NoFiscalYearError(ReportError):
    code = "no_fiscal_year"


class BlankFormError(ReportError):
    """A report form whose fields were never filled in."""

    code = "blank_form"


class NotAReportError(ReportError):
    """A readable document of a kind the pipeline does not turn into rows (a law, a budget table)."""

    code = "not_a_report"


class EncryptedPdfError(ReportError):
    code = "encrypted_pdf"


class CorruptFileError(ReportError):
    code = "corrupt_file"


class ScannedPdfError(ReportError):
    code = "scanned_pdf"


class NeedsLibreOfficeError(ReportError):
    """A .doc or .odt file, and no LibreOffice (`soffice`) to turn it into .docx."""

    code = "needs_libreoffice"


class UnusableTextLayerError(ReportError):
    """Pages whose text layer is not their text: a broken ToUnicode map, an OCR layer of another script."""

    code = "unusable_text_layer"

    def __init__(self, path: Path | str, message: str, pages: tuple[int, ...] = ()):
        self.pages = pages
        super().__init__(path, message)


class TimeoutError_(ReportError):
    code = "timeout"


@dataclass(frozen=True)
class Problem:
    """A data problem worth a reader's attention, with where it was found.

    `code` is stable (e.g. ``period_unparsed``); `where` is a human location
    such as ``line 12`` or ``page 3``.
    """

    code: str
    message: str
    where: str = ""

    def render(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.code}: {self.message}"
