"""PDFium's per-character and per-object calls: the C loop and the Python calls give the reader the same answers."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.read.pdf import evidence, pdfium_calls, rules

FIXTURES = Path(__file__).parent / "fixtures"
REALWORLD = Path(__file__).resolve().parents[1].parent / "shared/corpus/realworld"
PDFS = [
    FIXTURES / "renditions" / "hospital-khoksawang-2566.pdf",  # clean text layer, a table
    FIXTURES / "realworld-excerpt.pdf",
    REALWORLD / "gazette-vocational-education-act-2551-angsanaupc.pdf",  # a legacy font: marks out of place
    REALWORLD / "moph-anticorruption-actionplan-2566-2570.pdf",
]
FAILING = {0, 3, 4}  # the fake calls below fail for these characters

_P = ctypes.c_void_p


def test_the_c_loop_is_built() -> None:
    # The install builds it wherever a C compiler is found, as on every machine the tests run on;
    # the tests below would otherwise compare the Python calls with themselves.
    assert pdfium_calls.native is not None, (
        "no C loop: pipeline/read/pdf/_pdfium_loop.c was not built (is a C compiler installed?),"
        " or THAIREPORTS_PURE_PYTHON is set"
    )


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_c_loop_and_python_calls_give_every_character_the_same_evidence(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pdfium_calls.native is not None
    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            textpage = page.get_textpage()
            text, height = textpage.get_text_range(), page.get_height()
            from_c = evidence.page_chars(textpage, text, height)
            with monkeypatch.context() as python_only:
                python_only.setattr(pdfium_calls, "native", None)
                from_python = evidence.page_chars(textpage, text, height)
            assert from_c == from_python
            assert len(from_c) == len(text)
    finally:
        document.close()


@pytest.fixture(params=["C", "Python"])
def calls(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test below runs once through the C loop and once through the Python calls, both
    calling fakes that answer with the character's index and fail for the indices `FAILING`."""
    fakes = {
        "CHAR_BOX": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int, _P, _P, _P, _P)(_fake_box),
        "LOOSE_CHAR_BOX": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int, _P)(_fake_loose_box),
        "CHAR_ORIGIN": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int, _P, _P)(_fake_origin),
        "IS_GENERATED": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int)(_fake_is_generated),
        "COUNT_OBJECTS": ctypes.CFUNCTYPE(ctypes.c_int, _P)(_fake_count_objects),
        "GET_OBJECT": ctypes.CFUNCTYPE(_P, _P, ctypes.c_int)(_fake_get_object),
        "OBJECT_TYPE": ctypes.CFUNCTYPE(ctypes.c_int, _P)(_fake_object_type),
    }
    for name, fake in fakes.items():
        monkeypatch.setattr(pdfium_calls, name, fake)
        monkeypatch.setattr(pdfium_calls, f"_{name}_AT", pdfium_calls.address(fake))
    if request.param == "Python":
        monkeypatch.setattr(pdfium_calls, "native", None)
    else:
        assert pdfium_calls.native is not None
    yield request.param


def _fake_box(page: int, index: int, left: int, right: int, bottom: int, top: int) -> int:
    if index in FAILING:
        return 0
    for at, value in zip((left, right, bottom, top), (index, index + 0.5, -index, -index - 0.5)):
        ctypes.c_double.from_address(at).value = value
    return 1


def _fake_loose_box(page: int, index: int, rect: int) -> int:
    if index in FAILING:
        return 0
    (ctypes.c_float * 4).from_address(rect)[:] = [index, index + 2, index + 1, index]  # left, top, right, bottom
    return 1


def _fake_origin(page: int, index: int, x: int, y: int) -> int:
    if index in FAILING:
        return 0
    ctypes.c_double.from_address(x).value, ctypes.c_double.from_address(y).value = index, -index
    return 1


def _fake_is_generated(page: int, index: int) -> int:
    return -1 if index in FAILING else index % 2  # odd characters made up, -1 an error


def _fake_count_objects(page: int) -> int:
    return len(FAKE_TYPES)


def _fake_get_object(page: int, index: int) -> int | None:
    return None if index in FAILING else 1000 + index  # an object's address: 1000 + its index


def _fake_object_type(at: int) -> int:
    return FAKE_TYPES[at - 1000]


FAKE_TYPES = [2, 1, 5, 2, 2, 300, -1, 3]  # the objects at the indices FAILING are not given


def test_each_object_type_is_a_byte_and_unknown_where_pdfium_gives_none(calls: str) -> None:
    assert pdfium_calls.object_types(1) == bytes([0, 1, 5, 0, 0, 0, 0, 3])  # 300 and -1: no type either


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_object_types_from_c_and_python_are_pdfiums_and_find_the_same_rules(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            handle = page.raw
            asked = [
                pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(handle, i))
                for i in range(pdfium_c.FPDFPage_CountObjects(handle))
            ]
            from_c = pdfium_calls.object_types(pdfium_calls.address(handle))
            drawn_c = rules.page_drawing(page, page.get_height())
            with monkeypatch.context() as python_only:
                python_only.setattr(pdfium_calls, "native", None)
                from_python = pdfium_calls.object_types(pdfium_calls.address(handle))
                drawn_python = rules.page_drawing(page, page.get_height())
            assert list(from_c) == list(from_python) == asked
            assert drawn_c == drawn_python
    finally:
        document.close()


def test_a_failed_ink_box_is_the_one_before_it(calls: str) -> None:
    left, right, bottom, top = evidence._char_boxes(1, 6)
    assert left == [0.0, 1.0, 2.0, 2.0, 2.0, 5.0]  # the first has none before it: no box at all
    assert right == [0.0, 1.5, 2.5, 2.5, 2.5, 5.5]
    assert bottom == [0.0, -1.0, -2.0, -2.0, -2.0, -5.0]
    assert top == [0.0, -1.5, -2.5, -2.5, -2.5, -5.5]


def test_a_failed_loose_box_has_no_advance_and_no_height(calls: str) -> None:
    advances, ems = evidence._loose_boxes(1, 6)
    assert advances == [None, (1.0, 2.0), (2.0, 3.0), None, None, (5.0, 6.0)]
    assert ems == [0.0, 2.0, 2.0, 0.0, 0.0, 2.0]


def test_a_failed_pen_position_is_the_one_before_it(calls: str) -> None:
    # Marks at 2 and 4-5 (so their bases at 1 and 3 are asked too); the calls for 3 and 4 fail.
    origins = evidence._mark_origins(1, "กก\u0e48ก\u0e49\u0e48")
    assert origins == {1: (1.0, -1.0), 2: (2.0, -2.0), 3: (2.0, -2.0), 4: (2.0, -2.0), 5: (5.0, -5.0)}


def test_the_failed_positions_are_named(calls: str) -> None:
    boxes = (ctypes.c_double * 24)()
    assert pdfium_calls.ink_boxes(1, 6, ctypes.addressof(boxes)) == sorted(FAILING)
    rects = (ctypes.c_float * 24)()
    assert pdfium_calls.loose_boxes(1, 6, ctypes.addressof(rects)) == sorted(FAILING)
    xy = (ctypes.c_double * 6)()
    assert pdfium_calls.origins(1, [4, 1, 3], ctypes.addressof(xy)) == [0, 2]  # positions in the list asked
    assert xy[2:4] == [1.0, -1.0]


def test_only_what_pdfium_calls_made_up_is_made_up(calls: str) -> None:
    # Odd indices are made up; 3 fails (-1), which is no "made up".
    assert pdfium_calls.made_up(1, [5, 2, 3, 1, 0, 7]) == [0, 3, 5]
    assert pdfium_calls.made_up(1, []) == []
