"""The manifest: one row per input path, what became of it, and the summary `status` prints.

``DIR/_manifest.parquet`` is written last in every run that changes it, after
the tables, by temporary file and rename: it is the record of what the
dataset holds (a run that changes nothing leaves it as it is). The
leading underscore keeps it out of ``pandas.read_parquet(DIR / table)`` and
pyarrow datasets.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

from pipeline.batch import MANIFEST
from pipeline.batch.result import clean_text
from pipeline.printable import printable
from pipeline.store.write import LAYOUT

CONVERTED, UNCHANGED, FAILED = "converted", "unchanged", "failed"
STATUSES = (CONVERTED, UNCHANGED, FAILED)
# Rows of these paths are in the tables.
LIVE = (CONVERTED, UNCHANGED)

MANIFEST_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("sha256", pa.string()),
        ("size", pa.int64()),
        ("format", pa.string()),
        ("status", pa.string()),
        ("error_code", pa.string()),
        ("error_message", pa.string()),
        ("parser_version", pa.string()),
        ("seconds", pa.float64()),
        ("rows_written", pa.int64()),
        ("fiscal_year", pa.int32()),
    ],
    metadata={b"thaireports.layout": LAYOUT.encode()},
)


class BatchError(Exception):
    """A batch cannot run at all (as opposed to one file failing)."""


class NothingFoundError(BatchError):
    """No report file under the inputs: a wrong folder, not an empty success."""


class ManifestError(BatchError):
    """The output folder holds a manifest this version cannot build on."""


@dataclass(frozen=True)
class ManifestRow:
    """What one input path became in the latest run."""

    path: str
    sha256: str | None
    size: int | None
    format: str | None
    status: str
    error_code: str | None = None
    error_message: str | None = None
    parser_version: str | None = None
    seconds: float = 0.0
    rows_written: int = 0
    fiscal_year: int | None = None

    @property
    def live_key(self) -> tuple[str, int] | None:
        """(sha256, fiscal_year) when this path's document is in the tables, else None."""
        if self.status in LIVE and self.sha256 is not None and self.fiscal_year is not None:
            return self.sha256, self.fiscal_year
        return None

    @property
    def live(self) -> bool:
        return self.live_key is not None

    def moved_to(self, path: str) -> ManifestRow:
        """The same outcome for another path holding the same bytes."""
        message = self.error_message
        if message and message.startswith(self.path + ":"):
            message = path + message[len(self.path) :]
        return replace(self, path=path, error_message=message, seconds=0.0, rows_written=0)


def manifest_path(out: Path) -> Path:
    return out / MANIFEST


def read_manifest(out: Path, staged: bool = False) -> dict[str, ManifestRow]:
    """path -> row of the last committed run; empty for a new output folder.

    Tables without a manifest are someone else's (or an older layout's) unless
    `staged` chunks show that a first run was killed before its commit.
    """
    path = manifest_path(out)
    if not path.exists():
        if not staged and any((out / name).is_dir() for name in ("documents", "measures")):
            raise ManifestError(f"{out} holds tables but no {MANIFEST}; convert into an empty folder")
        return {}
    try:
        table = read_own_file(path)
    except (pa.ArrowException, OSError) as err:
        raise ManifestError(
            f"{path} is not a manifest thaireports can read ({type(err).__name__}: {err}); convert into a new folder"
        ) from err
    layout = (table.schema.metadata or {}).get(b"thaireports.layout", b"").decode()
    if layout != LAYOUT or set(table.schema.names) != set(MANIFEST_SCHEMA.names):
        raise ManifestError(
            f"{out} was written by another thaireports version (layout {layout or 'unknown'}); "
            "convert into an empty folder"
        )
    return {row.path: row for row in table_rows(table)}


def read_own_file(path: Path) -> pa.Table:
    """A small Parquet file of the writer's own, read on this thread.

    Arrow's thread pools, once started, stay, and a writer that forks a worker
    must have no other thread (`pipeline.batch.SINGLE_THREADED`). (`read_table`
    would also load the dataset machinery: 0.2 s.)
    """
    return pq.ParquetFile(path, pre_buffer=False).read(use_threads=False)


def table_rows(table: pa.Table) -> list[ManifestRow]:
    """Manifest rows of a table; column-wise, which is several times faster than row dicts."""
    columns = table.select(MANIFEST_SCHEMA.names).to_pydict()
    return [ManifestRow(*values) for values in zip(*columns.values())]


_ON_THIS_THREAD = pj.ReadOptions(use_threads=False)  # see `read_own_file`


def rows_table(rows: Iterable[ManifestRow]) -> pa.Table:
    """The rows as an Arrow table, sorted by path.

    Built by Arrow's JSON reader rather than `pa.Table.from_pylist`: any
    conversion of Python objects makes pyarrow import pandas (0.15 s and 40 MB),
    which an unchanged re-run otherwise never needs.
    """
    ordered = sorted(rows, key=lambda r: r.path)
    try:
        lines = "\n".join(json.dumps(vars(r), ensure_ascii=False) for r in ordered).encode("utf-8")
    except UnicodeEncodeError:  # a path's undecodable bytes got this far: keep them as \xNN
        lines = "\n".join(
            json.dumps({k: clean_text(v) if isinstance(v, str) else v for k, v in vars(r).items()}, ensure_ascii=False)
            for r in ordered
        ).encode("utf-8")
    if not lines:
        return pa.Table.from_batches([], MANIFEST_SCHEMA)  # not `empty_table()`, which imports pandas
    options = pj.ParseOptions(explicit_schema=MANIFEST_SCHEMA, unexpected_field_behavior="error")
    return pj.read_json(pa.py_buffer(lines), _ON_THIS_THREAD, options).replace_schema_metadata(MANIFEST_SCHEMA.metadata)


def write_manifest(out: Path, rows: Iterable[ManifestRow]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    temporary = out / f".{MANIFEST}.{os.getpid()}.tmp"
    pq.write_table(rows_table(rows), temporary)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, manifest_path(out))
    _fsync_folder(out)  # the rename is the commit: make it durable, not only atomic


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class StatusReport:
    """The manifest summed up for `thaireports status`."""

    n_paths: int
    by_status: dict[str, int]
    by_error: dict[str, int]
    slowest: list[tuple[float, str]]
    n_documents: int
    rows_written: int
    years: list[int]
    by_format: dict[str, dict[str, int]] = field(default_factory=dict)  # format -> status -> paths


def status_report(rows: Iterable[ManifestRow], slowest: int = 10) -> StatusReport:
    rows = list(rows)
    by_status = Counter(r.status for r in rows)
    by_error = Counter(r.error_code or "unknown" for r in rows if r.status == FAILED)
    timed = sorted(((r.seconds, r.path) for r in rows if r.seconds), key=lambda t: (-t[0], t[1]))
    keys = [key for key in (r.live_key for r in rows) if key is not None]
    live = {sha for sha, _ in keys}
    years = sorted({year for _, year in keys})
    by_format: dict[str, Counter] = {}
    for r in rows:
        by_format.setdefault(r.format or "unknown", Counter())[r.status] += 1
    return StatusReport(
        len(rows),
        {s: by_status.get(s, 0) for s in STATUSES},
        dict(sorted(by_error.items())),
        timed[:slowest],
        len(live),
        sum(r.rows_written for r in rows),
        years,
        {fmt: {s: n for s, n in counts.items() if n} for fmt, counts in sorted(by_format.items())},
    )


def render_status(report: StatusReport, out: Path) -> list[str]:
    lines = [
        f"{out / MANIFEST}: {report.n_paths} input paths, {report.n_documents} documents"
        + (f" (fiscal years {report.years[0]}–{report.years[-1]})" if report.years else "")
    ]
    lines += [f"  {status:<10} {count:>8}" for status, count in report.by_status.items()]
    if report.by_format:
        lines.append("by format:")
        lines += [
            f"  {fmt:<10} {sum(counts.values()):>8}  ({', '.join(f'{s} {n}' for s, n in counts.items())})"
            for fmt, counts in report.by_format.items()
        ]
    if report.by_error:
        lines.append("failed by error code:")
        lines += [f"  {code:<18} {count:>8}" for code, count in report.by_error.items()]
    if report.slowest:
        lines.append("slowest files in the last run (seconds):")
        lines += [f"  {seconds:8.3f}  {printable(path)}" for seconds, path in report.slowest]
    lines.append(f"rows written by the last run: {report.rows_written}")
    return lines
