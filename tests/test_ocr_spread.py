"""One file's OCR pages spread over the cores a batch leaves idle (`pipeline.read.ocr.spread`).

The machinery is tested with a cheap page reader (the page's text layer and
the process that read it); one batch run reads a real two-page scan by OCR.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.batch import progress
from pipeline.batch.progress import Progress
from pipeline.batch.run import BatchOptions, run_batch
from pipeline.read.ocr.spread import PageRun, read_pages, running

RENDITION = Path("tests/fixtures/rendition-excerpt.pdf")
HOSPITAL = Path("../shared/corpus/scanned/hospital-khoksawang-2566-scanned.pdf")


class Cores:
    """A `Spare` of `free` cores that remembers how many it lent at most."""

    def __init__(self, free: int):
        self.free, self.most_lent, self.lent = free, 0, 0

    def take(self, most: int) -> int:
        got = min(most, self.free)
        self.free -= got
        self.lent += got
        self.most_lent = max(self.most_lent, self.lent)
        return got

    def give(self, count: int) -> None:
        self.free += count
        self.lent -= count


def text_and_reader(page: pdfium.PdfPage, number: int) -> tuple[str, int]:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range(), os.getpid()
    finally:
        textpage.close()


def read_all(numbers: list[int], reader, cores: Cores | None, on_page=None) -> dict:
    pdf = pdfium.PdfDocument(str(RENDITION))
    try:
        with running(PageRun(cores, on_page)):
            return read_pages(pdf, str(RENDITION), numbers, reader)
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def pages() -> list[int]:
    n = len(pdfium.PdfDocument(str(RENDITION)))
    assert n >= 3
    return list(range(1, n + 1))


def test_pages_read_by_helpers_are_the_pages_read_here_and_the_cores_go_back(pages) -> None:
    alone = read_all(pages, text_and_reader, None)
    cores, told = Cores(2), []
    spread = read_all(pages, text_and_reader, cores, lambda done, total: told.append((done, total)))
    assert {n: text for n, (text, _) in spread.items()} == {n: text for n, (text, _) in alone.items()}
    assert {pid for _, pid in alone.values()} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in spread.values()}  # this process only hands pages out
    assert cores.most_lent == 2 and cores.free == 2
    assert told == [(i, len(pages)) for i in range(1, len(pages) + 1)]


def test_without_spare_cores_pages_are_read_here_one_by_one(pages) -> None:
    cores = Cores(0)
    read = read_all(pages, text_and_reader, cores)
    assert {pid for _, pid in read.values()} == {os.getpid()} and cores.free == 0


def test_a_helper_that_dies_costs_only_the_time_its_page_is_read_again(pages) -> None:
    here = os.getpid()

    def dies_on_page_two(page: pdfium.PdfPage, number: int) -> tuple[str, int]:
        if number == 2 and os.getpid() != here:
            os._exit(3)
        return text_and_reader(page, number)

    cores = Cores(1)
    read = read_all(pages, dies_on_page_two, cores)
    assert sorted(read) == pages and read[2][1] == here
    assert cores.free == 1


def test_an_error_reading_a_page_is_raised_here_and_no_helper_is_left(pages, tmp_path: Path) -> None:
    readers = tmp_path / "readers"

    def fails_on_page_two(page: pdfium.PdfPage, number: int) -> tuple[str, int]:
        with readers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        if number == 2:
            raise ValueError("page 2 is unreadable")
        return text_and_reader(page, number)

    cores = Cores(2)
    with pytest.raises(ValueError, match="page 2 is unreadable"):
        read_all(pages, fails_on_page_two, cores)
    helpers = {int(pid) for pid in readers.read_text().split()} - {os.getpid()}
    assert helpers and cores.free == 2
    for pid in helpers:  # every helper was waited for: none is left, not even as a zombie
        assert not Path(f"/proc/{pid}").exists()


def test_helpers_die_with_the_process_that_forked_them(tmp_path: Path) -> None:
    """A worker stopped at its timeout is killed; its helpers must not read on."""
    pids = tmp_path / "pids"
    script = f"""
import os, time
import pypdfium2 as pdfium
from pipeline.read.ocr.spread import PageRun, read_pages, running
class Cores:
    def take(self, most): return most
    def give(self, count): pass
def stuck(page, number):
    with open({str(pids)!r}, "a") as out:
        out.write(f"{{os.getpid()}}\\n")
    time.sleep(60)
with running(PageRun(Cores())):
    read_pages(pdfium.PdfDocument({str(RENDITION)!r}), {str(RENDITION)!r}, [1, 2, 3], stuck)
"""
    coordinator = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while (not pids.exists() or len(pids.read_text().split()) < 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    helpers = [int(pid) for pid in pids.read_text().split()]
    assert len(helpers) == 3 and coordinator.pid not in helpers
    coordinator.send_signal(signal.SIGKILL)
    coordinator.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in helpers)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper that a container may not have."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_progress_says_how_many_pages_of_a_file_ocr_has_read(monkeypatch) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)
    log = io.StringIO()
    lines = Progress(3, mode="log", stream=log)
    lines.page("archive/scan.pdf", 4, 15)
    lines.advance(1)
    lines.page("archive/scan.pdf", 15, 15)
    lines.advance(1)
    text = log.getvalue().splitlines()
    assert text[0].startswith("0/3 files") and text[0].endswith("; scan.pdf: 4/15 pages read by OCR")
    assert text[1].endswith("scan.pdf: 4/15 pages read by OCR")
    assert "OCR" not in text[-1]  # a file whose pages are all read is under way no more


def test_a_batch_lends_its_idle_cores_to_a_scan_and_reports_its_pages(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)
    scan = tmp_path / "in" / "scan.pdf"
    scan.parent.mkdir()
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(HOSPITAL)), [0, 1])
    pdf.save(str(scan))
    one = run_batch([scan.parent], tmp_path / "one", BatchOptions(jobs=1, progress="log"))
    two = run_batch([scan.parent], tmp_path / "two", BatchOptions(jobs=2, progress="log"))
    assert one.counts()["converted"] == two.counts()["converted"] == 1
    assert _tables(tmp_path / "one") == _tables(tmp_path / "two")
    assert re.search(r"scan\.pdf: 1/2 pages read by OCR", capsys.readouterr().err)


# Prints how many threads a process has as it forks; the children of a fork inherit the count.
FORKS_WATCHED = """
import os, sys
forking = os.fork
def counted():
    print("threads", len(os.listdir("/proc/self/task")), flush=True)
    return forking()
os.fork = counted
import cli
cli.main(sys.argv[1:], standalone_mode=False)
"""


def test_a_worker_forks_its_ocr_helpers_from_its_one_thread(tmp_path: Path) -> None:
    # numpy's OpenBLAS starts a pool as it loads, OpenCV one at its first parallel call: a
    # worker reading a scan had both when it forked its helpers, which got neither thread.
    scan = tmp_path / "scan.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(HOSPITAL)), [0, 1])
    pdf.save(str(scan))
    command = [sys.executable, "-c", FORKS_WATCHED, "convert", str(scan), "--out", str(tmp_path / "out")]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OPENBLAS", "OPENCV", "JE_ARROW"))}
    done = subprocess.run([*command, "--jobs", "2", "--quiet"], capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    forks = [line for line in done.stdout.splitlines() if line.startswith("threads")]
    assert len(forks) >= 2 and set(forks) == {"threads 1"}  # the worker, then its helper


def _tables(out: Path) -> dict[str, list]:
    import pyarrow.dataset as ds

    found = {}
    for table in ("documents", "activities", "actions", "outputs", "quantities"):
        rows = ds.dataset(out / table, partitioning="hive").to_table().to_pylist()
        found[table] = sorted(map(repr, rows))
    return found


def test_the_text_command_reads_scanned_pages_on_the_cores_it_has(monkeypatch) -> None:
    """`thaireports text` has the machine to itself: its pages read by OCR are spread too."""
    from pipeline.read.ocr import text

    monkeypatch.setattr(text, "page_text", lambda page, path: f"read by {os.getpid()}")
    n = len(pdfium.PdfDocument(str(RENDITION)))
    with running(PageRun(Cores(2))):
        spread = text.ocr_texts(RENDITION, [""] * n, mode="force")
    alone = text.ocr_texts(RENDITION, [""] * n, mode="force")
    assert len(spread) == n and f"read by {os.getpid()}" not in spread
    assert set(alone) == {f"read by {os.getpid()}"}


def test_cores_here_lends_only_the_other_cores() -> None:
    from pipeline.read.ocr.spread import CoresHere

    cores = CoresHere()
    others = cores.free
    assert others == len(os.sched_getaffinity(0)) - 1
    assert cores.take(others + 5) == others and cores.take(1) == 0
    cores.give(others)
    assert cores.free == others
