"""Chunks of converted rows staged under ``DIR/_batch/`` until the run commits them.

The writer buffers results and, every few hundred documents, writes them as
one chunk: a folder with the chunk's manifest rows (``results.parquet``) and
one file per table holding an Arrow IPC stream per part file (fiscal year
and bucket) back to back, with their offsets in ``index.json``, so
compaction reads only the rows it needs. A chunk is written under a
temporary name and renamed into place, so it exists whole or not at all; a
run killed half-way leaves its finished chunks, and the next run resumes from
them instead of converting those files again. Memory stays bounded by the
chunk size, whatever the size of the archive.
"""

from __future__ import annotations

import fcntl
import json
import shutil
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.batch.manifest import (
    CONVERTED,
    BatchError,
    ManifestRow,
    read_own_file,
    rows_table,
    table_rows,
)
from pipeline.batch.wire import read_stream, stream
from pipeline.store.schema import TABLES
from pipeline.store.write import Slot, slot_of, string_array

STAGING = "_batch"
RESULTS = "results.parquet"
INDEX = "index.json"


@dataclass(frozen=True)
class Chunk:
    """A staged chunk: its sequence number, folder and manifest rows."""

    seq: int
    path: Path
    results: tuple[ManifestRow, ...]


class Staging:
    """The ``_batch`` folder of one output folder."""

    def __init__(self, out: Path):
        self.root = out / STAGING

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One writer per output folder; the lock dies with the process, even on SIGKILL."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = self.root / "lock"
        with open(lock, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BatchError(f"another thaireports convert is writing to {self.root.parent}") from None
            yield
            if not any(self.root.glob("chunk-*")):  # a finished run leaves no trace
                lock.unlink(missing_ok=True)
                try:
                    self.root.rmdir()
                except OSError:
                    pass

    def remove_temporaries(self) -> None:
        for path in self.root.glob(".chunk-*"):
            shutil.rmtree(path, ignore_errors=True)

    def chunks(self) -> list[Chunk]:
        found = []
        for path in sorted(self.root.glob("chunk-*")):
            rows = table_rows(read_own_file(path / RESULTS))
            found.append(Chunk(int(path.name.split("-")[1]), path, tuple(rows)))
        return found

    def next_seq(self) -> int:
        existing = [int(p.name.split("-")[1]) for p in self.root.glob("chunk-*")]
        return max(existing, default=0) + 1

    def write_chunk(self, seq: int, results: list[ManifestRow], docs: list[tuple[str, int, dict[str, bytes]]]) -> Path:
        """Stage `docs` (doc_id, fiscal_year, record-batch messages by table) and their files' `results`."""
        final = self.root / f"chunk-{seq:06d}"
        temporary = self.root / f".chunk-{seq:06d}"
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        by_slot: dict[Slot, dict[str, list[bytes]]] = defaultdict(lambda: defaultdict(list))
        for doc_id, year, messages in docs:
            for name, message in messages.items():
                by_slot[slot_of(doc_id, year)][name].append(message)
        index = {name: _write_streams(temporary / f"{name}.arrows", name, by_slot) for name in TABLES}
        (temporary / INDEX).write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        pq.write_table(rows_table(results), temporary / RESULTS)
        temporary.rename(final)
        return final

    def clear(self) -> None:
        for path in sorted(self.root.glob("chunk-*")):
            shutil.rmtree(path, ignore_errors=True)


def _write_streams(path: Path, name: str, by_slot: dict[Slot, dict[str, list[bytes]]]) -> dict[str, list[int]]:
    """One IPC stream per part file, back to back; returns slot -> [offset, length]."""
    index, offset = {}, 0
    with open(path, "wb") as handle:
        for slot in sorted(by_slot):
            messages = by_slot[slot].get(name)
            if messages:
                data = stream(name, messages)
                handle.write(data)
                index[_key(slot)] = [offset, len(data)]
                offset += len(data)
    return index


def _key(slot: Slot) -> str:
    return f"{slot[0]}:{slot[1]}"


class ChunkReader:
    """Rows of one table across chunks, by part file, keeping only the chosen documents."""

    def __init__(self, chunks: list[Chunk], table: str, chosen: dict[str, int]):
        self.table, self._sources = table, []
        by_seq: dict[int, set[str]] = defaultdict(set)
        for doc_id, seq in chosen.items():
            by_seq[seq].add(doc_id)
        for chunk in chunks:
            wanted = by_seq.get(chunk.seq)
            if wanted:
                index = json.loads((chunk.path / INDEX).read_text(encoding="utf-8"))[table]
                staged = {r.sha256 for r in chunk.results if r.status == CONVERTED}
                # Usually every document of a chunk is wanted: then no filter is needed.
                keep = None if staged <= wanted else string_array(sorted(wanted))
                self._sources.append((chunk.path / f"{table}.arrows", index, keep))

    def rows(self, slot: Slot) -> list[pa.Table]:
        found = []
        for path, index, keep in self._sources:
            if _key(slot) in index:
                offset, length = index[_key(slot)]
                # Plain reads, not memory maps: mapped pages would stay resident (and count as
                # the writer's memory) for the whole phase; an open file per chunk could run
                # out of descriptors on a big archive.
                with pa.OSFile(str(path)) as handle:
                    table = read_stream(handle.read_at(length, offset))
                if keep is not None:
                    import pyarrow.compute as pc  # only when compacting: see `store.write.sort_rows`

                    table = table.filter(pc.is_in(table["doc_id"], value_set=keep))
                if table.num_rows:
                    found.append(table)
        return found
