#!/usr/bin/env python3
"""Convert a folder of hostile files beside a good report, and measure time and memory.

    python bench/hostile_folder.py [--work DIR] [--keep] [--timeout 300] [--jobs 2]

The folder holds: a FIFO named like a report, a symlink to /dev/zero, a
symlink to /etc/passwd, an HTML table whose spans would expand to 10^9 grid
positions, a DOCX whose document.xml inflates to 256 MB, an HTML report with
a cell nested deeper than libxml2's depth limit, a file whose name holds a
newline and a forged error line, a PDF page with 100 MB of drawing
operators, and one good report. `thaireports convert`
runs on it in a subprocess whose process tree is sampled from /proc every
50 ms; the script prints the wall time, the peak RSS of every process, the
outcome of every file, and checks the issue's acceptance:
finished by itself, the good report converted, every hostile file failed
with a specific code, nothing opened through the outside symlink (strace,
when installed), no forged line printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from bench_batch import _children, _rss  # noqa: E402

GOOD = REPO / "raw" / "000_9c5d8f0573ae8997.txt"
FORGED_NAME = "report\nerror [fake_code] everything is fine.txt"
DOCX_MB = 256
DEPTH = 3000  # libxml2 stops at 256 levels, or 2048 with its "huge" option

# The file name -> the error code it must fail with (None: any code).
EXPECTED = {
    "fifo.txt": "special_file",
    "zero.txt": "outside_inputs",  # special_file with --follow-symlinks
    "passwd.txt": "outside_inputs",
    "spans.html": "too_large",
    "inflate.docx": "too_large",
    "deep.html": "parse_stopped",
    "drawing.pdf": "too_large",
    FORGED_NAME: None,  # any failure (it holds no report): its error line must not be forged
}


def good_rows() -> list[list[str]]:
    lines = GOOD.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if "\t" in line]


def report_html(deep_row: int | None = None, depth: int = DEPTH) -> str:
    """The good report as an HTML table; `deep_row`'s first cell nested `depth` elements deep."""
    title = [line for line in GOOD.read_text(encoding="utf-8").splitlines()[:12] if line.strip()]
    rows = []
    for index, cells in enumerate(good_rows()):
        tds = ["<td>" + escape(cell).replace("\n", "<br>") + "</td>" for cell in cells]
        if index == deep_row:
            tds[0] = "<td>" + "<span>" * depth + escape(cells[0]) + "</span>" * depth + "</td>"
        rows.append("<tr>" + "".join(tds) + "</tr>")
    head = "".join(f"<p>{escape(line)}</p>" for line in title)
    return f"<html><body>{head}<table>{''.join(rows)}</table></body></html>"


def span_bomb(cells: int = 1000, span: int = 1000) -> str:
    first = "".join(f'<td rowspan="{span}" colspan="{span}">x</td>' for _ in range(cells))
    rest = "<tr><td>y</td></tr>" * (span - 1)
    return f"<html><body><table><tr>{first}</tr>{rest}</table></body></html>"


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def inflating_docx(path: Path, megabytes: int = DOCX_MB, runs: bool = False) -> Path:
    """A valid .docx whose document.xml is `megabytes` MB of one repeated character in a table cell
    (`runs`: of short runs, each an element, so that the parsed tree is many times larger)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr><w:tc><w:p>'.encode())
            if runs:
                run = b"<w:r><w:t>AAAA</w:t></w:r>"
                block = run * ((1 << 20) // len(run))
                for _ in range(megabytes):
                    part.write(block)
            else:
                part.write(b"<w:r><w:t>")
                for _ in range(megabytes):
                    part.write(b"A" * (1 << 20))
                part.write(b"</w:t></w:r>")
            part.write(b"</w:p></w:tc></w:tr></w:tbl></w:body></w:document>")
    return path


def drawing_pdf(path: Path, megabytes: float = 100, listed: int = 1) -> Path:
    """A one-page PDF whose content stream is `megabytes` MB of line-drawing operators, deflated,
    and listed `listed` times in the page's contents (PDFium draws it each time)."""
    packer = zlib.compressobj(9)
    line = b"10 10 m 20 20 l S\n"
    block = line * ((1 << 20) // len(line))
    chunks = [packer.compress(block) for _ in range(int(megabytes))]
    content = b"".join(chunks) + packer.compress(line * int((megabytes % 1) * (1 << 20) / len(line))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [%s] >>" % b" ".join([b"4 0 R"] * listed),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def build(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(GOOD, root / "good-report.txt")
    os.mkfifo(root / "fifo.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "spans.html").write_text(span_bomb(), encoding="utf-8")
    inflating_docx(root / "inflate.docx")
    (root / "deep.html").write_text(report_html(deep_row=3), encoding="utf-8")
    drawing_pdf(root / "drawing.pdf")
    (root / FORGED_NAME).write_text("ไม่มีตาราง " * 50, encoding="utf-8")
    return root


def run(root: Path, out: Path, timeout: float, jobs: int, trace: Path | None) -> dict:
    command = [sys.executable, str(REPO / "cli.py"), "convert", str(root), "--out", str(out), "--jobs", str(jobs)]
    command += ["--timeout", str(timeout)]
    if trace is not None:
        command = ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", str(trace), *command]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        stack, tree = [process.pid], _children()
        while stack:
            pid = stack.pop()
            peaks[pid] = max(peaks.get(pid, 0), _rss(pid))
            stack.extend(tree.get(pid, []))
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    return {
        "seconds": time.perf_counter() - started,
        "exit": process.returncode,
        "stdout": stdout,
        "stderr": stderr,
        "peaks_mb": sorted((v / (1 << 20) for v in peaks.values()), reverse=True),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, help="build the folder here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the folder and the output")
    parser.add_argument("--timeout", type=float, default=300.0, help="convert --timeout (default 300)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="hostile-"))
    root, out = build(work / "in"), work / "out"
    trace = work / "strace.log" if shutil.which("strace") else None
    result = run(root, out, args.timeout, args.jobs, trace)
    print(f"convert: exit {result['exit']}, {result['seconds']:.1f} s wall")
    print("peak RSS per process (MB): " + ", ".join(f"{mb:.0f}" for mb in result["peaks_mb"]))
    print("stderr:\n" + result["stderr"] + "stdout:\n" + result["stdout"])
    import pyarrow.parquet as pq

    rows = {Path(r["path"]).name: r for r in pq.read_table(out / "_manifest.parquet").to_pylist()}
    checks = {
        "finished well under 4 minutes": result["seconds"] < 120,
        "good report converted": rows.get("good-report.txt", {}).get("status") == "converted",
        "every process under 2 GB": max(result["peaks_mb"]) < 2048,
        "no forged line": not any(line.startswith("error [fake_code]") for line in result["stderr"].splitlines()),
    }
    for name, code in EXPECTED.items():
        got = rows.get(name, {}).get("error_code")
        checks[f"{name!r} failed as {code or 'anything'} (got {got})"] = got == code or (code is None and bool(got))
    if trace is not None:
        opened = trace.read_text(errors="replace")
        checks["/etc/passwd never opened"] = "/etc/passwd" not in opened
        checks["/dev/zero never opened"] = "/dev/zero" not in opened
        checks["fifo.txt never opened for reading"] = "fifo.txt" not in opened
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if not args.keep and args.work is None:
        shutil.rmtree(work)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
