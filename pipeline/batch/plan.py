"""Decide what a run must do with each input path, before any work starts.

Content decides, not file times: a path whose bytes (sha256) and parser
version match what the dataset already holds is `unchanged` and costs one
read to hash it. Paths with the same bytes form one document, converted once
from the first path in sorted order. Files converted by a run that was killed
before it committed are taken from its staged chunks, not converted again.
A file that failed before with the same bytes and parser fails the same way;
it is reported again without a retry unless asked (`retry_failed`). Paths
from earlier runs that this run did not find are kept, or removed with
`prune` when they no longer exist on disk: never without being asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import PARSER_VERSION
from pipeline.batch.discover import Candidate
from pipeline.batch.manifest import CONVERTED, FAILED, UNCHANGED, ManifestRow
from pipeline.batch.pool import Task
from pipeline.batch.result import WorkResult
from pipeline.batch.staging import Chunk
from pipeline.errors import CHANGED_DURING_RUN, UNREADABLE

# Failures that say nothing about the bytes: always tried again.
RETRIED = frozenset({CHANGED_DURING_RUN.code, UNREADABLE.code})


@dataclass(frozen=True)
class Plan:
    """Outcomes known without converting, the conversions to run, and the paths gone."""

    settled: tuple[ManifestRow, ...]
    tasks: tuple[Task, ...]
    kept: tuple[ManifestRow, ...]  # earlier rows of paths not found this run, still in the tables
    pruned: tuple[str, ...]  # paths whose rows this run removes

    @property
    def n_paths(self) -> int:
        return len(self.settled) + sum(1 + len(t.duplicates) for t in self.tasks)


def make_plan(
    found: Iterable[Candidate],
    old: dict[str, ManifestRow],
    pending: list[Chunk],
    *,
    prune: bool = False,
    retry_failed: bool = False,
) -> Plan:
    found = list(found)
    settled = [_unreadable(c) for c in found if c.sha256 is None]
    groups: dict[str, list[str]] = defaultdict(list)
    sources = {c.path: c.source for c in found if c.source}
    sizes = {c.path: c.size or 0 for c in found}
    for candidate in found:
        if candidate.sha256 is not None:
            groups[candidate.sha256].append(candidate.path)
    committed = {r.sha256: r for r in old.values() if r.live and r.parser_version == PARSER_VERSION}
    staged, failures = _staged(pending), _failures(old.values(), pending)
    tasks = []
    for sha, paths in sorted(groups.items(), key=lambda item: min(item[1])):
        paths.sort()
        known = _known(sha, paths, committed, staged, failures if not retry_failed else {})
        if known is None:
            tasks.append(Task(paths[0], sha, tuple(paths[1:]), sources.get(paths[0]), size=sizes[paths[0]]))
        else:
            settled.extend(known)
    seen = {c.path for c in found}
    gone = [r for path, r in sorted(old.items()) if path not in seen]
    pruned = tuple(r.path for r in gone if prune and not Path(_os_path(r.path)).is_file())
    kept = tuple(r for r in gone if r.path not in pruned)
    return Plan(tuple(settled), tuple(tasks), kept, pruned)


def _os_path(text: str) -> str:
    """Back from `clean_text` to the OS path, for names that had undecodable bytes."""
    if "\\x" not in text:
        return text
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8", "surrogateescape")


def _unreadable(candidate: Candidate) -> ManifestRow:
    return ManifestRow(
        candidate.path,
        None,
        None,
        None,
        FAILED,
        candidate.code,
        f"{candidate.path}: {candidate.error}",
        PARSER_VERSION,
    )


def _staged(pending: list[Chunk]) -> dict[str, ManifestRow]:
    """sha -> the latest staged conversion of those bytes by this parser version."""
    staged = {}
    for chunk in pending:
        for row in chunk.results:
            if row.status == CONVERTED and row.parser_version == PARSER_VERSION and row.sha256 is not None:
                staged[row.sha256] = row
    return staged


def _failures(old: Iterable[ManifestRow], pending: list[Chunk]) -> dict[str, ManifestRow]:
    """sha -> a failure that the same bytes and parser would repeat."""
    rows = [*old, *(row for chunk in pending for row in chunk.results)]
    return {
        r.sha256: r
        for r in rows
        if r.status == FAILED
        and r.sha256 is not None
        and r.parser_version == PARSER_VERSION
        and r.error_code not in RETRIED
    }


def _known(sha: str, paths: list[str], committed: dict, staged: dict, failures: dict) -> list[ManifestRow] | None:
    """Rows for `paths` when their outcome is already known, else None (convert them)."""
    if sha in committed:
        row = committed[sha]
        return [
            ManifestRow(
                path,
                sha,
                row.size,
                row.format,
                UNCHANGED,
                parser_version=row.parser_version,
                fiscal_year=row.fiscal_year,
            )
            for path in paths
        ]
    if sha in staged:  # finished by a killed run: this run completes it, times included
        row = staged[sha]
        return [row if path == row.path else row.moved_to(path) for path in paths]
    if sha in failures:
        return [failures[sha].moved_to(path) for path in paths]
    return None


def rows_for(task: Task, result: WorkResult) -> list[ManifestRow]:
    """Manifest rows of a task's path and of its duplicates, from one result."""
    row = ManifestRow(
        task.path,
        result.sha256 or task.sha256,
        result.size,
        result.format,
        result.status,
        result.error_code,
        result.error_message,
        result.parser_version,
        result.seconds,
        result.rows_written,
        result.fiscal_year,
    )
    return [row, *(row.moved_to(path) for path in task.duplicates)]
