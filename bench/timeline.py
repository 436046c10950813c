"""Where one `thaireports convert` run spends its time, seen from inside its processes.

    python bench/timeline.py INPUT [INPUT ...] [--jobs 1]

Runs the command in this process, as the CLI does, into a fresh temporary
folder, with clocks on its stages. It prints, in seconds from just before
the CLI's import: when the CLI was imported, when each worker's results
first and last reached the writer, and compaction.

A one-job run's worker is forked from this process, so it reports on itself
too: its imports of the parsers before its first file, its files'
conversion (`convert_file`: read, hash, parse), and the rest (sending
results, waiting for files). Workers forked by the fork server (two jobs or
more) report nothing of their own.

The clocks wrap the command's internals by name: a rename there breaks this
script, which `tests/test_bench_timeline.py` runs. For the command's time as
a user sees it, run `bench_end_to_end.py`.
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from installed import compile_package

STARTED = [time.perf_counter()]  # the clocks' zero, set again by `main` once the package is compiled


@dataclass
class WriterMarks:
    """What the writer saw, in seconds from the clocks' zero."""

    cli_imported: float = 0.0
    groups: dict[int, list[float]] = field(default_factory=dict)  # worker pid -> arrival of each group of results
    compaction: tuple[float, float] | None = None
    returned: float = 0.0


def since_start() -> float:
    return time.perf_counter() - STARTED[0]


def clock_the_writer(marks: WriterMarks) -> None:
    """Mark each group of results as it arrives, and compaction."""
    import pipeline.batch.pool as pool  # light: the CLI imports it before it forks a worker

    take = pool.LocalPool._take

    def timed_take(worker: Any, results: list[Any]) -> Iterator[Any]:
        marks.groups.setdefault(worker.process.pid, []).append(since_start())
        yield from take(worker, results)

    pool.LocalPool._take = staticmethod(timed_take)  # type: ignore[method-assign]
    # The batch run imports pyarrow, which the CLI imports only after forking a one-job run's
    # worker, and without numpy: imported here, it would change both. So its compaction is
    # clocked as the CLI imports it.
    sys.meta_path.insert(0, AfterImport("pipeline.batch.run", partial(clock_compaction, marks)))


def clock_compaction(marks: WriterMarks, run: ModuleType) -> None:
    apply = run.apply_compaction

    def timed_apply(*args: Any, **kwargs: Any) -> Any:
        began = since_start()
        try:
            return apply(*args, **kwargs)
        finally:
            marks.compaction = (began, since_start())

    run.apply_compaction = timed_apply  # type: ignore[attr-defined]  # the name `run_batch` calls


class AfterImport(importlib.abc.MetaPathFinder):
    """Calls `then(module)` once the module `name` is imported, wherever that happens."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]):
        self.name, self.then = name, then

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        execute = spec.loader.exec_module

        def execute_then(module: ModuleType) -> None:
            execute(module)
            self.then(module)

        spec.loader.exec_module = execute_then  # type: ignore[method-assign]
        return spec


def clock_the_forked_worker(reports: Path) -> None:
    """The worker a one-job run forks from this process (`fork_worker_early`) writes its own
    figures to `reports` as it ends."""
    import pipeline.batch.pool as pool

    entry, imports_done = pool._worker_entry, pool.worker_imports

    def timed_entry(*args: Any, **kwargs: Any) -> None:
        figures = {"started": since_start(), "first_file": None, "files": 0, "convert_wall": 0.0, "convert_cpu": 0.0}

        def timed_imports() -> None:  # called once the worker's modules are imported, before it serves
            imports_done()
            import pipeline.batch.worker as worker

            worker.convert_file = timed(worker.convert_file, figures)

        pool.worker_imports = timed_imports
        try:
            entry(*args, **kwargs)
        finally:
            figures.update(ended=since_start(), cpu=time.process_time())
            (reports / f"{os.getpid()}.json").write_text(json.dumps(figures))

    fork_early = pool.fork_worker_early

    def timed_fork_early(*args: Any, **kwargs: Any) -> None:
        # Only the worker forked here: one the fork server starts gets its entry by name.
        pool._worker_entry = timed_entry
        try:
            fork_early(*args, **kwargs)
        finally:
            pool._worker_entry = entry

    pool.fork_worker_early = timed_fork_early


def timed(convert: Callable[..., Any], figures: dict[str, Any]) -> Callable[..., Any]:
    def timed_convert(*args: Any, **kwargs: Any) -> Any:
        if figures["first_file"] is None:
            figures["first_file"] = since_start()
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return convert(*args, **kwargs)
        finally:
            figures["convert_wall"] += time.perf_counter() - wall
            figures["convert_cpu"] += time.process_time() - cpu
            figures["files"] += 1

    return timed_convert


def run_command(inputs: list[str], jobs: int, out: Path) -> int:
    """`thaireports convert` in this process; its exit status."""
    sys.argv = ["thaireports", "convert", *inputs, "--out", str(out), "--jobs", str(jobs), "--quiet"]
    from cli import main

    try:
        main()
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


def print_writer(marks: WriterMarks) -> None:
    print(f"{marks.cli_imported:7.3f} s  the CLI imported")
    for pid, arrivals in marks.groups.items():
        groups = f"{len(arrivals)} groups, the last at {arrivals[-1]:.3f} s"
        print(f"{arrivals[0]:7.3f} s  worker {pid}'s first results ({groups})")
    if marks.compaction:
        began, ended = marks.compaction
        print(f"{began:7.3f} s  compaction began")
        print(f"{ended:7.3f} s  compaction ended ({ended - began:.3f} s)")
    print(f"{marks.returned:7.3f} s  the command returned")


def print_worker(pid: int, figures: dict[str, Any]) -> None:
    files, first = figures["files"], figures["first_file"]
    print(f"worker {pid}, forked from this process at {figures['started']:.3f} s: {files} files")
    if first is None:
        return
    rest_wall = figures["ended"] - first - figures["convert_wall"]
    rest_cpu = figures["cpu"] - figures["convert_cpu"]
    print(f"  before its first file (its imports): {first - figures['started']:.3f} s")
    print(f"  converting (convert_file): {figures['convert_wall']:.3f} s wall, {figures['convert_cpu']:.3f} s CPU")
    print(f"  the rest after its first file (sending, waiting): {rest_wall:.3f} s wall")
    print(f"  CPU outside convert_file, its imports included: {rest_cpu:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    compile_package()
    STARTED[0] = time.perf_counter()  # before the CLI's import, which is timed
    marks = WriterMarks()
    with tempfile.TemporaryDirectory() as work:
        reports = Path(work) / "workers"
        reports.mkdir()
        clock_the_writer(marks)
        clock_the_forked_worker(reports)
        import cli  # noqa: F401 - timed here, as the CLI's own start

        marks.cli_imported = since_start()
        status = run_command(args.inputs, args.jobs, Path(work) / "out")
        marks.returned = since_start()
        print(f"thaireports convert {' '.join(args.inputs)} --jobs {args.jobs}: exit status {status}")
        print_writer(marks)
        for report in sorted(reports.glob("*.json")):
            print_worker(int(report.stem), json.loads(report.read_text()))
    if status:
        raise SystemExit(status)


if __name__ == "__main__":  # the fork server imports this file again, and must not run it
    main()
