"""Damage real Thai government PDFs carry, and text layers that are no text.

The pairs are taken from the real files in ../shared/corpus/realworld (see
its README); the golden figures are `thaiq.py`'s damage per 1,000 Thai
characters of `thaireports text` on each of them.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.errors import NoTableError, UnusableTextLayerError
from pipeline.read import read_document
from pipeline.read.pages import read_pages
from pipeline.read.pdf.reader import read_pdf
from pipeline.thai.glyphs import repair_thai
from pipeline.thai.layer import unusable_reason
from pipeline.thai.orthography import fix_orthography
from pipeline.thai.placed import PlacedChar, arrange
from pipeline.thai.symbols import symbol_char

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realworld"

# (damaged as extracted, repaired): every pair seen in the real files.
SPELLING = [
    # sara am lost, written consonant + space + sara aa (moph, hosp, vc-kantharalak)
    ("ด าเนินการ", "ดำเนินการ"),
    ("ส านักงาน", "สำนักงาน"),
    ("ประจ าปีงบประมาณ", "ประจำปีงบประมาณ"),
    ("จัดท าโดย", "จัดทำโดย"),
    ("น ้าใจ", "น้ำใจ"),
    # letter spacing, not a lost ring: the word list tells (hosp)
    ("หน่วยงานภ าครัฐ", "หน่วยงานภาครัฐ"),
    # an unmapped ring glyph (bb-budget DBComYardX)
    ("ประจ\ufffdาปีงบประมาณ", "ประจำปีงบประมาณ"),
    ("ส\ufffdานักงบประมาณ", "สำนักงบประมาณ"),
    # marks in visual order (vc-kantharalak)
    ("งบหนา้", "งบหน้า"),
    ("คา่ตอบแทน", "ค่าตอบแทน"),
    ("พัฒนาผเู้รียน", "พัฒนาผู้เรียน"),
    ("ภายใตแ้ผนงาน", "ภายใต้แผนงาน"),
    # a space between a consonant and its marks
    ("หมั ่นเพียร", "หมั่นเพียร"),
    # doubled marks (bb-budget)
    ("ฉบัับ", "ฉบับ"),
    ("หน่่วยงาน", "หน่วยงาน"),
    ("ประจำำปีี", "ประจำปี"),
    # marks on a line of their own, a line broken before sara aa (AngsanaUPC gazette)
    ("หน\n้\nา ๑", "หน้า ๑"),
    ("ว่าด\n้\nวย", "ว่าด้วย"),
    # Latin-1 stand-ins of legacy UPC/PSL fonts (bb-budget)
    ("ทีÉนำมา", "ที่นำมา"),
    ("เพืÊอ", "เพื้อ"),
    ("บริสุทธิÍ", "บริสุทธิ์"),
]


@pytest.mark.parametrize(("damaged", "clean"), SPELLING)
def test_spelling_repairs(damaged: str, clean: str) -> None:
    fixed = repair_thai(damaged)
    assert fixed.text == clean
    assert fixed.repairs, "every repair is counted"


def test_repairs_are_counted_by_kind() -> None:
    text, counts = fix_orthography("ด าเนินการ ส านัก หนา้ ฉบัับ")
    assert text == "ดำเนินการ สำนัก หน้า ฉบับ"
    assert counts == Counter(lost_sara_am=2, mark_after_aa=1, doubled_mark=1)


def test_unrepaired_damage_is_an_issue() -> None:
    issues = repair_thai("ทดสอบ \u0e48").issues  # a mark with no consonant anywhere near
    assert [issue.code for issue in issues] == []  # the space goes: the mark joins บ
    orphan = repair_thai("\u0e48ทดสอบ").issues
    assert [issue.code for issue in orphan] == ["orphan_mark"]


def test_clean_text_is_left_alone() -> None:
    clean = "ผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568 น้ำใจ หน้าที่"
    fixed = repair_thai(clean)
    assert fixed.text == clean
    assert fixed.repairs == ()


# --- boxes: pure, from characters placed as the real files place them -------------------


def ch(text: str, x0: float, x1: float, top: float, bottom: float, **kw: object) -> PlacedChar:
    return PlacedChar(text, x0, x1, top, bottom, 17.5, **kw)  # type: ignore[arg-type]


def test_a_mark_goes_to_the_consonant_it_is_drawn_over() -> None:
    # vc-kantharalak: "หนา้" — mai tho stored after sara aa, drawn over no nu.
    chars = [ch("ห", 10, 16, 100, 107), ch("น", 17, 23, 100, 107), ch("า", 24, 28, 100, 107), ch("้", 19, 23, 95, 99)]
    assert arrange(chars) == ("หน้า", Counter(mark_order=1))


def test_every_displaced_mark_of_a_page_finds_its_consonant() -> None:
    # A page's first displaced marks find their base by a scan around them, later ones by an index
    # of the page's consonants: both must give the consonant each is drawn over.
    chars = []
    for k in range(12):
        x = 40.0 * k
        chars += [
            ch("ห", x + 10, x + 16, 100, 107),
            ch("น", x + 17, x + 23, 100, 107),
            ch("า", x + 24, x + 28, 100, 107),
            ch("\u0e49", x + 19, x + 23, 95, 99),
        ]
    assert arrange(chars) == ("หน้า" * 12, Counter(mark_order=12))


def test_a_drawn_space_over_a_consonant_is_the_ring_of_sara_am() -> None:
    # moph: "ด าเนิน" — the "space" has ink above do dek (PDFium box 361.9-364.3, above 528.4).
    chars = [
        ch("ด", 358.7, 363.6, 263.6, 270.1),
        ch(" ", 361.9, 364.3, 260.1, 262.7),
        ch("า", 365.3, 369.1, 263.6, 270.1),
    ]
    text, counts = arrange(chars)
    assert repair_thai(text).text == "ดำ"
    assert counts == Counter(lost_sara_am=1)


def test_a_real_space_stays() -> None:
    chars = [ch("ด", 10, 15, 100, 107), ch(" ", 15, 18, 107, 107), ch("ก", 19, 24, 100, 107)]
    assert arrange(chars)[0] == "ด ก"


def test_a_cluster_spelled_by_its_first_glyph_is_not_doubled() -> None:
    # bb-budget UPCxD: the glyph of bo baimai carries "บั" (same pen position), then mai han-akat is drawn.
    chars = [
        ch("บ", 294.4, 297.2, 100, 107, origin=(294.3, 0.0)),
        ch("ั", 297.2, 300.1, 100, 107, origin=(294.3, 0.0)),
        ch("ั", 296.8, 301.3, 97, 99.7, origin=(300.9, 0.0)),
        ch("บ", 301.0, 306.6, 100, 107, origin=(300.9, 0.0)),
    ]
    assert arrange(chars) == ("บับ", Counter(doubled_mark=1))


def test_a_made_up_break_between_a_consonant_and_its_sara_aa_goes() -> None:
    # AngsanaUPC: "หน\n้\nา" — the mark was a text object of its own.
    chars = [
        ch("ห", 10, 16, 100, 107),
        ch("น", 17, 23, 100, 107),
        ch("\r", 23, 23, 107, 107, generated=True),
        ch("\n", 23, 23, 107, 107, generated=True),
        ch("้", 19, 23, 95, 99),
        ch("\r", 23, 23, 107, 107, generated=True),
        ch("\n", 23, 23, 107, 107, generated=True),
        ch("า", 24, 28, 100, 107),
    ]
    assert arrange(chars)[0] == "หน้า"


def test_a_latin1_variant_drawn_above_a_consonant_is_a_tone_mark() -> None:
    # bb-budget DilleniaUPC: "โครงการท 1 : \nีÉ" — sara ii and the raised mai ek drawn over tho thahan.
    chars = [
        ch("ท", 211.4, 216.2, 330.4, 336.3),
        ch(" ", 216.2, 220, 336.3, 336.3, generated=True),
        ch("1", 221, 224, 330.4, 336.3),
        ch("ี", 212.6, 216.6, 326.6, 329.6),
        ch("\u00c9", 215.7, 216.1, 323.8, 326.0, font="BGPFKO+DilleniaUPC"),
    ]
    text, counts = arrange(chars)
    assert text == "ที่ 1"
    assert counts == Counter(mark_order=2, latin1_in_thai=1)


@pytest.mark.parametrize(
    ("code", "font", "char"),
    [
        ("\uf0a8", "Wingdings", "☐"),
        ("\uf0fe", "ABCDEE+Wingdings-Regular", "☑"),
        ("\uf0fd", "Wingdings", "☒"),
        ("\uf0fc", "Wingdings", "✓"),
        ("\uf0a3", "Wingdings2", "☐"),
        ("\uf052", "ABCDEE+Wingdings 2", "☑"),
        ("\uf053", "Wingdings-2", "☒"),
        ("\uf050", "Wingdings2", "✓"),
        ("\uf0b7", "Symbol", "•"),
        ("\uf0fe", "THSarabunPSK", None),
    ],
)
def test_symbol_fonts_by_name_and_code(code: str, font: str, char: str | None) -> None:
    assert symbol_char(code, font) == char


def test_symbol_glyphs_in_a_page_are_counted() -> None:
    chars = [ch("\uf0fe", 10, 16, 100, 107, font="Wingdings"), ch("ใ", 17, 20, 100, 107), ch("ช", 21, 26, 100, 107)]
    assert arrange(chars) == ("☑ใช", Counter(symbol_glyph=1))


# --- the real files ------------------------------------------------------------------------

# thaiq.py damage (count) of `thaireports text` on each text-layer PDF: a figure that may only fall.
GOLDEN_DAMAGE = {
    "moph-anticorruption-actionplan-2566-2570.pdf": 1,
    "vc-kantharalak-budget-project-summary-2568.pdf": 0,
    "hosp-phichai-procurement-analysis-2567.pdf": 0,
    "gazette-vocational-education-act-2551-angsanaupc.pdf": 0,
    "bb-budget-2565-vol3-17-other-state-agencies.pdf": 0,
    "constitution-draft-20160329.pdf": 0,
}
MAX_DAMAGE_PER_1K = 0.3


def _thaiq() -> object:
    spec = importlib.util.spec_from_file_location("thaiq", REALWORLD / "thaiq.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(GOLDEN_DAMAGE))
def test_real_pdf_damage(name: str) -> None:
    # The text layer's repair is measured here: no page is read by OCR instead.
    text = read_pages(REALWORLD / name, ocr="off").text
    result = _thaiq().measure(text, with_coverage=False)  # type: ignore[attr-defined]
    assert result["damage"] <= GOLDEN_DAMAGE[name], result["kinds"]
    assert result["damage_per_1k"] <= MAX_DAMAGE_PER_1K


def test_real_pdf_repairs_are_reported() -> None:
    dump = read_pages(REALWORLD / "moph-anticorruption-actionplan-2566-2570.pdf", ocr="off")
    repairs = dict(dump.repairs)
    assert repairs["lost_sara_am"] >= 1568
    assert dump.unusable is not None and dump.unusable.pages == (130, 131, 132)


@pytest.mark.parametrize(
    "name", ["hosp-phichai-procurement-analysis-2567.pdf", "vc-kantharalak-budget-project-summary-2568.pdf"]
)
def test_the_cells_of_a_real_pdf_come_repaired(name: str) -> None:
    # Damage sits in a few cells of a page, most cells need no repair: every one must come out repaired.
    cells = [cell for row in read_pdf(REALWORLD / name, "off").rows for cell in row.cells if cell]
    assert len(cells) > 200
    assert [cell for cell in cells if repair_thai(cell).text != cell] == []


UNUSABLE = [
    "gazette-moe-vocational-qualifications-2567-broken-cmap.pdf",
    "vc-kantharalak-procurement-plan-memo-ocr-garbage.pdf",
]


@pytest.mark.parametrize("name", UNUSABLE)
def test_unusable_text_layer_in_text(name: str) -> None:
    with pytest.raises(UnusableTextLayerError) as info:
        read_pages(REALWORLD / name, ocr="off")
    assert info.value.code == "unusable_text_layer"
    assert info.value.pages and "page" in info.value.message
    result = CliRunner().invoke(main, ["text", "--ocr", "off", str(REALWORLD / name)])
    assert result.exit_code == 1
    assert "unusable_text_layer" in result.stderr and name in result.stderr


@pytest.mark.parametrize("name", UNUSABLE)
def test_unusable_text_layer_in_convert(name: str) -> None:
    with pytest.raises(UnusableTextLayerError):
        read_document(REALWORLD / name, ocr="off")


def test_a_page_whose_text_layer_is_no_text_is_read_by_ocr(tmp_path: Path) -> None:
    # The memo's invisible layer is another OCR's Latin garbage over a Thai scan.
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(REALWORLD / UNUSABLE[1])), [0])
    pdf.save(str(tmp_path / "memo-p1.pdf"))
    dump = read_pages(tmp_path / "memo-p1.pdf")
    assert dump.unusable is None and "บันทึกข้อความ" in dump.text and "แผนการจัดซื้อจัดจ้าง" in dump.text


def test_layer_judgement_from_text() -> None:
    garbage = "{rufrd Qo 'tuYl HH t16',] crd9) uuun?Jon?13J a'l1.Jt't % n15 't vru l au lyrfl1,Ja nul15anu"
    assert unusable_reason(garbage, invisible_over_image=True) is not None
    assert unusable_reason(garbage, invisible_over_image=False) is None  # visible Latin text is text
    english = "The committee approved the annual procurement plan for the fiscal year and its budget."
    assert unusable_reason(english, invisible_over_image=True) is None


# --- text inputs carrying PDF damage, and the error order ------------------------------------


def test_a_pasted_pdf_dump_is_repaired_in_convert(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_text("แผนปฏิบัติการ ประจ าปีงบประมาณ พ.ศ. 2568\nการด าเนินงานของส านักงาน\n", encoding="utf-8")
    raw = read_document(source)
    assert "ประจำปีงบประมาณ" in raw.preamble[0]
    assert any(p.code == "thai_repaired" and "lost_sara_am: 3" in p.message for p in raw.problems)
    assert "ดำเนินงาน" in read_pages(source).text


def test_no_table_comes_before_no_fiscal_year(tmp_path: Path) -> None:
    from pipeline.parse.records import build_records

    source = tmp_path / "letter.txt"
    data = "บันทึกข้อความ\nเรื่อง ขออนุมัติ\n".encode()
    source.write_bytes(data)
    with pytest.raises(NoTableError):
        build_records(read_document(source, data), data, str(source))
