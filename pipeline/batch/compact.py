"""Fold staged chunks into the part files, in an order that keeps the tables consistent.

Which documents to add, replace and remove is worked out from the manifest
of the last committed run, the staged chunks and this run's outcome. Every
document id ever written is in one of the first two (the manifest is written
after the part files, the chunks deleted after the manifest), so nothing a
killed run wrote can be left behind, and running the same compaction twice
gives the same files: it is safe to redo after a crash at any point.

Order: first the child tables get new and replaced documents, then
`documents` (the table users join from) gets its rows, paths and removals,
and last the children lose the rows of removed documents. At any moment a
document listed in `documents` has all its rows in the other tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pipeline import PARSER_VERSION
from pipeline.batch.manifest import CONVERTED, ManifestRow
from pipeline.batch.staging import Chunk, ChunkReader
from pipeline.store.write import (
    CHILD_TABLES,
    Slot,
    StagedPart,
    remove_empty_partitions,
    rewrite_part,
    slot_of,
)

# Threads that flush and rename finished part files: the disk takes concurrent flushes
# together, so several cost little more than one.
COMMIT_THREADS = 8


@dataclass(frozen=True)
class Compaction:
    """What to change, by part file (fiscal year, bucket)."""

    chosen: dict[str, int]  # doc_id -> the chunk its new rows come from
    replace: dict[Slot, frozenset[str]]  # documents whose rows come from chunks
    remove: dict[Slot, frozenset[str]]  # documents to delete
    repath: frozenset[Slot]  # documents slots where a document's paths changed
    paths: dict[str, list[str]]  # doc_id -> every path holding its bytes, sorted


def plan_compaction(final: Iterable[ManifestRow], old: Iterable[ManifestRow], chunks: list[Chunk]) -> Compaction:
    final, old = list(final), list(old)
    live: dict[str, int] = {}
    paths: dict[str, list[str]] = defaultdict(list)
    for row, sha, year in _live(final):
        live[sha] = year
        paths[sha].append(row.path)
    fresh = {sha for row, sha, _ in _live(final) if row.status == CONVERTED}
    chosen = {
        sha: chunk.seq
        for chunk in chunks
        for r, sha, _ in _live(chunk.results)
        if sha in fresh and r.status == CONVERTED and r.parser_version == PARSER_VERSION
    }
    known = {(sha, year) for _, sha, year in _live(old)}
    known |= {(sha, year) for chunk in chunks for _, sha, year in _live(chunk.results)}
    old_paths: dict[str, list[str]] = defaultdict(list)
    for row, sha, _ in _live(old):
        old_paths[sha].append(row.path)
    repath = {slot_of(s, y) for s, y in live.items() if sorted(paths[s]) != sorted(old_paths.get(s, ()))}
    return Compaction(
        chosen=chosen,
        replace=_by_slot((s, live[s]) for s in chosen),
        remove=_by_slot((s, y) for s, y in known if live.get(s) != y),
        repath=frozenset(repath),
        paths={s: sorted(p) for s, p in paths.items()},
    )


def _live(rows: Iterable[ManifestRow]) -> Iterator[tuple[ManifestRow, str, int]]:
    """Each row whose document is in the tables, with its doc_id and fiscal year."""
    for row in rows:
        key = row.live_key
        if key is not None:
            yield row, key[0], key[1]


def _by_slot(pairs: Iterable[tuple[str, int]]) -> dict[Slot, frozenset[str]]:
    found: dict[Slot, set[str]] = defaultdict(set)
    for doc_id, year in pairs:
        found[slot_of(doc_id, year)].add(doc_id)
    return {slot: frozenset(ids) for slot, ids in found.items()}


def apply_compaction(
    out: Path,
    plan: Compaction,
    chunks: list[Chunk],
    threads: int = 1,
    on_write: Callable[[Path], None] = lambda path: None,
) -> tuple[int, int, int]:
    """Rewrite the part files `plan` touches, phase by phase; returns how many files each phase wrote.

    Files within a phase are independent, so they are written by `threads`
    threads (Arrow compresses and writes without holding the GIL; the Python
    around it, about a millisecond a file, holds it), and put in place by
    `COMMIT_THREADS` more: those only wait for the disk.
    """
    phases: list[list[Callable[[], StagedPart]]] = [[], [], []]
    for table in CHILD_TABLES:
        staged = ChunkReader(chunks, table, plan.chosen)
        phases[0] += [
            partial(_rewrite, out, table, slot, plan.replace[slot], staged, None) for slot in sorted(plan.replace)
        ]
    staged = ChunkReader(chunks, "documents", plan.chosen)
    for slot in sorted(set(plan.replace) | set(plan.remove) | plan.repath):
        drop = plan.replace.get(slot, frozenset()) | plan.remove.get(slot, frozenset())
        phases[1].append(partial(_rewrite, out, "documents", slot, drop, staged, plan.paths))
    for table in CHILD_TABLES:
        phases[2] += [partial(rewrite_part, out, table, slot, plan.remove[slot]) for slot in sorted(plan.remove)]
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool, ThreadPoolExecutor(COMMIT_THREADS) as disk:
        for phase in phases:  # a phase starts when the one before has finished
            commits = [disk.submit(staged.commit) for staged in pool.map(lambda job: job(), phase)]
            for commit in commits:
                on_write(commit.result())
    remove_empty_partitions(out)
    return len(phases[0]), len(phases[1]), len(phases[2])


def _rewrite(
    out: Path, table: str, slot: Slot, drop: frozenset[str], staged: ChunkReader, paths: dict[str, list[str]] | None
) -> StagedPart:
    return rewrite_part(out, table, slot, drop, staged.rows(slot), paths)
