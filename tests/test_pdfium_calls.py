"""PDFium's per-character, per-object and per-path calls: C loop and Python calls give the same answers."""

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
    calling fakes: the character fakes answer with the character's index and fail for the
    indices `FAILING`; the object and path fakes say what they answer where they are defined."""
    fakes = {
        "CHAR_BOX": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int, _P, _P, _P, _P)(_fake_box),
        "LOOSE_CHAR_BOX": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int, _P)(_fake_loose_box),
        "CHAR_ORIGIN": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int, _P, _P)(_fake_origin),
        "IS_GENERATED": ctypes.CFUNCTYPE(ctypes.c_int, _P, ctypes.c_int)(_fake_is_generated),
        "COUNT_OBJECTS": ctypes.CFUNCTYPE(ctypes.c_int, _P)(_fake_count_objects),
        "GET_OBJECT": ctypes.CFUNCTYPE(_P, _P, ctypes.c_int)(_fake_get_object),
        "OBJECT_TYPE": ctypes.CFUNCTYPE(ctypes.c_int, _P)(_fake_object_type),
        "MATRIX": ctypes.CFUNCTYPE(ctypes.c_int, _P, _P)(_fake_matrix),
        "DRAW_MODE": ctypes.CFUNCTYPE(ctypes.c_int, _P, _P, _P)(_fake_draw_mode),
        "FILL_COLOUR": ctypes.CFUNCTYPE(ctypes.c_int, _P, _P, _P, _P, _P)(_fake_fill_colour),
        "COUNT_SEGMENTS": ctypes.CFUNCTYPE(ctypes.c_int, _P)(_fake_count_segments),
        "SEGMENT": ctypes.CFUNCTYPE(_P, _P, ctypes.c_int)(_fake_segment),
        "POINT": ctypes.CFUNCTYPE(ctypes.c_int, _P, _P, _P)(_fake_point),
        "SEGMENT_TYPE": ctypes.CFUNCTYPE(ctypes.c_int, _P)(_fake_segment_type),
        "CLOSES": ctypes.CFUNCTYPE(ctypes.c_int, _P)(_fake_closes),
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


# Fake paths, at addresses 2000 + k: (draw mode call succeeds, fill mode, stroked, fill colour or None
# where that call fails, own matrix or None where that call fails).
FAKE_PATHS = [
    (False, 1, 1, (1, 2, 3, 4), None),  # no draw mode: nothing else is asked
    (True, 1, 0, (10, 20, 30, 255), (2.0, 0.0, 0.0, 2.0, 1.0, 1.0)),  # filled: colour and points
    (True, 0, 1, (10, 20, 30, 255), None),  # stroked: no colour asked; no matrix: the identity
    (True, 0, 0, (10, 20, 30, 255), (2.0, 0.0, 0.0, 2.0, 1.0, 1.0)),  # neither: no points either
    (True, 2, 0, None, (0.0, 1.0, -1.0, 0.0, 0.0, 0.5)),  # filled (winding), no colour given; turned
]
# Each path has three segments at 3000 + 10 * k + i; the second (i = 1) gives no point, the
# first is a move, the third a line that closes its subpath at (i + 0.5, 10 + i).
SEGMENTS = 3


def _fake_matrix(obj: int, out: int) -> int:
    own = FAKE_PATHS[obj - 2000][4]
    if own is None:
        return 0
    (ctypes.c_float * 6).from_address(out)[:] = own
    return 1


def _fake_draw_mode(obj: int, fill: int, stroke: int) -> int:
    ok, fill_mode, stroked, _, _ = FAKE_PATHS[obj - 2000]
    ctypes.c_int.from_address(fill).value, ctypes.c_int.from_address(stroke).value = fill_mode, stroked
    return int(ok)


def _fake_fill_colour(obj: int, r: int, g: int, b: int, a: int) -> int:
    colour = FAKE_PATHS[obj - 2000][3]
    if colour is None:
        return 0
    for at, value in zip((r, g, b, a), colour):
        ctypes.c_uint.from_address(at).value = value
    return 1


def _fake_count_segments(obj: int) -> int:
    return SEGMENTS


def _fake_segment(obj: int, index: int) -> int:
    return 3000 + 10 * (obj - 2000) + index


def _fake_point(segment: int, x: int, y: int) -> int:
    i = segment % 10
    if i == 1:
        return 0
    ctypes.c_float.from_address(x).value, ctypes.c_float.from_address(y).value = i + 0.5, 10 + i
    return 1


def _fake_segment_type(segment: int) -> int:
    return pdfium_c.FPDF_SEGMENT_MOVETO if segment % 10 == 0 else pdfium_c.FPDF_SEGMENT_LINETO


def _fake_closes(segment: int) -> int:
    return int(segment % 10 == 2)


def test_each_path_gives_its_paint_and_its_points_where_painted(calls: str) -> None:
    outer = (1.0, 0.0, 0.0, 1.0, 100.0, 200.0)  # a form's place: 100 pt right, 200 pt up
    moved, line = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO
    assert pdfium_calls.path_facts([2000, 2001, 2002, 2003, 2004], outer) == [
        (0, False, None, []),
        (1, False, (10, 20, 30, 255), [(moved, 102.0, 221.0, False), (line, 106.0, 225.0, True)]),
        (0, True, None, [(moved, 100.5, 210.0, False), (line, 102.5, 212.0, True)]),
        (0, False, None, []),
        (2, False, None, [(moved, 90.0, 201.0, False), (line, 88.0, 203.0, True)]),
    ]


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


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_path_facts_from_c_and_python_are_pdfiums(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = pdfium.PdfDocument(path)
    asked_paths = 0
    try:
        for page in document:
            handle = page.raw
            objects = [pdfium_c.FPDFPage_GetObject(handle, i) for i in range(pdfium_c.FPDFPage_CountObjects(handle))]
            paths = [obj for obj in objects if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH]
            asked = [_facts_asked_of_pdfium(obj) for obj in paths]
            addresses = [pdfium_calls.address(obj) for obj in paths]
            from_c = pdfium_calls.path_facts(addresses, pdfium_calls.IDENTITY)
            with monkeypatch.context() as python_only:
                python_only.setattr(pdfium_calls, "native", None)
                from_python = pdfium_calls.path_facts(addresses, pdfium_calls.IDENTITY)
            assert from_c == from_python == asked
            asked_paths += len(paths)
    finally:
        document.close()
    assert asked_paths  # each of these PDFs draws paths


def _facts_asked_of_pdfium(obj: object) -> pdfium_calls.PathFacts:
    """A path's facts through pypdfium2's own typed calls, one at a time."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return 0, False, None, []
    colour = None
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if fill.value and pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        colour = (r.value, g.value, b.value, a.value)
    if not (fill.value or stroke.value):
        return 0, False, colour, []
    m = pdfium_c.FS_MATRIX()
    own = (m.a, m.b, m.c, m.d, m.e, m.f) if pdfium_c.FPDFPageObj_GetMatrix(obj, m) else pdfium_calls.IDENTITY
    ma, mb, mc, md, me, mf = own
    points = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            u, v = x.value, y.value
            kind, closes = pdfium_c.FPDFPathSegment_GetType(segment), pdfium_c.FPDFPathSegment_GetClose(segment)
            points.append((kind, ma * u + mc * v + me, mb * u + md * v + mf, bool(closes)))
    return fill.value, bool(stroke.value), colour, points


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
