"""Word 97-2003 (.doc) and OpenDocument text (.odt) reports, through LibreOffice.

LibreOffice headless turns the file into a .docx, which the DOCX reader then
reads like any other; the document keeps its original `source_format`. The
conversion never touches the user's files or settings: the input's bytes are
copied into a fresh temporary folder, LibreOffice runs with a temporary user
profile (`-env:UserInstallation`) and writes there, and everything is removed
afterwards. A conversion that takes longer than `TIMEOUT` seconds is killed
with its process group. Without LibreOffice the file fails with
`needs_libreoffice` and the line that installs it.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from pipeline.errors import CorruptFileError, NeedsLibreOfficeError, NoTableError, ReportError, TimeoutError_
from pipeline.limits import read_regular
from pipeline.model import RawDocument, TextLayer
from pipeline.read.containers import OLE_MAGIC, ZIP_ERRORS
from pipeline.read.ziplimits import check_zip

TIMEOUT = 120.0  # seconds for one conversion; a first start builds the profile (a few seconds)
INSTALL_HINT = "install LibreOffice: apt-get install libreoffice-writer (Debian/Ubuntu), or save the file as .docx"
_NAMES = {"doc": "a Word 97-2003 document", "odt": "an OpenDocument text"}


def soffice() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_via_docx(path: Path, kind: str, data: bytes | None = None) -> RawDocument:
    """Read a .doc or .odt file as the .docx LibreOffice makes of it, keeping its text as well."""
    from pipeline.read.docx.reader import docx_page_text, read_docx

    with converted_docx(path, kind, data) as docx_path:
        text = TextLayer(((docx_page_text(docx_path), Counter()),))  # far cheaper than converting again
        try:
            raw = read_docx(docx_path)
        except NoTableError as no_table:
            no_table.text_layer = text
            raise
    return replace(raw, path=str(path), source_format=kind, text_layer=text)


@contextmanager
def converted_docx(path: Path, kind: str, data: bytes | None = None) -> Iterator[Path]:
    """A temporary .docx made from `path` by LibreOffice; errors name `path`."""
    data = read_regular(path) if data is None else data
    _check_container(path, kind, data)
    program = soffice()
    if program is None:
        raise NeedsLibreOfficeError(
            path, f"{_NAMES[kind]} (.{kind}) is read through LibreOffice, not found: {INSTALL_HINT}"
        )
    with tempfile.TemporaryDirectory(prefix="thaireports-office-") as folder:
        work = Path(folder)
        source = work / f"report.{kind}"
        source.write_bytes(data)
        (work / "out").mkdir()
        _run(program, source, work, path)
        made = work / "out" / "report.docx"
        if not made.is_file() or made.stat().st_size == 0:
            raise CorruptFileError(path, f"LibreOffice could not read it as {_NAMES[kind]}")
        try:
            yield made
        except ReportError as err:
            err.path, err.args = str(path), (f"{path}: {err.message}",)
            raise


def _check_container(path: Path, kind: str, data: bytes) -> None:
    """Refuse bytes that cannot be the container before starting LibreOffice."""
    if kind == "doc":
        # an OLE2 header is 512 bytes and names its byte order FFFE at offset 28
        if not data.startswith(OLE_MAGIC) or len(data) < 1536 or data[28:30] != b"\xfe\xff":
            raise CorruptFileError(path, "damaged Word 97-2003 file: the OLE2 compound file header is incomplete")
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("content.xml")
            check_zip(path, archive)  # LibreOffice would inflate every part
    except ZIP_ERRORS as exc:
        raise CorruptFileError(path, f"damaged OpenDocument package: {type(exc).__name__}: {exc}") from exc


def _run(program: str, source: Path, work: Path, path: Path) -> None:
    command = [
        program,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(work / "out"),
        str(source),
    ]
    env = {**os.environ, "HOME": str(work)}  # nothing lands in the user's home either
    with subprocess.Popen(
        command,
        cwd=work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise TimeoutError_(path, f"LibreOffice took more than {TIMEOUT:.0f} s to convert it") from exc
    if process.returncode != 0:
        tail = output.decode("utf-8", errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise CorruptFileError(path, f"LibreOffice failed to convert it (exit {process.returncode}: {tail[0]})")
