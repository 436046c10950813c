"""Every problem the pipeline can report, in one catalogue: fatal errors for a file, and warnings about its data.

A `ReportError` stops one file (and only that file) from being converted; its
`code` is stable so manifests can be counted by cause. A `Problem` is recorded
with the output (the ``warnings`` table, and `documents.warnings` as text)
and never stops anything.

Each code is a `Code` below: its name, severity, a message template and what
it means. Severities: ``error`` (the file was not converted; the code is in
the manifest), ``warning`` (a value in the tables may be missing or wrong) and
``notice`` (the source was unusual, but everything it held was kept). A new
code is added here, with its meaning; the data dictionary lists them all.

>>> PERIOD_UNPARSED.problem(line=12, text="ตามความเหมาะสม").render()
"line 12: period_unparsed: period 'ตามความเหมาะสม' not understood"
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Problem as Problem  # re-exported: stages import it with the codes
from pipeline.model import TextLayer

ERROR = "error"
WARNING = "warning"
NOTICE = "notice"
SEVERITIES = (ERROR, WARNING, NOTICE)


@dataclass(frozen=True)
class Code:
    """One entry of the catalogue.

    `template` is a `str.format` template for the message (``{}`` fields name
    the values each report gives); the fatal errors of the readers have
    messages as varied as the files, so theirs is None and they say their
    cause themselves.
    """

    code: str
    severity: str
    meaning: str
    template: str | None = None

    def message(self, **values: object) -> str:
        if self.template is None:
            raise ValueError(f"{self.code} has no message template; give the message itself")
        return self.template.format(**values)

    def problem(
        self,
        *,
        page: int | None = None,
        line: int | None = None,
        place: str = "",
        severity: str | None = None,
        **values: object,
    ) -> Problem:
        """A `Problem` of this code at `page` / `line` (or a named `place`), its message from the template.

        `severity` is for the one code that is both: an error for a file, a warning for one page of it.
        """
        return Problem(self.code, self.message(**values), severity or self.severity, page=page, line=line, place=place)


CATALOGUE: dict[str, Code] = {}


def _code(code: str, severity: str, meaning: str, template: str | None = None) -> Code:
    entry = Code(code, severity, meaning, template)
    assert code not in CATALOGUE and severity in SEVERITIES, code
    CATALOGUE[code] = entry
    return entry


# --- fatal: the file was not converted (manifest `error_code`) ---------------------

REPORT_ERROR = _code("report_error", ERROR, "the file could not be read (no more specific cause known)")
EMPTY_FILE = _code("empty_file", ERROR, "the file is empty or holds only white space")
BINARY_FILE = _code(
    "binary_file", ERROR, "binary data where a text report was expected, or content not matching its extension"
)
UNDECODABLE = _code("undecodable", ERROR, "text in no encoding a Thai report uses (UTF-8, UTF-16, TIS-620/cp874)")
UNSUPPORTED_FORMAT = _code("unsupported_format", ERROR, "a format the readers do not take (.doc, .xls, zip archives …)")
NO_TABLE = _code("no_table", ERROR, "no report table: no header row with the usual columns")
NO_FISCAL_YEAR = _code("no_fiscal_year", ERROR, "no fiscal year (ปีงบประมาณ พ.ศ. ....) in the title block")
BLANK_FORM = _code("blank_form", ERROR, "a report form whose fields were never filled in")
NOT_A_REPORT = _code(
    "not_a_report", ERROR, "a readable document of a kind that is not turned into rows (a law, a budget table …)"
)
ENCRYPTED_PDF = _code("encrypted_pdf", ERROR, "a PDF that needs a password to open")
CORRUPT_FILE = _code("corrupt_file", ERROR, "a damaged or truncated PDF, DOCX or HTML file")
SCANNED_PDF = _code("scanned_pdf", ERROR, "a PDF of page images with no text layer")
UNUSABLE_TEXT_LAYER = _code(
    "unusable_text_layer",
    ERROR,
    "PDF pages whose text layer is not their text (a broken ToUnicode map, an OCR layer of another script): "
    "the file fails when no page is usable; otherwise a warning per page skipped",
    "{reason}; the page is not read",
)
NEEDS_LIBREOFFICE = _code(
    "needs_libreoffice", ERROR, "a .doc or .odt file, and no LibreOffice (soffice) to turn it into .docx"
)
UNREADABLE = _code(
    "unreadable", ERROR, "the operating system refused to read the file", "cannot read the file ({reason})"
)
CHANGED_DURING_RUN = _code(
    "changed_during_run",
    ERROR,
    "the file's bytes changed between planning and conversion",
    "the file changed while the batch ran; run again",
)
INTERNAL_ERROR = _code(
    "internal_error", ERROR, "a bug in the parser: the file is reported, the batch goes on", "{error} (at {where})"
)
TIMEOUT = _code(
    "timeout",
    ERROR,
    "the file took longer than --timeout to convert (or LibreOffice longer than its limit)",
    "no result after {seconds:g} s; {outcome}",
)
WORKER_CRASHED = _code(
    "worker_crashed",
    ERROR,
    "the process converting the file died (out of memory, a crash in a native library)",
    "the worker process died ({cause})",
)
SPECIAL_FILE = _code("special_file", ERROR, "a FIFO, device or socket: not a regular file, never opened for reading")
OUTSIDE_INPUTS = _code("outside_inputs", ERROR, "a symbolic link leading outside the inputs given (--follow-symlinks)")
TOO_LARGE = _code(
    "too_large", ERROR, "a table, ZIP part or PDF page that would expand past its limit (pipeline/limits.py)"
)
RESOURCE_LIMIT = _code("resource_limit", ERROR, "the conversion ran out of the memory a worker may use (--max-memory)")
PARSE_STOPPED = _code("parse_stopped", ERROR, "the parser stopped before the end of the file (HTML nested too deep)")

# --- warnings and notices: recorded with the file's rows (`warnings` table) ----------

STRAY_LINE = _code(
    "stray_line",
    WARNING,
    "a text line inside the table without the table's tabs; joined to the row above",
    "a line without tabs inside the table; joined to the row above",
)
DOCX_MERGED_TEXT_HIDDEN = _code(
    "docx_merged_text_hidden",
    WARNING,
    "text in a Word cell merged away (Word does not show it); not in the tables",
    "text in a merged-away cell: {text!r}",
)
DOCX_UNRESOLVED_ENTITY = _code(
    "docx_unresolved_entity",
    WARNING,
    "an XML entity in a Word run: its text is unknown (the text after it is kept)",
    "entity reference {entity} is not expanded",
)
DOCX_NUMBERING_MISSING = _code(
    "docx_numbering_missing",
    WARNING,
    "a Word list refers to a numbering definition the file lacks; its labels are not rebuilt",
    "list numId {num_id} has no definition; label not rebuilt",
)
PDF_PAGE_WITHOUT_TEXT = _code(
    "pdf_page_without_text",
    WARNING,
    "a PDF page with an image and no text layer (a scanned page); its content is not read",
    "an image and no text layer: a scanned page, whose content is not read",
)
PDF_DISPLACED_MARK = _code(
    "pdf_displaced_mark",
    WARNING,
    "Thai combining marks the PDF placed over no character; kept where they stand",
    "{count} combining mark(s) over no character; left where they stand",
)
PDF_TEXT_OUTSIDE_TABLE = _code(
    "pdf_text_outside_table",
    WARNING,
    "PDF text outside every table after the table has begun, and not a running header or footer; not in the tables",
    "text no table holds: {text!r}",
)
_GLYPH = "{char!r} at offset {offset} in {text!r}"
THAI_REPAIRED = _code(
    "thai_repaired",
    NOTICE,
    "Thai text damage a PDF (or PDF text pasted into a text file) carried, repaired; how many of each kind",
    "{kind}: {count} repaired",
)
GLYPH_REPLACEMENT_CHAR = _code(
    "glyph_replacement_char", WARNING, "a U+FFFD replacement character: the PDF's text layer lost a glyph", _GLYPH
)
GLYPH_CID_GLYPH = _code("glyph_cid_glyph", WARNING, "a (cid:N) glyph the PDF font does not map to a character", _GLYPH)
GLYPH_LOST_SARA_AM = _code(
    "glyph_lost_sara_am", WARNING, "a consonant, a space and sara aa: a sara am the PDF lost, left as found", _GLYPH
)
GLYPH_MARK_AFTER_AA = _code(
    "glyph_mark_after_aa", WARNING, "a tone or vowel mark after sara aa or sara am, where no word has one", _GLYPH
)
GLYPH_ORPHAN_MARK = _code("glyph_orphan_mark", WARNING, "a Thai mark with no consonant to sit on", _GLYPH)
GLYPH_DOUBLED_MARK = _code("glyph_doubled_mark", WARNING, "the same Thai mark twice in a row", _GLYPH)
GLYPH_MARK_AFTER_LEAD = _code(
    "glyph_mark_after_lead", WARNING, "a mark right after a leading vowel (เ แ โ ใ ไ), before its consonant", _GLYPH
)
GLYPH_LATIN1_IN_THAI = _code(
    "glyph_latin1_in_thai", WARNING, "a Latin-1 letter inside Thai text: a font's Thai glyph decoded as Latin", _GLYPH
)
GLYPH_UNKNOWN_PRIVATE_USE = _code(
    "glyph_unknown_private_use", WARNING, "a Private Use Area character no known Thai font mapping explains", _GLYPH
)
HIDDEN_SHEET = _code(
    "hidden_sheet",
    WARNING,
    "a hidden workbook sheet with text; read only when it holds the only report table",
    "hidden sheet with {filled} filled cells{read}",
)
SHEET_WITHOUT_TABLE = _code(
    "sheet_without_table",
    WARNING,
    "a workbook sheet with text but no report table, after the first table; not read",
    "no report table in this sheet; not read",
)
TEXT_AFTER_TABLE = _code(
    "text_after_table",
    WARNING,
    "lines under a sheet's table after a blank row (signatures, notes); not read as rows",
    "{count} line(s) below the table, after a blank row, not read as rows: {text!r}",
)
HIDDEN_ROWS = _code(
    "hidden_rows",
    WARNING,
    "hidden rows of a sheet that hold text; not read",
    "{count} hidden row(s) with text not read: row {shown}",
)
HIDDEN_COLUMNS = _code(
    "hidden_columns",
    WARNING,
    "hidden columns of a sheet that hold text; not read",
    "{count} hidden column(s) with text not read: column {shown}",
)
FORMULA_WITHOUT_VALUE = _code(
    "formula_without_value",
    WARNING,
    "formula cells saved without their value (the file was never calculated by Excel); they read as empty",
    "{count} formula cell(s) have no saved value (never calculated by Excel); they read as empty",
)
OTHER_TABLE = _code(
    "other_table",
    WARNING,
    "a PDF table of another width under a report table's header (an indicator table); its rows are read "
    "only under a header of their own",
    "a table of {width}: its rows are read only under a header of their own",
)
UNKNOWN_COLUMN = _code(
    "unknown_column",
    NOTICE,
    "a header not in the column vocabulary, whose cells show no role; they are kept in activities.extra",
    "header {label!r} is not a known column; kept in 'extra'",
)
EXTRA_COLUMN = _code(
    "extra_column",
    NOTICE,
    "a column the vocabulary knows but the tables have no place for; its cells are kept in activities.extra",
    "column {label!r} has no place in the tables; kept in 'extra'",
)
COLUMN_BY_CONTENT = _code(
    "column_by_content",
    NOTICE,
    "a header not in the column vocabulary whose cells show its role (periods, units …); read as that column",
    "header {label!r} is not a known column; its cells read as {role}",
)
ORPHAN_ROW = _code(
    "orphan_row",
    WARNING,
    "a continuation row before any measure; it starts measure 1",
    "a continuation row before any measure; started measure 1",
)
MEASURE_NUMBER_UNREADABLE = _code(
    "measure_number_unreadable",
    WARNING,
    "a measure number cell that is not a number; the measure is numbered after the one above",
    "number cell {text!r}; numbered {measure_no}",
)
MEASURE_NUMBER_MISSING = _code(
    "measure_number_missing",
    WARNING,
    "a new measure without a number; it is numbered after the one above",
    "number cell {text!r}; numbered {measure_no}",
)
MEASURE_NUMBER_REPEATED = _code(
    "measure_number_repeated",
    WARNING,
    "a measure number printed again for another title; measures are numbered in document order from there "
    "(measures.label keeps the printed one)",
    "number {text!r} again for another title",
)
GRID_UNMARKED = _code(
    "grid_unmarked",
    WARNING,
    "a month or quarter grid with no column marked for the row; its period is left empty",
    "no month of the period grid is marked; period left empty",
)
LIST_NUMBERING = _code(
    "list_numbering",
    WARNING,
    "list numbers in a cell skip or repeat; the items are split as printed",
    "{kind} list number {number} (expected {expected})",
)
PERIOD_UNPARSED = _code(
    "period_unparsed",
    WARNING,
    "a period cell that reads as no period; period_start and period_end are null",
    "period {text!r} not understood",
)

# --- OCR of scanned pages (pipeline.read.ocr) -----------------------------------------

OCR_UNAVAILABLE = _code(
    "ocr_unavailable",
    ERROR,
    "a PDF with scanned pages and no Tesseract Thai data to read them "
    "(apt-get install tesseract-ocr tesseract-ocr-tha)",
)
OCR_LOW_CONFIDENCE = _code(
    "ocr_low_confidence",
    WARNING,
    "words OCR read with little confidence; they stay as read: check them against the scan",
    "{count} doubtful read(s): {words}",
)
OCR_MARK_RESTORED = _code(
    "ocr_mark_restored",
    NOTICE,
    "tone marks or sara am that OCR lost, put back where the dictionary leaves no doubt",
    "{count} lost mark(s) put back by the dictionary: {changes}",
)
OCR_NUMBER_REREAD = _code(
    "ocr_number_reread",
    NOTICE,
    "a number cell OCR read as no digits, read again as Thai digits by their shape",
    "{was!r} read as {now!r} by digit shape",
)
OCR_NOISE_DROPPED = _code(
    "ocr_noise_dropped",
    NOTICE,
    "marks on a scanned page that are no printed text (signatures, stamps, photos) were not kept as text",
    "{count} read(s) that are no printed text: {lines}",
)

OCR_SPECK_DROPPED = _code(
    "ocr_speck_dropped",
    NOTICE,
    "punctuation OCR read from specks of dust, too small for any printed mark, was not kept",
    "{count} speck(s) read as punctuation left out: {marks}",
)

WARNING_CODES = tuple(c for c in CATALOGUE.values() if c.severity != ERROR)
ERROR_CODES = tuple(c for c in CATALOGUE.values() if c.severity == ERROR)


def glyph_code(issue: str) -> Code:
    """The catalogue entry for a glyph issue of `pipeline.thai.glyphs` ("replacement_char" …)."""
    return CATALOGUE[f"glyph_{issue}"]


class ReportError(Exception):
    """A file that cannot be converted. Always names the file and the cause."""

    code = REPORT_ERROR.code

    def __init__(self, path: Path | str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class EmptyFileError(ReportError):
    code = EMPTY_FILE.code


class BinaryFileError(ReportError):
    code = BINARY_FILE.code


class UndecodableError(ReportError):
    code = UNDECODABLE.code


class UnsupportedFormatError(ReportError):
    code = UNSUPPORTED_FORMAT.code


class NoTableError(ReportError):
    code = NO_TABLE.code

    def __init__(self, path: Path | str, message: str, text_layer: TextLayer | None = None):
        super().__init__(path, message)
        self.text_layer = text_layer  # the file's text its reader had at hand: what the file is is told from it


class NoFiscalYearError(ReportError):
    code = NO_FISCAL_YEAR.code


class BlankFormError(ReportError):
    """A report form whose fields were never filled in."""

    code = BLANK_FORM.code


class NotAReportError(ReportError):
    """A readable document of a kind the pipeline does not turn into rows (a law, a budget table)."""

    code = NOT_A_REPORT.code


class EncryptedPdfError(ReportError):
    code = ENCRYPTED_PDF.code


class CorruptFileError(ReportError):
    code = CORRUPT_FILE.code


class ScannedPdfError(ReportError):
    code = SCANNED_PDF.code


class NeedsLibreOfficeError(ReportError):
    """A .doc or .odt file, and no LibreOffice (`soffice`) to turn it into .docx."""

    code = NEEDS_LIBREOFFICE.code


class UnusableTextLayerError(ReportError):
    """Pages whose text layer is not their text: a broken ToUnicode map, an OCR layer of another script."""

    code = UNUSABLE_TEXT_LAYER.code

    def __init__(self, path: Path | str, message: str, pages: tuple[int, ...] = ()):
        self.pages = pages
        super().__init__(path, message)


class OcrUnavailableError(ReportError):
    code = OCR_UNAVAILABLE.code


class TimeoutError_(ReportError):
    code = TIMEOUT.code
