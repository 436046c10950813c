"""Convert report files into the Parquet dataset, one file's failure never stopping the rest."""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import PARSER_VERSION
from pipeline.errors import ReportError
from pipeline.read import EXTENSIONS, read_document, sniff_format
from pipeline.records import ParsedDocument, build_records, document_id
from pipeline.write import documents_by_path, replace_documents

MANIFEST = "_manifest.parquet"
MANIFEST_SCHEMA = pa.schema([
    ("path", pa.string()), ("sha256", pa.string()), ("size", pa.int64()), ("format", pa.string()),
    ("status", pa.string()), ("error_code", pa.string()), ("error_message", pa.string()),
    ("parser_version", pa.string()), ("seconds", pa.float64()), ("rows_written", pa.int64()),
])


@dataclass(frozen=True)
class FileResult:
    path: str
    sha256: str | None
    size: int | None
    format: str | None
    status: str  # "converted" | "failed"
    error_code: str | None = None
    error_message: str | None = None
    seconds: float = 0.0
    rows_written: int = 0


@dataclass
class Summary:
    results: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    def errors_by_code(self) -> Counter:
        return Counter(r.error_code for r in self.failed)


def discover(inputs: list[Path]) -> list[Path]:
    """Report files under `inputs`, sorted; hidden and temporary files skipped."""
    found: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            found.update(p for p in item.rglob("*") if p.is_file() and _wanted(p, item))
        else:
            found.add(item)
    return sorted(found)


def _wanted(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    if any(part.startswith((".", "~$", "_")) for part in parts) or path.name.endswith(("~", ".tmp", ".part")):
        return False
    return path.suffix.lower() in EXTENSIONS


def convert_file(path: Path) -> tuple[ParsedDocument, bytes]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReportError(path, f"cannot read the file ({err.strerror or err})") from err
    raw = read_document(path, data)
    return build_records(raw, data, path.as_posix()), data


def convert_paths(inputs: list[Path], out: Path) -> Summary:
    summary = Summary()
    parsed: list[ParsedDocument] = []
    for path in discover(inputs):
        started = time.perf_counter()
        try:
            doc, data = convert_file(path)
        except ReportError as err:
            summary.results.append(_failure(path, err.code, err.message, started))
            continue
        except Exception as err:  # a parser bug must cost one file, not the batch
            summary.results.append(_failure(path, "internal_error", f"{type(err).__name__}: {err}", started))
            continue
        parsed.append(doc)
        rows = sum(len(v) for v in doc.rows.values())
        summary.results.append(FileResult(path.as_posix(), doc.doc_id, len(data), doc.document["source_format"],
                                          "converted", seconds=time.perf_counter() - started, rows_written=rows))
    write_documents(out, parsed)
    write_manifest(out, summary)
    return summary


def _failure(path: Path, code: str, message: str, started: float) -> FileResult:
    sha = size = fmt = None
    try:
        data = path.read_bytes()
        sha, size = document_id(data), len(data)
        fmt = sniff_format(data, path)
    except (OSError, ReportError):
        pass
    return FileResult(path.as_posix(), sha, size, fmt, "failed", code, f"{path.as_posix()}: {message}",
                      time.perf_counter() - started)


def write_documents(out: Path, parsed: list[ParsedDocument]) -> None:
    existing = documents_by_path(out)
    drop = {existing[d.document["source_path"]] for d in parsed if d.document["source_path"] in existing}
    drop |= {(d.doc_id, d.fiscal_year) for d in parsed}
    by_year: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for doc in parsed:
        for table, rows in doc.rows.items():
            by_year[doc.fiscal_year][table].extend(rows)
    if by_year or drop:
        replace_documents(out, by_year, drop)


def write_manifest(out: Path, summary: Summary) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = [{**r.__dict__, "parser_version": PARSER_VERSION} for r in summary.results]
    table = pa.Table.from_pylist(sorted(rows, key=lambda r: r["path"]), schema=MANIFEST_SCHEMA)
    temporary = out / f".{MANIFEST}.tmp"
    pq.write_table(table, temporary)
    temporary.replace(out / MANIFEST)
