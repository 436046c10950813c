"""OCR of scanned pages: one page at a time, cut from the corpus scans, so the suite stays fast."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from cli import main
from pipeline.errors import OcrUnavailableError, ScannedPdfError
from pipeline.read.ocr import engine as ocr_engine
from pipeline.read.ocr.boxes import find_boxes, with_boxes
from pipeline.read.ocr.digits import THAI_DIGITS, classify, is_date_line, read_number, reread_digits
from pipeline.read.ocr.image import light_on_dark, prepare, rotate
from pipeline.read.ocr.marks import restore_marks
from pipeline.read.ocr.months import month_named, repair_abbreviations
from pipeline.read.ocr.page import ocr_page
from pipeline.read.ocr.recognize import OcrLine, Word, _join_marks, is_noise, read_lines, text_bands
from pipeline.read.ocr.repair import repair_labels
from pipeline.read.ocr.rules import find_rules
from pipeline.read.ocr.text import page_text
from pipeline.read.pdf.grid import find_tables
from pipeline.read.pdf.reader import read_pdf

SCANNED = Path("../shared/corpus/scanned")
HOSPITAL = SCANNED / "hospital-khoksawang-2566-scanned.pdf"
MUNICIPAL = SCANNED / "000_9c5d8f0573ae8997-scanned.pdf"
FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
OCR_FIXTURES = Path("tests/fixtures/ocr")


def one_page(source: Path, index: int, out: Path) -> Path:
    """Page `index` of `source` as its own PDF."""
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(source)), [index])
    pdf.save(str(out))
    return out


def glyph_ink(text: str, size: tuple[int, int], font_size: int) -> np.ndarray:
    """`text` drawn as ink (255) on nothing (0), the way the digit readers take a word's image."""
    image = Image.new("L", size, 0)
    ImageDraw.Draw(image).text((10, 5), text, font=ImageFont.truetype(str(FONT), font_size), fill=255)
    return np.asarray(image)


@pytest.fixture(scope="module")
def hospital_page(tmp_path_factory: pytest.TempPathFactory):
    path = one_page(HOSPITAL, 0, tmp_path_factory.mktemp("ocr") / "hospital-p1.pdf")
    return read_pdf(path)


def test_scanned_page_reads_title_and_table(hospital_page) -> None:
    doc = hospital_page
    assert doc.ocr_pages == (1,)
    assert "ประจำปีงบประมาณ พ.ศ. 2566" in doc.preamble
    assert "สังกัดสำนักงานสาธารณสุขจังหวัดสกลนคร" in doc.preamble
    header, first = doc.rows[0].cells, doc.rows[1].cells
    assert len(header) == len(first) == 7
    assert header[1:4] == ("มาตรการ/กิจกรรม", "วิธีการดำเนินการ", "ระยะเวลาดำเนินการ")
    assert first[4] == "- กลุ่มงานประกันสุขภาพยุทธศาสตร์และสารสนเทศทางการแพทย์"


def test_sara_am_is_one_character(hospital_page) -> None:
    text = "".join(c or "" for row in hospital_page.rows for c in row.cells) + "".join(hospital_page.preamble)
    assert "ำ" in text and "\u0e4d\u0e32" not in text


def test_a_page_without_tables_brings_the_text_a_text_extractor_reads() -> None:
    # The memo page of the real scanned project report: OCR reads it whole, once for both.
    path = "../shared/corpus/realworld/vc-kantharalak-o11-project-report-scanned.pdf"
    page = pdfium.PdfDocument(path)[2]
    content = ocr_page(page, 3, path).content
    assert content.tables == ()
    assert content.text == (page_text(page, path), Counter())


def test_thai_digits_read_by_shape(tmp_path: Path) -> None:
    # Tesseract's Thai model reads this title's year ๒๕๖๘ as ๒๕๒๕.
    doc = read_pdf(one_page(MUNICIPAL, 0, tmp_path / "municipal-p1.pdf"))
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in doc.preamble


def test_a_six_read_as_one_is_read_again_by_shape() -> None:
    # "๖๘" in a period cell comes back as "๑๘"; the shapes say otherwise.
    assert reread_digits("๑๘", glyph_ink("๖๘", (120, 60), 40), dated=True)[0] == "๖๘"
    assert reread_digits("๑๘", glyph_ink("๑๘", (120, 60), 40), dated=True)[0] == "๑๘"


def test_a_number_read_in_two_scripts_in_a_line_is_read_by_its_shapes() -> None:
    # A clean scan's ๖๘ came back as ๖6๕6: the digits of one number in two scripts.
    assert reread_digits("๖6๕6", glyph_ink("๖๘", (120, 60), 40), dated=True)[0] == "๖๘"


def test_a_period_cell_of_a_clean_scan_is_read_whole() -> None:
    """A clean 200 dpi scan's period cell: Tesseract read ต.ค. as "A.A." (the line then too unsure to
    keep), ๖๘ as "๖6๕6" and ก.ย. as "กุย."; the Thai model, the digits' shapes and the month
    abbreviations put it back."""
    cell = np.asarray(Image.open(OCR_FIXTURES / "period-cell-clean-scan.png").convert("L")).copy()
    read = read_lines(ocr_engine.engine("scan.pdf"), cell, (0, 0, cell.shape[1], cell.shape[0]))
    assert [repair_abbreviations(ln.text) for ln in read] == ["๑ ต.ค. ๖๗", "ถึง  ๓๐", "ก.ย. ๖๘"]


def test_a_month_read_as_latin_letters_is_read_again_on_a_line_without_dates() -> None:
    """ต.ค. 65 - / ก.ย. 66: the first line has no date word to go by once ต.ค. is read as "A.A."."""
    cell = np.asarray(Image.open(OCR_FIXTURES / "period-cell-month-on-next-line.png").convert("L")).copy()
    read = read_lines(ocr_engine.engine("scan.pdf"), cell, (0, 0, cell.shape[1], cell.shape[0]))
    assert [repair_abbreviations(ln.text) for ln in read] == ["ต.ค. 65 -", "ก.ย. 66"]


def test_a_month_read_as_latin_with_two_points_is_its_month_though_the_thai_read_keeps_one() -> None:
    """ก.ย. ๖๘ came back as "N.Y. De" and was dropped as unsure: the Thai model reads "กย.", whose
    letters name one month, and the line's numbers are then dates."""
    cell = np.asarray(Image.open(OCR_FIXTURES / "period-cell-month-points-lost.png").convert("L")).copy()
    read = read_lines(ocr_engine.engine("scan.pdf"), cell, (0, 0, cell.shape[1], cell.shape[0]))
    assert [ln.text for ln in read] == ["๑ ต.ค. ๖๗", "ถึง  ๓๐", "ก.ย. ๖๘"]
    assert (month_named("กย."), month_named("มค.")) == ("ก.ย.", None)  # ม.ค. or มี.ค.: two months


def test_a_tone_mark_the_image_shows_over_a_vowel_is_put_back() -> None:
    """ความเสี่ยง read as ความเสียง: both are Thai, so only the ink says a mark sits over the ี."""
    line = np.asarray(Image.open(OCR_FIXTURES / "stacked-mark-line.png").convert("L")).copy()
    (read,) = read_lines(ocr_engine.engine("scan.pdf"), line, (0, 0, line.shape[1], line.shape[0]))
    assert "ความเสียง" in read.text and read.unread_marks == frozenset({"สีย"})
    assert restore_marks("- ความเสียงการทุจริตใน", unread_marks=read.unread_marks)[0] == "- ความเสี่ยงการทุจริตใน"
    assert restore_marks("- ความเสียงการทุจริตใน")[0] == "- ความเสียงการทุจริตใน"  # no ink, no mark
    # Ink over a vowel where the language will not have a mark (มี่การ) leaves the read alone.
    assert restore_marks("มีการตรวจสอบ", unread_marks=frozenset({"มีก"}))[0] == "มีการตรวจสอบ"


def test_a_number_read_in_two_scripts_is_one_glyph_read_as_two() -> None:
    # A measure's "๖." comes back "๑7.": a number is written in one script, the shape says ๖.
    assert read_number("๑7.", glyph_ink("๖.", (120, 70), 48)) == "๖."
    assert read_number("17.", glyph_ink("17.", (120, 70), 48)) is None  # Arabic digits alone stay as read


def test_a_number_read_with_digits_missing_is_read_by_its_shapes() -> None:
    # A bold year "๒๕๖๗" comes back as "๒๕๒" (three words): four clear digit shapes overrule three digits read.
    ink = glyph_ink("๒๕๖๗", (200, 60), 40)
    assert reread_digits("๒๕๒", ink, recount=True)[0] == "๒๕๖๗"
    assert reread_digits("๒๕๖๗๗", ink, recount=True)[0] == "๒๕๖๗๗"  # fewer shapes than digits read: no evidence
    assert reread_digits("๒๕๒", ink)[0] == "๒๕๒"  # one word's box may cover its neighbour's digits too


@pytest.mark.parametrize("digit", range(10))
def test_digit_templates_tell_drawn_digits_apart(digit: int) -> None:
    font = ImageFont.truetype(str(FONT), 40)
    image = Image.new("L", (60, 60), 0)
    ImageDraw.Draw(image).text((10, 5), THAI_DIGITS[digit], font=font, fill=255)
    ink = np.asarray(image.filter(ImageFilter.GaussianBlur(1.0))) > 100
    found = classify(ink.astype(np.uint8) * 255)
    assert found is not None and found[0] == digit


def test_skew_and_rules_found_on_a_turned_page() -> None:
    page = np.full((800, 1000), 255, np.uint8)
    for y in (100, 300, 500, 700):
        page[y : y + 3, 100:900] = 0
    for x in (100, 500, 900):
        page[100:703, x : x + 3] = 0
    turned = rotate(page, -1.2, 255)
    image = prepare(turned, 100.0)
    assert abs(image.skew - 1.2) <= 0.1
    horizontal, vertical, _ = find_rules(image)
    tables = find_tables(horizontal, vertical)
    assert len(tables) == 1 and (tables[0].n_rows, tables[0].n_cols) == (3, 2)


def test_ocr_off_keeps_scanned_pdf_error(tmp_path: Path) -> None:
    path = one_page(HOSPITAL, 0, tmp_path / "p1.pdf")
    with pytest.raises(ScannedPdfError, match="p1.pdf: scanned PDF: no text layer"):
        read_pdf(path, ocr="off")


def test_without_tesseract_data_scans_fail_with_install_line(tmp_path: Path, monkeypatch) -> None:
    path = one_page(HOSPITAL, 0, tmp_path / "p1.pdf")
    monkeypatch.setattr(ocr_engine, "_engine", None)
    monkeypatch.setattr(ocr_engine, "tessdata_dir", lambda: None)
    with pytest.raises(OcrUnavailableError, match="apt-get install tesseract-ocr tesseract-ocr-tha") as raised:
        read_pdf(path)
    assert raised.value.code == "ocr_unavailable" and raised.value.path == str(path)


def drawn_lines(size: tuple[int, int], lines: dict[int, str], font_size: int = 40) -> np.ndarray:
    """A white greyscale image with each text drawn in Laksaman (40 px) at its top y."""
    font = ImageFont.truetype(str(FONT), font_size)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for top, text in lines.items():
        draw.text((10, top), text, font=font, fill=0)
    return np.asarray(image).copy()


def test_text_bands_one_per_line_marks_kept_with_their_line() -> None:
    bands = text_bands(drawn_lines((400, 200), {10: "ผู้รับผิดชอบ", 70: "กิ่งก้าน", 130: "ข้อมูล"}))
    assert len(bands) == 3
    assert bands[0][0] == 0 and bands[-1][1] == 200


def test_a_short_line_among_long_ones_is_a_line_and_specks_are_not() -> None:
    # A one-word line has too little ink per row to pass against full lines; with widely spaced
    # lines and speckle between them it must still be a band of its own, and the specks none.
    pixels = drawn_lines((600, 400), {10: "บุคลากรภายในให้รับทราบข้อมูล", 110: "ทราบ", 210: "ขั้นตอนและระยะเวลาให้ชัดเจน"})
    rng = np.random.default_rng(7)
    for y, x in zip(rng.integers(290, 400, 60), rng.integers(0, 597, 60)):
        pixels[y : y + 3, x : x + 3] = 0
    bands = text_bands(pixels)
    assert len(bands) == 3
    assert bands[1][0] < 120 and bands[1][1] > 150  # the short line's band holds its letters


def test_light_print_on_a_dark_panel_is_turned_over_and_a_photo_is_not() -> None:
    page = np.full((1200, 1200), 250, np.uint8)
    font = ImageFont.truetype(str(FONT), 60)
    banner = Image.new("L", (900, 400), 40)
    ImageDraw.Draw(banner).text((40, 150), "โครงการอบรมสร้างช่างชุมชน", font=font, fill=235)
    page[100:500, 150:1050] = np.asarray(banner)
    photo = np.random.default_rng(3).integers(0, 256, (400, 900), dtype=np.uint8)  # every tone
    page[700:1100, 150:1050] = photo
    out = light_on_dark(page, 300)
    assert out[120, 170] > 200 and out[260, 500] != page[260, 500]  # the panel is paper now
    assert (out[700:1100, 150:1050] == photo).all()  # the photograph is left alone
    assert (out[:90] == 250).all() and (out[510:690] == 250).all()  # and so is the paper around


def test_tick_boxes_are_found_by_shape_and_read_as_ticked_or_not() -> None:
    pixels = drawn_lines((900, 200), {20: "ไม่ใช้งบประมาณ  o ๐ ๖ บ ป", 110: "ใช้งบประมาณ"})
    pixels = pixels.copy()
    pixels[40:76, 560:563] = pixels[40:76, 593:596] = 0  # an empty box, 36 px
    pixels[40:43, 560:596] = pixels[73:76, 560:596] = 0
    pixels[130:166, 560:563] = pixels[130:166, 593:596] = 0  # a box with a tick leaving it
    pixels[130:133, 560:596] = pixels[163:166, 560:596] = 0
    for step in range(45):
        pixels[160 - step, 566 + step : 569 + step] = 0
    ink = np.where(pixels < 128, 255, 0).astype(np.uint8)
    boxes, mask = find_boxes(ink, 300)
    assert [(b.x0, b.top, b.ticked) for b in sorted(boxes, key=lambda b: b.top)] == [(560, 40, False), (560, 130, True)]
    assert mask[41, 561] and mask[150, 580]  # box and tick are painted out
    line = OcrLine("๗. งบประมาณ ไม่ใช้", 10, 30, 700, 80, (Word("๗.", 90, 0, 10), Word("ไม่ใช้", 90, 12, 600)))
    assert with_boxes([line], boxes)[0].text == "๗. งบประมาณ ☐ ไม่ใช้"
    assert [ln.text for ln in with_boxes([], boxes)] == ["☐", "☑"]  # a box on no line is a line


def test_a_rule_broken_by_a_spanning_row_stays_broken_one_broken_by_toner_is_joined() -> None:
    from pipeline.read.ocr.rules import _merge
    from pipeline.read.pdf.rules import Rule

    pieces = [Rule(False, 100.0, 0.0, 50.0), Rule(False, 100.0, 68.0, 120.0)]
    row = [Rule(True, 50.0, 0.0, 300.0), Rule(True, 68.0, 0.0, 300.0)]  # a section row's top and bottom
    assert len(_merge(pieces, row)) == 2
    assert _merge(pieces, []) == [Rule(False, 100.0, 0.0, 120.0)]
    assert len(_merge(pieces, row[:1])) == 1  # a crossing rule at one end only: a faded stretch


def test_a_border_faded_in_long_stretches_is_joined_where_column_rules_end_on_it() -> None:
    from pipeline.read.ocr.rules import _merge
    from pipeline.read.pdf.rules import Rule

    bottom = [Rule(True, 554.0, 34.0, 70.0), Rule(True, 554.0, 120.0, 571.0), Rule(True, 554.0, 624.0, 809.0)]
    columns = [Rule(False, x, 40.0, 555.0) for x in (34.0, 104.0, 204.0, 607.0, 808.0)]
    assert _merge(bottom, met_by=columns) == [Rule(True, 554.0, 34.0, 809.0)]
    assert len(_merge(bottom)) == 3  # 50-point gaps: too long for faded toner on their own
    crossing = [Rule(False, x, 40.0, 800.0) for x in (104.0, 607.0)]  # rules that go on: no corner there
    assert len(_merge(bottom, met_by=crossing)) == 3


def test_a_row_rule_too_faint_for_the_ink_mask_is_joined_where_the_grey_page_still_shows_it() -> None:
    """A poor copy's row rule, faded over a cell and a half: left broken, the next page's empty
    period cell took the period of the row below it."""
    strip = np.asarray(Image.open(OCR_FIXTURES / "faded-row-rule.png").convert("L")).copy()
    horizontal, _, _ = find_rules(prepare(strip, 300.0))
    assert [(r.start, round(r.end)) for r in horizontal] == [(0.0, 264)]
    strip[40:60, 400:760] = 245  # the faint stretch gone: paper, as under a cell spanning two rows
    horizontal, _, _ = find_rules(prepare(strip, 300.0))
    assert len(horizontal) == 2


@pytest.mark.parametrize(("drawn", "read", "kept"), [("คัด", "AIA", "คัด"), ("ITA", "ITA", "ITA")])
def test_an_english_looking_word_in_a_thai_line_is_read_again_by_the_thai_model(drawn, read, kept) -> None:
    from pipeline.read.ocr.engine import engine
    from pipeline.read.ocr.words import _read_as_thai

    engine("test")  # the Thai engine comes after the main one has checked Tesseract is there
    crop = drawn_lines((200, 80), {10: drawn})
    ys, xs = np.nonzero(crop < 128)  # the word's box, as Tesseract gives it
    box = (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))
    assert _read_as_thai(crop, read, box, 75.0, 0)[0] == kept


def test_two_rows_of_stacked_marks_join_the_line_below() -> None:
    assert _join_marks([(13, 29), (35, 51), (55, 99), (171, 214)]) == [(13, 99), (171, 214)]


def test_a_short_line_below_faint_print_is_read_on_its_own() -> None:
    """The line above has no dark ink to join to (grey print): the short line keeps its own read."""
    image = Image.new("L", (330, 200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 58)
    draw.text((10, 14), "กองสาธารณสุ", font=font, fill=150)
    draw.text((10, 104), "ข", font=font, fill=0)
    lines = read_lines(ocr_engine.engine("cell.pdf"), np.asarray(image).copy(), (0, 0, 330, 200))
    assert len(lines) == 2 and lines[0].text == "กองสาธารณสุ"


def test_a_letter_left_alone_on_a_cell_line_is_read_after_the_line_above() -> None:
    """The print broke กองสาธารณสุข at the cell's edge: on its own, Tesseract reads the ข as 6."""
    cell = drawn_lines((330, 200), {14: "กองสาธารณสุ", 104: "ข"}, font_size=58)
    lines = read_lines(ocr_engine.engine("cell.pdf"), cell, (0, 0, 330, 200))
    assert [ln.text for ln in lines] == ["กองสาธารณสุ", "ข"]
    tail = lines[1]
    assert tail.x0 < 30 < tail.x1 < 60 and lines[0].bottom < tail.top < tail.bottom < 190  # its ink, not its band
    assert [(w.text, w.at) for w in tail.words] == [("ข", 0)] and tail.words[0].x0 < 30


REAL_SCAN = Path("../shared/corpus/realworld/vc-kantharalak-o11-project-report-scanned.pdf")


def test_text_command_reads_a_real_scan_page(tmp_path: Path) -> None:
    page = one_page(REAL_SCAN, 1, tmp_path / "report-p2.pdf")
    result = CliRunner().invoke(main, ["text", str(page)])
    assert result.exit_code == 0, result.output
    assert "รายงานผลการดำเนินโครงการ" in result.output
    assert "ยุทธศาสตร์" in result.output and "\u0e4d\u0e32" not in result.output
    off = CliRunner().invoke(main, ["text", "--ocr", "off", str(page)])
    assert off.exit_code == 1 and "scanned_pdf" in off.output and "--ocr auto" in off.output


def test_text_command_reads_the_light_print_of_a_real_banner(tmp_path: Path) -> None:
    page = one_page(REAL_SCAN, 3, tmp_path / "report-p4.pdf")
    result = CliRunner().invoke(main, ["text", str(page)])
    assert result.exit_code == 0, result.output
    assert "ประจำปีงบประมาณ พ.ศ.2567" in result.output and "วิทยาลัยเทคนิค" in result.output


def test_convert_ocr_off_records_scanned_pdf(tmp_path: Path) -> None:
    page = one_page(HOSPITAL, 0, tmp_path / "in" / "p1.pdf") if (tmp_path / "in").mkdir() is None else None
    assert page is not None
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--ocr", "off"])
    assert result.exit_code == 1 and "error [scanned_pdf]" in result.output


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("มาตรการจัดการเรืองร้องเรียน", "มาตรการจัดการเรื่องร้องเรียน"),  # tone over an upper vowel
        ("กลุ่มงานบริหารทัวไป", "กลุ่มงานบริหารทั่วไป"),
        ("จ้านวน 7 คน", "จำนวน 7 คน"),  # sara am's circle read as a tone mark
        ("ตรวจสอบการใช้น้ามันเชื้อเพลิง", "ตรวจสอบการใช้น้ำมันเชื้อเพลิง"),
        ("รวดเรว", "รวดเร็ว"),  # maitaikhu
        ("ได้ดำเนินงานในวันที", "ได้ดำเนินงานในวันที่"),  # a mark lost at the run's end
        ("ผู้รับผิดขอบ", "ผู้รับผิดชอบ"),  # look-alike letters
        ("เตรมาสที่ 2", "ไตรมาสที่ 2"),
        ("ผู้บริหารใด้กำหนด", "ผู้บริหารได้กำหนด"),
        ("วิทยาลัยเทคนิดกันทรลักษ์", "วิทยาลัยเทคนิคกันทรลักษ์"),
        ("มีผูแทนประชาคม", "มีผู้แทนประชาคม"),  # tone over a below vowel
        ("คุณะกรรมการบริหาร", "คณะกรรมการบริหาร"),  # a speck read as a below vowel
        ("จ้ำนวน 1 ฉบับ", "จำนวน 1 ฉบับ"),  # a speck read as a tone mark before sara am
        ("จัดประชุมชี่แจงข้อมูล", "จัดประชุมชี้แจงข้อมูล"),  # one tone mark read as the other
        ("และเผยแพรให้บุคลากร", "และเผยแพร่ให้บุคลากร"),  # a tone on a word's last consonant
        ("นำมาปรรับปรุง", "นำมาปรับปรุง"),  # a letter read twice
    ],
)
def test_lost_marks_restored_by_the_dictionary(read: str, meant: str) -> None:
    assert restore_marks(read)[0] == meant


@pytest.mark.parametrize(
    "text",
    [
        "โรงพยาบาลบ้านโคกสว่าง อำเภอพรรณานิคม จังหวัดสกลนคร",  # names the dictionary does not know
        "เสียงตามสาย",  # a real word is not traded for another
        "ผู้รับบริการและประชาชนเข้าถึงข้อมูลของโรงพยาบาลได้อย่างสะดวก",
        "ดำเนินการตามนโยบาย แนวทางในการขอ ยอมรับได้",  # a swap must earn more than a lost mark
        "ปีงบประมาณพ.ศ. 2567",  # a lone letter is no word to swap into
        # Compounds the dictionary holds and the corpus counts as their words (การนำ, ทำได้,
        # การค้า, ต่างกัน): not traded for a misreading of one of those words (การน้ำ, ทำไต้).
        "ติดตามการนำความรู้ไปใช้",
        "จะกระทำได้เฉพาะที่ได้อนุญาตไว้ใน",
        "หรือการค้าหรือการลงทุนของประเทศ",
        "ที่แตกต่างกันของเพศ",
        "น้ำประปา ไม่ต่ำกว่า ความสุข",  # marks that are there
        "ไม้บรรทัด ต้นไม้",  # ไม้ is a word: not traded for the far commoner ไม่
        "เช่นการสรรหาและบรวจุแต่งตั้ง",  # a misread letter (บรรจุ) is no reason to drop a mark
        "การบริหารงานบคุคล",  # a tone that makes a word (บ่) but joins none
        "คณะกรรมการ ธรรมาภิบาล",  # รร is a letter pair Thai writes
    ],
)
def test_correct_text_is_left_alone(text: str) -> None:
    assert restore_marks(text) == (text, [])


def test_a_swap_the_recogniser_offered_needs_less_evidence() -> None:
    # "ข่าง" is a word (a spinning top), so the dictionary alone must not touch it; the
    # recogniser's own second reading of the letter as ช tips it.
    assert restore_marks("อบรมสร้างข่างชุมชน") == ("อบรมสร้างข่างชุมชน", [])
    assert restore_marks("อบรมสร้างข่างชุมชน", frozenset({("ข", "ช")}))[0] == "อบรมสร้างช่างชุมชน"


def test_ocr_rows_carry_their_confidence(hospital_page) -> None:
    rows = [r for r in hospital_page.rows if any(r.cells)]
    assert rows and all(r.confidence is not None and 0.0 < r.confidence <= 1.0 for r in rows)


def test_text_layer_rows_have_no_ocr_confidence() -> None:
    path = Path(__file__).parent / "fixtures" / "renditions" / "hospital-khoksawang-2566.pdf"
    doc = read_pdf(path)
    assert doc.ocr_pages == () and all(r.confidence is None for r in doc.rows)


def test_rule_stopping_short_of_the_border_still_closes_the_cell() -> None:
    page = np.full((800, 1000), 255, np.uint8)
    page[100:103, 100:900] = 0
    page[400:403, 109:900] = 0  # faded: stops 6 pt short of the left border
    page[700:703, 100:900] = 0
    for x in (100, 500, 900):
        page[100:703, x : x + 3] = 0
    horizontal, vertical, _ = find_rules(prepare(page, 100.0))
    tables = find_tables(horizontal, vertical)
    assert len(tables) == 1 and len(tables[0].cells) == 4


def test_marks_of_a_large_font_stay_on_their_line() -> None:
    # A row of stacked marks above a line's body is short: it joins the body below, not a line of its own.
    assert _join_marks([(10, 22), (26, 70), (120, 165)]) == [(10, 70), (120, 165)]
    assert _join_marks([(10, 55), (60, 68), (120, 165)]) == [(10, 68), (120, 165)]


def test_a_number_cell_is_read_as_thai_digits_by_shape() -> None:
    ink = glyph_ink("๑.", (160, 90), 60)
    assert read_number("©).", ink) == "๑."
    assert read_number("12", ink) is None  # Arabic digits: Tesseract reads those well
    assert read_number("มาตรการ", ink) is None


def test_month_abbreviation_point_read_as_a_below_vowel() -> None:
    assert repair_abbreviations("๑ ต.ค. ๖๗ ถึง ๓๐ กุย. ๖๘") == "๑ ต.ค. ๖๗ ถึง ๓๐ ก.ย. ๖๘"
    assert repair_abbreviations("ต.ุค. ๖๗ - ก.ุย. ๖๘") == "ต.ค. ๖๗ - ก.ย. ๖๘"
    assert repair_abbreviations("กุยช่าย") == "กุยช่าย"  # a word, not an abbreviation


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("๑ ติ.ค. ๖๗", "๑ ต.ค. ๖๗"),  # a speck over a letter read as an upper vowel
        ("๑ ตต.ค. ๖๗", "๑ ต.ค. ๖๗"),  # a letter read twice
        ("เมุย. ๖๘", "เม.ย. ๖๘"),
        ("มื.ค. ๖๘", "มื.ค. ๖๘"),  # ม.ค. or มี.ค.: the letters do not say which, the read stays
        ("พ.ศ. ๒๕๖๘ ส.ส. นพ.", "พ.ศ. ๒๕๖๘ ส.ส. นพ."),  # other abbreviations are no months
    ],
)
def test_a_month_abbreviation_is_put_back_when_its_letters_name_one_month(read: str, meant: str) -> None:
    assert repair_abbreviations(read) == meant


def test_latin_words_in_a_date_line_are_read_as_thai_digits_by_shape() -> None:
    ink = glyph_ink("๖๗", (200, 90), 60)
    assert reread_digits("Del", ink, dated=True)[0] == "๖๗"
    assert reread_digits("Del", ink, dated=False)[0] == "Del"  # outside dates a Latin word stays
    assert is_date_line("๑ ต.ค. Del ถึง") and not is_date_line("LINE Official")


def test_list_labels_broken_by_ocr_are_joined_back() -> None:
    assert repair_labels("ของโรงพยาบาล 2 . จัดทำแนวทาง") == "ของโรงพยาบาล 2. จัดทำแนวทาง"
    assert repair_labels("๖ ระบบ (2 มีผู้ใช้ (3) รายงาน") == "๖ ระบบ (2) มีผู้ใช้ (3) รายงาน"
    assert repair_labels("(2 คน") == "(2 คน"  # no other label shows the bracket form


@pytest.mark.parametrize(
    ("drawn", "read", "kept"),
    [("2. ผู้", "2", "2."), ("3. ปรับ", "3,", "3."), ("12. ก", "12", "12."), ("2 ผู้", "2", "2"), ("3, ปรับ", "3,", "3,")],
)
def test_a_list_number_keeps_the_point_its_ink_shows(drawn: str, read: str, kept: str) -> None:
    """A scan's "เวชภัณฑ์ 2. ผู้เกี่ยวข้อง" came back as "2 ผู้" and "3. ปรับปรุง" as "3,": the cell's
    second item was lost in the first. A point sits on the digits' baseline; a comma hangs below it."""
    from pipeline.read.ocr.words import _with_point

    image = Image.new("L", (400, 120), 255)
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(str(FONT), 60)
    draw.text((10, 20), drawn, font=font, fill=0)
    digits = draw.textbbox((10, 20), read.rstrip(","), font=font)
    next_word = 10 + int(draw.textlength(drawn[: len(read) + 1], font=font)) + 5
    assert _with_point(np.asarray(image), read, digits, next_word) == kept


def test_signatures_and_photos_are_noise_printed_lines_are_not() -> None:
    def line(text: str, confidence: float) -> OcrLine:
        return OcrLine(text, 0, 0, 10, 10, tuple(Word(w, confidence) for w in text.split()))

    assert is_noise(line("ก ม +)   vey   vo  -  '", 70))  # scattered pieces
    assert is_noise(line("บันทึกข้อความ", 30))  # Tesseract unsure
    assert not is_noise(line("ส่วนราชการ งานโครงการพิเศษและบริการชุมชน วิทยาลัยเทคนิคกันทรลักษ์", 90))
    assert not is_noise(line("๑. ชื่อกิจกรรม/โครงการ อบรมสร้างช่างชุมชน ๑ วิทยาลัย ๑ ศูนย์ช่างชุมชน", 88))


def test_a_list_label_read_as_latin_is_read_as_a_thai_digit_by_shape() -> None:
    assert reread_digits("on.", glyph_ink("๓.", (160, 90), 60))[0] == "๓."


def test_confidence_and_ocr_pages_reach_the_output_tables(hospital_page) -> None:
    """An analyst can filter OCR'd rows: activities.ocr_confidence and documents.ocr_pages."""
    from pipeline.parse.records import build_records

    parsed = build_records(hospital_page, b"hospital-p1", "hospital-p1.pdf")
    assert parsed.document.ocr_pages == (1,)
    assert parsed.activities and all(0.0 < a.ocr_confidence <= 1.0 for a in parsed.activities)
    text = build_records(
        read_pdf(Path(__file__).parent / "fixtures" / "renditions" / "hospital-khoksawang-2566.pdf"), b"t", "t.pdf"
    )
    assert text.document.ocr_pages == () and all(a.ocr_confidence is None for a in text.activities)


def test_a_wrap_before_a_word_set_off_by_a_space_keeps_it_when_sara_am_is_read_in_two_pieces() -> None:
    from pipeline.read.ocr.page import _join

    lines = [OcrLine(text, 0, 0, 100, 40, ()) for text in ("ช่องทางต่าง ๆ", "จ\u0e4d\u0e32นวน 3 ช่องทาง")]
    assert _join(lines) == "ช่องทางต่าง ๆ จำนวน 3 ช่องทาง"


def test_a_lone_consonant_where_a_count_stands_is_read_as_a_digit_by_shape() -> None:
    # "จำนวน ๗ ช่องทาง" came back as "จำนวน ซ ช่องทาง": the quantity was lost.
    ink = glyph_ink("๗", (60, 60), 40)
    assert reread_digits("ซ", ink, counted=True)[0] == "๗"
    assert reread_digits("ซ", ink)[0] == "ซ"  # anywhere else a letter stays a letter


def test_punctuation_read_from_a_speck_is_left_out_and_a_printed_point_kept() -> None:
    """A poor copy's dust came back as "ตรวจสอบได้." and "บอร์ด )": a 3-pixel box on a line whose
    words stand 44 pixels high is no printed mark (a point is 7 or more)."""
    from pipeline.read.ocr.words import reread_line

    crop = np.full((60, 300), 255, np.uint8)
    word = ("ตรวจสอบได้", (0, 0, 200, 44), 90.0)
    text, words, specks = reread_line(crop, "ตรวจสอบได้.", [word, (".", (205, 40, 208, 43), 67.0)])
    assert (text, specks) == ("ตรวจสอบได้", (".",)) and [w.text for w in words] == ["ตรวจสอบได้"]
    text, _, specks = reread_line(crop, "ตรวจสอบได้.", [word, (".", (205, 36, 212, 43), 67.0)])
    assert (text, specks) == ("ตรวจสอบได้.", ())


def test_a_cell_paragraph_set_off_by_space_ends_where_the_baselines_stand_further_apart() -> None:
    """Two actions in one cell, unnumbered, half a line apart (1.52 pitches, as a scan measured);
    a wrapped line is not."""
    from pipeline.read.ocr.page import _join

    def line(text: str, baseline: float | None) -> OcrLine:
        return OcrLine(text, 0, int(baseline or 0) - 40, 300, int(baseline or 0) + 10, (), baseline=baseline)

    lines = [line("จัดทำคู่มือสำหรับ", 100.0), line("บุคลากร", 214.5), line("เผยแพร่คู่มือ", 388.5)]
    assert _join(lines, 114.5) == "จัดทำคู่มือสำหรับบุคลากร\nเผยแพร่คู่มือ"
    assert _join(lines[:2] + [line("เผยแพร่คู่มือ", 329.0)], 114.5) == "จัดทำคู่มือสำหรับบุคลากรเผยแพร่คู่มือ"
    assert _join(lines[:2] + [line("เผยแพร่คู่มือ", None)], 114.5) == "จัดทำคู่มือสำหรับบุคลากรเผยแพร่คู่มือ"
