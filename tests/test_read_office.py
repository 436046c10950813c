"""Office formats told apart by content; .doc/.odt/.xls through their readers; a mixed archive in one run."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from odf.opendocument import OpenDocumentText
from odf.text import P
from openpyxl import Workbook

from cli import main
from conftest import FIXTURES
from pipeline.batch.discover import discover
from pipeline.errors import CorruptFileError, NeedsLibreOfficeError, ReportError, TimeoutError_, UnsupportedFormatError
from pipeline.parse.document import parse_document
from pipeline.read import libreoffice, read_document, sniff_format
from pipeline.read.containers import OLE_MAGIC
from tools.office_copies import copy_gold, make_copies, save_as
from tools.score_corpora import scores_of

REPORT = "abt-nongbuathong-2567"


def _office_files(folder: Path) -> dict[str, Path]:
    made = {}
    document = docx.Document()
    document.add_paragraph("รายงาน")
    document.save(made.setdefault("docx", folder / "a.docx"))
    book = Workbook()
    book.active["A1"] = "รายงาน"
    book.save(made.setdefault("xlsx", folder / "a.xlsx"))
    text = OpenDocumentText()
    text.text.addElement(P(text="รายงาน"))
    text.save(str(made.setdefault("odt", folder / "a.odt")))
    made["ods"] = make_copies([FIXTURES / "renditions" / f"{REPORT}.docx"], folder, ["ods"])[0]
    return made


def test_office_formats_are_told_by_content_not_extension(tmp_path: Path) -> None:
    for kind, path in _office_files(tmp_path).items():
        data = path.read_bytes()
        assert sniff_format(data, Path("report.dat")) == kind
        assert sniff_format(data[:8192], Path("report.dat")) == kind  # what a folder search reads
        assert sniff_format(data, Path("report.doc")) == kind  # a wrong extension does not mislead


def _ole(*streams: str) -> bytes:
    directory = b"".join(name.encode("utf-16-le") + b"\x00\x00" + b"\x00" * 40 for name in streams)
    return OLE_MAGIC + b"\x00" * 504 + directory


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (_ole("Root Entry", "WordDocument", "1Table"), "old.bin", "doc"),
        (_ole("Root Entry", "Workbook"), "old.doc", "xls"),
        (_ole("Root Entry", "Book"), "old", "xls"),
        (_ole("Root Entry"), "first-bytes-only.xls", "xls"),
    ],
)
def test_ole2_files_by_their_streams(data: bytes, name: str, kind: str) -> None:
    assert sniff_format(data, Path(name)) == kind


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (_ole("Root Entry", "EncryptedPackage"), "locked.docx", "password-protected"),
        (_ole("Root Entry", "PowerPoint Document"), "slides.ppt", "PowerPoint"),
        (_ole("Root Entry"), "mystery.bin", "neither a Word nor an Excel"),
    ],
)
def test_ole2_files_no_reader_takes(data: bytes, name: str, message: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=message):
        sniff_format(data, Path(name))


def test_zip_archives_that_are_no_report(tmp_path: Path) -> None:
    for name, members, message in [
        ("photos.zip", {"a.jpg": b"x"}, "not a Word, Excel or OpenDocument"),
        ("deck.pptx", {"ppt/presentation.xml": b"<p/>"}, "PowerPoint"),
        ("slides.odp", {"mimetype": b"application/vnd.oasis.opendocument.presentation"}, "presentation"),
    ]:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        with pytest.raises(UnsupportedFormatError, match=message):
            sniff_format(buffer.getvalue(), tmp_path / name)


def test_without_libreoffice_doc_and_odt_fail_with_the_install_line(tmp_path: Path, monkeypatch) -> None:
    odt = _office_files(tmp_path)["odt"]
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    with pytest.raises(NeedsLibreOfficeError, match="a.odt: .*apt-get install libreoffice-writer") as raised:
        read_document(odt)
    assert raised.value.code == "needs_libreoffice"
    result = CliRunner().invoke(main, ["text", str(odt)])
    assert result.exit_code == 1 and "error [needs_libreoffice]" in result.output


def _fake_soffice(folder: Path, body: str) -> None:
    """A `soffice` on PATH that records its arguments and then runs `body`."""
    program = folder / "soffice"
    program.write_text(f'#!/bin/sh\necho "$@" > "{folder}/args"\necho $$ > "{folder}/pid"\n{body}\n')
    program.chmod(0o755)


def test_conversion_runs_in_a_temporary_folder_and_is_killed_after_the_timeout(tmp_path: Path, monkeypatch) -> None:
    odt = _office_files(tmp_path)["odt"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(libreoffice, "TIMEOUT", 0.5)
    _fake_soffice(bin_dir, "exec sleep 30")
    before = sorted(tmp_path.iterdir())
    with pytest.raises(TimeoutError_, match="a.odt: LibreOffice took more than"):
        read_document(odt)
    args = (bin_dir / "args").read_text().split()
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    work = Path(args[-1]).parent
    assert work != odt.parent and profile.startswith(f"-env:UserInstallation={work.as_uri()}")
    assert args[args.index("--outdir") + 1].startswith(str(work)) and not work.exists()  # removed afterwards
    assert not Path(f"/proc/{(bin_dir / 'pid').read_text().strip()}").exists()  # killed, not left running
    _fake_soffice(bin_dir, "exit 0")  # says nothing, writes nothing
    with pytest.raises(CorruptFileError, match="a.odt: LibreOffice could not read it as an OpenDocument text"):
        read_document(odt)
    assert sorted(tmp_path.iterdir()) == before  # nothing written beside the user's file


def test_a_converted_file_without_a_report_table_is_converted_once(tmp_path: Path, monkeypatch) -> None:
    real = libreoffice.soffice()
    assert real is not None, "the tests need LibreOffice (.ci/run installs it)"
    odt = _office_files(tmp_path)["odt"]  # one paragraph: no table, so its kind is asked from its text
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_soffice(bin_dir, f'echo run >> "{bin_dir}/runs"\nexec "{real}" "$@"')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ReportError):
        parse_document(odt, odt.read_bytes(), odt.name)
    assert (bin_dir / "runs").read_text().split() == ["run"]


def test_torn_word_97_file_is_corrupt_before_libreoffice_starts(tmp_path: Path) -> None:
    (tmp_path / "old.doc").write_bytes(_ole("Root Entry", "WordDocument")[:600])
    with pytest.raises(CorruptFileError, match="old.doc: damaged Word 97-2003 file"):
        read_document(tmp_path / "old.doc")


# --- with LibreOffice: one report in every format, one run ------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, Path]:
    """A folder holding one report as .txt, .pdf, .docx, .xlsx, .ods, .xls, .doc and .odt, and its gold."""
    if libreoffice.soffice() is None:
        pytest.fail("LibreOffice (soffice) is needed: apt-get install libreoffice-writer libreoffice-calc")
    root = tmp_path_factory.mktemp("mixed")
    folder, gold = root / "archive", root / "gold"
    docx_source = FIXTURES / "renditions" / f"{REPORT}.docx"
    made = make_copies([docx_source], folder, ["xlsx", "ods", "doc", "odt"])
    save_as([folder / f"{REPORT}.xlsx"], "xls", folder)
    made.append(folder / f"{REPORT}.xls")
    copy_gold(made, FIXTURES / "renditions-gold", gold)
    for source, gold_file in [
        (docx_source, FIXTURES / "renditions-gold" / f"{REPORT}.docx.json"),
        (FIXTURES / "renditions" / f"{REPORT}.pdf", FIXTURES / "renditions-gold" / f"{REPORT}.pdf.json"),
        (FIXTURES / "raw" / f"{REPORT}.txt", FIXTURES / "gold" / f"{REPORT}.txt.json"),
    ]:
        shutil.copy(source, folder)
        shutil.copy(gold_file, gold)
    return folder, gold


def test_a_folder_mixing_every_format_converts_in_one_run(mixed: tuple[Path, Path], tmp_path: Path) -> None:
    folder, gold = mixed
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    formats = "doc 1, docx 1, ods 1, odt 1, pdf 1, txt 1, xls 1, xlsx 1"
    assert f"8 converted, 0 unchanged, 0 failed; by format: {formats};" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # the archive is left as it was
    status = runner.invoke(main, ["status", str(out)])
    assert status.exit_code == 0 and re.search(r"by format:\n  doc +1  \(converted 1\)\n", status.output)
    scores = {name: r["total"] for name, r in scores_of(out, gold, FIXTURES / "score.py")["documents"].items()}
    text_original = scores.pop(f"{REPORT}.txt")
    assert len(scores) == 7 and all(abs(total - text_original) <= 0.01 for total in scores.values()), scores


def test_doc_text_and_xls_reading(mixed: tuple[Path, Path]) -> None:
    folder, _ = mixed
    result = CliRunner().invoke(main, ["text", str(folder / f"{REPORT}.doc")])
    assert result.exit_code == 0 and "ประจำปีงบประมาณ พ.ศ. 2567" in result.output
    xls = read_document(folder / f"{REPORT}.xls")
    xlsx = read_document(folder / f"{REPORT}.xlsx")
    assert xls.source_format == "xls" and xls.rows == xlsx.rows and xls.preamble == xlsx.preamble
    assert sniff_format((folder / f"{REPORT}.doc").read_bytes(), Path("x")) == "doc"


def test_office_files_without_an_extension_are_found(mixed: tuple[Path, Path], tmp_path: Path) -> None:
    folder, _ = mixed
    for kind in ("doc", "xls", "xlsx", "ods", "odt"):
        shutil.copy(folder / f"{REPORT}.{kind}", tmp_path / f"scan-{kind}")
    (tmp_path / "photos").write_bytes(_ole("Root Entry", "PowerPoint Document"))
    assert [p.name for p in discover([tmp_path])] == [f"scan-{k}" for k in ("doc", "ods", "odt", "xls", "xlsx")]
