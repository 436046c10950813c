"""Hostile and pathological inputs: bounded time and memory, nothing read outside the inputs, no silent loss.

Every hostile file is made here, small: the limits are lowered to match.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pikepdf
import pytest
from click.testing import CliRunner

from cli import main
from conftest import RAW
from pipeline.batch.discover import find_inputs, hash_file
from pipeline.batch.manifest import MANIFEST, read_manifest
from pipeline.batch.pool import LocalPool, Task
from pipeline.batch.run import BatchOptions, run_batch
from pipeline.limits import IncompleteParseError, Limits, SpecialFileError, TooLargeError, read_regular, use
from pipeline.printable import printable
from pipeline.read import aligned
from pipeline.read.docx.reader import read_docx
from pipeline.read.html import read_html
from pipeline.read.pdf.content import check_content
from pipeline.read.pdf.reader import read_pdf
from pipeline.read.sheets.ods import read_ods
from pipeline.read.sheets.xlsx import read_xlsx
from pipeline.read.ziplimits import check_zip

REPO = Path(__file__).resolve().parents[1]
GOOD = RAW / "abt-nongbuathong-2567.txt"
OPTIONS = BatchOptions(jobs=2, timeout=60)


def _builders():
    spec = importlib.util.spec_from_file_location("hostile_folder", REPO / "bench" / "hostile_folder.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("hostile_folder", module)
    spec.loader.exec_module(module)
    return sys.modules["hostile_folder"]


hostile = _builders()


@contextmanager
def finishes_within(seconds: int) -> Iterator[None]:
    """Fail (rather than hang the suite) if the block blocks: what these tests guard against."""

    def stuck(signum, frame):
        raise AssertionError(f"still running after {seconds} s: blocked")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- only regular files, nothing outside the inputs -------------------------------------


@pytest.fixture()
def folder(tmp_path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(GOOD, root / "good.txt")
    os.mkfifo(root / "fifo.txt")
    os.mkfifo(root / "pipe-without-extension")
    (root / "zero.txt").symlink_to("/dev/zero")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(GOOD, outside / "report.txt")
    (root / "outside.txt").symlink_to(outside / "report.txt")
    (root / "outside-folder").symlink_to(outside)
    (root / "inside.txt").symlink_to(root / "good.txt")
    return root


def test_special_files_and_links_leading_outside_are_recorded_and_never_read(tmp_path, folder):
    with finishes_within(60):
        found = find_inputs([folder], exclude=tmp_path / "out")
        summary = run_batch([folder], tmp_path / "out", OPTIONS)
    assert [p.name for p in found.paths] == ["good.txt", "inside.txt"]
    codes = {Path(r.path).name: r.error_code for r in summary.results}
    assert codes == {
        "good.txt": None,
        "inside.txt": None,
        "fifo.txt": "special_file",
        "pipe-without-extension": "special_file",
        "zero.txt": "outside_inputs",
        "outside.txt": "outside_inputs",
        "outside-folder": "outside_inputs",
    }
    messages = {Path(r.path).name: r.error_message for r in summary.failed}
    assert "a FIFO (named pipe), not a regular file" in messages["fifo.txt"]
    assert "a symbolic link to /dev/zero" in messages["zero.txt"] and "--follow-symlinks" in messages["zero.txt"]


def test_follow_symlinks_reads_links_outside_but_still_no_special_file(tmp_path, folder):
    with finishes_within(60):
        summary = run_batch([folder], tmp_path / "out", BatchOptions(jobs=2, timeout=60, follow_symlinks=True))
    codes = {Path(r.path).name: r.error_code for r in summary.results}
    assert codes["zero.txt"] == codes["fifo.txt"] == "special_file"
    assert codes["outside.txt"] is None and codes["report.txt"] is None  # read through outside-folder


def test_a_special_file_named_on_the_command_line_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "named.txt"
    os.mkfifo(fifo)
    with finishes_within(30):
        found = find_inputs([fifo])
        assert found.paths == [] and [c.code for c in found.refused] == ["special_file"]
        with pytest.raises(SpecialFileError):
            read_regular(fifo)
        result = CliRunner().invoke(main, ["text", str(fifo)])
    assert result.exit_code == 1 and "error [special_file]" in result.output


def test_hashing_runs_under_the_timeout(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (3 << 20))
    assert hash_file(big, timeout=60).sha256 is not None
    late = hash_file(big, timeout=1e-9)
    assert late.sha256 is None and late.code == "timeout"


# --- resource limits ------------------------------------------------------------------------


def test_a_span_bomb_fails_as_too_large_without_building_the_grid():
    with use(Limits(max_grid_cells=50_000)):
        with pytest.raises(TooLargeError, match="spans expand past 50,000 cells"):
            read_html(hostile.span_bomb(cells=100, span=100), "spans.html")
        # A real report's grid is far below the limit.
        assert len(read_html(hostile.report_html(), "ok.html").rows) > 10


def test_a_docx_table_past_the_grid_limit_is_too_large(tmp_path):
    document = docx.Document()
    document.add_table(rows=40, cols=10)
    path = tmp_path / "wide.docx"
    document.save(str(path))
    with use(Limits(max_grid_cells=300)), pytest.raises(TooLargeError, match="past 300 cells"):
        read_docx(path)


def test_zip_parts_are_bounded_in_size_and_ratio_before_they_are_read(tmp_path):
    bomb = hostile.inflating_docx(tmp_path / "inflate.docx", megabytes=3)
    with use(Limits(max_zip_part=2 << 20)), pytest.raises(TooLargeError, match="word/document.xml inflates to"):
        read_docx(bomb)
    with use(Limits(max_zip_ratio=50)), pytest.raises(TooLargeError, match="inflates .* times"):
        check_zip(bomb)
    with use(Limits(max_zip_total=1 << 20, max_zip_ratio=1e6)), pytest.raises(TooLargeError, match="in all"):
        check_zip(bomb)
    # The spreadsheet readers and the LibreOffice route check the same way.
    for reader, part in ((read_xlsx, "xl/worksheets/sheet1.xml"), (read_ods, "content.xml")):
        package = tmp_path / f"bomb-{reader.__name__}.zip"
        with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(part, "<a>" + "A" * (3 << 20) + "</a>")
        with use(Limits(max_zip_part=1 << 20)), pytest.raises(TooLargeError, match=f"part {part} inflates"):
            reader(str(package), package.read_bytes())
    ordinary = tmp_path / "ordinary.zip"
    with zipfile.ZipFile(ordinary, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("a.xml", "<a/>" * 1000)
    check_zip(ordinary)


def test_a_pdf_page_with_too_many_drawing_instructions_is_too_large(tmp_path):
    pdf = hostile.drawing_pdf(tmp_path / "drawing.pdf", megabytes=2)
    with use(Limits(max_page_content=1 << 20)), pytest.raises(TooLargeError, match="page 1's drawing instructions"):
        read_pdf(pdf)


def test_a_content_stream_listed_many_times_counts_each_time(tmp_path):
    pdf = hostile.drawing_pdf(tmp_path / "listed.pdf", megabytes=0.4, listed=4)
    with use(Limits(max_page_content=1 << 20)), pytest.raises(TooLargeError, match="page 1's drawing instructions"):
        check_content(pdf)
    with use(Limits(max_page_content=2 << 20)):
        check_content(pdf)  # 1.6 MB in all: under this limit


def test_an_encrypted_pdf_that_opens_without_a_password_has_its_content_sized_too(tmp_path):
    plain = hostile.drawing_pdf(tmp_path / "drawing.pdf", megabytes=2)
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(plain) as document:  # an owner password only, as on print-protected PDFs
        document.save(locked, encryption=pikepdf.Encryption(owner="owner", user=""))
    with use(Limits(max_page_content=1 << 20)), pytest.raises(TooLargeError, match="page 1's drawing instructions"):
        check_content(locked)


def test_a_structure_the_content_check_cannot_follow_is_left_to_pdfium(tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(hostile.drawing_pdf(tmp_path / "drawing.pdf", megabytes=2).read_bytes()[:300])
    with use(Limits(max_page_content=1 << 20)):
        check_content(cut)  # no error of its own: PDFium names what is wrong with the file


@pytest.mark.parametrize("fork", [False, True])  # True: forked from this process, the limit on top of it
def test_a_worker_out_of_memory_fails_its_file_as_resource_limit_and_goes_on(tmp_path, fork):
    big = tmp_path / "big.txt"  # its bytes and their decoding do not fit in 400 MB with the worker itself
    big.write_bytes(b"ok\n" * (27 << 20))
    runs = hostile.inflating_docx(tmp_path / "runs.docx", megabytes=30, runs=True)
    unbounded = Limits(max_memory=400 << 20, max_grid_cells=10**12, max_zip_ratio=1e9)
    pool = LocalPool(jobs=1, timeout=120, limits=unbounded, fork=fork)
    try:
        tasks = [Task(str(p), None) for p in (big, runs, GOOD)]
        results = {task.path: result for task, result in pool.imap(tasks)}
    finally:
        pool.close()
        big.unlink()
    assert results[str(big)].error_code == "resource_limit"
    assert "ran out of memory within the 400 MB" in results[str(big)].error_message
    # libxml2 out of memory: no damaged file (corrupt_file), but the same limit.
    assert results[str(runs)].error_code == "resource_limit"
    assert results[str(GOOD)].status == "converted"  # same worker, after the failures


# --- no silent loss ---------------------------------------------------------------------------


def test_html_the_parser_stopped_reading_fails_instead_of_converting_short(tmp_path):
    deep = hostile.report_html(deep_row=3, depth=2100)
    with pytest.raises(IncompleteParseError, match="HTML parsing stopped at line 1 .* Excessive depth"):
        read_html(deep, "deep.html")
    # Deeper than libxml2's default 256 levels, within its 2,048: read whole.
    assert len(read_html(hostile.report_html(deep_row=3, depth=300), "ok.html").rows) == len(
        read_html(hostile.report_html(), "ok.html").rows
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "deep.html").write_text(deep, encoding="utf-8")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", OPTIONS)
    assert [r.error_code for r in summary.results] == ["parse_stopped"]


def test_html_a_cell_nested_almost_as_deep_as_the_parser_allows_is_read_whole():
    # 2,000 levels: within libxml2's 2,048, past Python's recursion limit (the cell's walk is not recursive).
    plain = read_html(hostile.report_html(), "ok.html").rows
    assert read_html(hostile.report_html(deep_row=3, depth=2000), "deep.html").rows == plain


def test_text_after_an_entity_reference_in_a_docx_run_is_kept_and_the_entity_reported(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"r{i}c{j}"
    plain = tmp_path / "plain.docx"
    document.save(str(plain))
    path = tmp_path / "entity.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, _, body = data.partition(b"?>")
                data = head + b'?><!DOCTYPE w:document [<!ENTITY agency "X">]>' + body
                data = data.replace(b">r1c1<", b">before &agency; after<")
            target.writestr(info, data)
    raw = read_docx(path)
    assert raw.rows[1].cells[1] == "before  after"
    assert [p.code for p in raw.problems] == ["docx_unresolved_entity"] and "&agency;" in raw.problems[0].message


def test_aligned_text_measures_each_line_once(monkeypatch):
    scanned = []
    real = aligned._ZERO_WIDTH

    class Counting:  # the pattern of zero-width characters, counting what it is asked to scan
        def finditer(self, text):
            scanned.append(len(text))
            return real.finditer(text)

    monkeypatch.setattr(aligned, "_ZERO_WIDTH", Counting())
    line = "ก่อน  " * 20_000  # three screen columns and two spaces, 20,000 times
    runs = aligned.runs_of(line)
    assert len(runs) == 20_000 and (runs[-1].start, runs[-1].end) == (5 * 19_999, 5 * 19_999 + 3)
    assert sum(scanned) <= len(line)


def test_a_run_under_thousands_of_column_starts_is_cut_without_recursion():
    words = ["กขค"] * 2500  # single spaces: one run, crossing a column start every 4 screen columns
    pieces = aligned._split_wide(list(range(0, 4 * 2500, 4)), (aligned.Run(0, 4 * 2500 - 1, " ".join(words)),))
    assert [p.text for p in pieces] == words
    assert [(p.start, p.end) for p in pieces] == [(start, start + 3) for start in range(0, 4 * 2500, 4)]


# --- messages and output folder -------------------------------------------------------------


def test_control_characters_in_names_are_escaped_in_messages_and_kept_in_the_manifest(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    name = "x\nerror [fake_code] all fine\x1b[2K\r.txt"
    (root / name).write_text("ไม่มีตาราง " * 30, encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert not any(line.startswith("error [fake_code]") for line in result.output.splitlines())
    assert "x\\nerror [fake_code] all fine\\x1b[2K\\r.txt" in result.output and "\x1b" not in result.output
    assert list(read_manifest(tmp_path / "out")) == [(root / name).as_posix()]
    status = CliRunner().invoke(main, ["status", str(tmp_path / "out")])
    assert "x\\nerror [fake_code]" in status.output and "\x1b" not in status.output
    assert printable("ก\u202eข\tค") == "ก\\u202eข\\tค"


def test_output_folder_inside_an_input_or_foreign_is_refused_unless_forced(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(GOOD, root / "good.txt")
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(root), "--out", str(root)])
    assert result.exit_code == 1 and "is inside the input" in result.output and "--force" in result.output
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("mine")
    result = runner.invoke(main, ["convert", str(root), "--out", str(foreign)])
    assert result.exit_code == 1 and "is not a thaireports output folder" in result.output
    assert sorted(os.listdir(foreign)) == ["thesis.docx"]
    result = runner.invoke(main, ["convert", str(root), "--out", str(foreign), "--force"])
    assert result.exit_code == 0 and (foreign / MANIFEST).exists()


def test_a_foreign_file_at_a_tool_path_is_a_clean_error(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(GOOD, root / "good.txt")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["convert", str(root), "--out", str(out)]).exit_code == 0
    for part in out.glob("documents/*/part-*.parquet"):
        part.write_text("not parquet")
    (root / "good.txt").write_text(GOOD.read_text(encoding="utf-8").replace("มาตรการ", "มาตรการ ", 1))
    result = runner.invoke(main, ["convert", str(root), "--out", str(out)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert re.search(r"Error: .*part-\d+\.parquet is not a documents part file", result.output)
    (out / MANIFEST).write_text("not parquet")
    result = runner.invoke(main, ["convert", str(root), "--out", str(out)])
    assert result.exit_code == 1 and f"{MANIFEST} is not a manifest thaireports can read" in result.output


# --- one-file commands under the same limits ------------------------------------------------


def test_text_and_inspect_run_under_the_timeout_and_memory_limit(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text(GOOD.read_text(encoding="utf-8") * 200, encoding="utf-8")  # seconds of work, not ms
    runner = CliRunner()
    result = runner.invoke(main, ["inspect", str(long), "--timeout", "0.01"])
    assert result.exit_code == 1 and "[timeout]" in result.output and "no result after 0.01 s" in result.output
    result = runner.invoke(main, ["text", str(long), "--timeout", "0.01"])
    assert result.exit_code == 1 and "error [timeout]" in result.output
    assert runner.invoke(main, ["inspect", str(GOOD), "--max-memory", "1G"]).exit_code == 0
    assert runner.invoke(main, ["text", str(GOOD), "--max-memory", "lots"]).exit_code == 2


def test_report_errors_cross_the_process_boundary_whole():
    """The one-file commands' child sends errors, and results holding one, back to the CLI process."""
    from pipeline.errors import UnusableTextLayerError
    from pipeline.isolate import run_limited

    def holding(path):
        return [UnusableTextLayerError(path, "why", pages=(1, 2))]

    def raising(path):
        raise UnusableTextLayerError(path, "why", pages=(3,))

    [held] = run_limited(holding, Path("x.pdf"), timeout=60, limits=Limits())
    assert (type(held), str(held), held.pages) == (UnusableTextLayerError, "x.pdf: why", (1, 2))
    with pytest.raises(UnusableTextLayerError) as raised:
        run_limited(raising, Path("x.pdf"), timeout=60, limits=Limits())
    assert raised.value.pages == (3,) and raised.value.code == "unusable_text_layer"


def test_discovery_walks_each_folder_once_and_never_the_output_folder(tmp_path):
    """A link back up the tree (followed) ends the walk there, and the output folder inside an
    input is left out however a path reaches it."""
    root = tmp_path / "in"
    (root / "a" / "b").mkdir(parents=True)
    shutil.copy(GOOD, root / "a" / "b" / "good.txt")
    (root / "a" / "b" / "up").symlink_to(root)  # a loop
    out = root / "parsed"
    out.mkdir()
    shutil.copy(GOOD, out / "left-here.txt")
    (root / "a" / "to-out").symlink_to(out)
    found = find_inputs([root], exclude=out, follow_symlinks=True)
    assert [p.relative_to(root).as_posix() for p in found.paths] == ["a/b/good.txt"]
    assert not found.refused
