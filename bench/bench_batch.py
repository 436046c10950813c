#!/usr/bin/env python3
"""Benchmark `thaireports convert` on synthetic archives: throughput, parallel speed-up, memory, re-runs.

    python bench/bench_batch.py [--docs 5000] [--small 1000] [--repeat 2] [--work DIR] [--keep]

In one run: builds archives of --docs and --small documents with
bench/make_archive.py, converts the large one with --jobs 1 and with
--jobs 2 (fresh output folders), re-runs --jobs 2 on the unchanged archive,
and converts the small one with --jobs 2; the two large conversions run in
turn, and each pair's ratio is printed too, next to the floors it is held
to, measured just before the pair: how much more work two processes got
done at once than one (2.0 on two idle cores), for a plain CPU-bound loop
and for a worker's own work without the command around it (the first 300
files of the archive; `worker_alone.py`), where two processes may slow each
other down more than two plain loops do. Each conversion
is the real CLI in a subprocess; its process tree (writer, fork server, workers) is sampled from
/proc every 50 ms for peak resident memory, and its CPU time is counted whole (this process
adopts and reaps the orphaned fork server and workers). From the CPU, the
bench prints the most two jobs can gain: one job's wall time over half the
CPU two jobs spend, since both runs spend about the same. Each measurement is the fastest
of --repeat runs (fresh output folders), since other processes may share the
machine. Prints a markdown table and the three targets: 2 jobs >= 1.8x one
job, peak RSS independent of archive size, unchanged re-run <= 5% of the first
run.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from installed import compile_package
from interpreter import interpreter
from make_archive import build
from worker_alone import command as worker_command

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    label: str
    documents: int
    seconds: float
    writer_mb: float  # peak RSS of the writer (the CLI process)
    worker_mb: float  # peak RSS of any one worker process
    total_mb: float  # peak RSS of the whole process tree at one moment
    exit_code: int
    cpu_seconds: float  # user + system time of every process of the run

    @property
    def rate(self) -> float:
        return self.documents / self.seconds


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry))
    return tree


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError):
        return 0


def _sample(root: int) -> tuple[int, int, int]:
    """RSS of the root, the largest descendant, and the whole tree."""
    tree, stack, rss = _children(), [root], {}
    while stack:
        pid = stack.pop()
        rss[pid] = _rss(pid)
        stack.extend(tree.get(pid, []))
    others = [v for pid, v in rss.items() if pid != root]
    return rss.get(root, 0), max(others, default=0), sum(rss.values())


# prctl(PR_SET_CHILD_SUBREAPER): a process a run leaves behind (the fork server outlives the
# writer by a moment, and reaps the workers) becomes this process's child, so its CPU time,
# with that of the children it reaped, reaches `RUSAGE_CHILDREN` when it is reaped here.
_PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> bool:
    """Make this process the reaper of its descendants' orphans (Linux); False where it cannot."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_orphans(timeout: float = 10.0) -> None:
    """Wait for the adopted processes of the run that just ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.01)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def convert(label: str, archive: Path, out: Path, jobs: int, documents: int) -> Run:
    command = [
        sys.executable,
        str(REPO / "cli.py"),
        "convert",
        str(archive),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--quiet",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks = [0, 0, 0]  # writer, any one worker, all processes

    def sample() -> None:
        while process.poll() is None:
            peaks[:] = map(max, peaks, _sample(process.pid))
            time.sleep(0.05)

    # Sampled on a thread: the clock stops when the command does, not at the next 50 ms sample.
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    seconds = time.perf_counter() - started
    sampler.join()
    _reap_orphans()
    writer, worker, total = (peak / (1024 * 1024) for peak in peaks)
    cpu = _children_cpu() - cpu_before
    return Run(label, documents, seconds, writer, worker, total, process.returncode, cpu)


def best(label: str, archive: Path, out: Path, jobs: int, documents: int, repeat: int, fresh: bool = True) -> Run:
    """The fastest of `repeat` runs; `fresh` empties the output folder before each."""
    runs = []
    for _ in range(repeat):
        if fresh:
            shutil.rmtree(out, ignore_errors=True)
        runs.append(convert(label, archive, out, jobs, documents))
    return fastest(runs)


def in_turn(archive: Path, out: Path, documents: int, repeat: int) -> tuple[list[Run], list[Run], list[Floors]]:
    """`--jobs 1` and `--jobs 2` run in turn, `repeat` times each (fresh output folders): the
    runs of each, and the machine's own speed-ups (`Floors`) just before each pair. A pair
    shares the machine's load of the moment, so its ratio moves less than the seconds do
    when other processes come and go."""
    ones: list[Run] = []
    twos: list[Run] = []
    floors: list[Floors] = []
    for _ in range(repeat):
        floors.append(Floors(machine_speedup(_SPIN), machine_speedup(worker_command(archive, WORKER_FLOOR_FILES))))
        for jobs, runs in ((1, ones), (2, twos)):
            shutil.rmtree(out / f"jobs{jobs}", ignore_errors=True)
            runs.append(convert(f"convert {documents:,}, --jobs {jobs}", archive, out / f"jobs{jobs}", jobs, documents))
    return ones, twos, floors


def fastest(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


# A plain CPU-bound process of about half a second: work that barely touches memory.
_SPIN = [sys.executable, "-c", "sum(range(30_000_000))"]
# The worker's own work (`worker_alone.py`) on this many files of the archive: about 2 s.
WORKER_FLOOR_FILES = 300


@dataclass(frozen=True)
class Floors:
    """The machine's own speed-up of the moment, for two kinds of work."""

    spin: float  # a plain loop (`_SPIN`)
    work: float  # the worker's own work, without the command around it


def machine_speedup(command: list[str]) -> float:
    """How much more work two processes running `command` get done than one at this moment:
    2.0 on two idle cores, less when other jobs share them or the two slow each other down."""

    def wall(processes: int) -> float:
        started = time.perf_counter()
        for process in [subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL) for _ in range(processes)]:
            process.wait()
        return time.perf_counter() - started

    before = wall(1)
    both = wall(2)
    return (before + wall(1)) / both  # one process timed either side of the two: the drift between cancels


def share_of(ratios: list[float], speedups: list[float]) -> str:
    """The machine's speed-ups, and the pairs' speed-ups as shares of them."""
    shares = [ratio / speedup for ratio, speedup in zip(ratios, speedups)]
    return (
        f"median {statistics.median(speedups):.2f}x ({min(speedups):.2f}-{max(speedups):.2f}x); each pair's "
        f"speed-up is {statistics.median(shares):.0%} of it as a median ({min(shares):.0%}-{max(shares):.0%})"
    )


def cpu_ceiling(ones: list[Run], twos: list[Run], floors: list[float], ratios: list[float]) -> str:
    """The CPU of the pairs, and the speed-up it leaves two jobs: both runs spend about the
    same CPU, and two jobs cannot spend it faster than the machine's own speed-up allows."""
    cpu_one, cpu_two = (statistics.median(r.cpu_seconds for r in runs) for runs in (ones, twos))
    wall_one, wall_two = (statistics.median(r.seconds for r in runs) for runs in (ones, twos))
    ceilings = [floor * one.seconds / two.cpu_seconds for one, two, floor in zip(ones, twos, floors)]
    shares = [ratio / ceiling for ratio, ceiling in zip(ratios, ceilings)]
    return (
        f"- CPU of all processes, medians of the pairs: --jobs 1 {cpu_one:.2f} s in {wall_one:.2f} s "
        f"(so at least {cpu_one - wall_one:.2f} s on the second core, beside its one worker), --jobs 2 {cpu_two:.2f} s "
        f"in {wall_two:.2f} s ({cpu_two / (2 * wall_two):.0%} of two cores). So two jobs can go at most "
        f"{2 * wall_one / cpu_two:.2f}x as fast as one on two idle cores; on the machine's speed-up of "
        f"each pair, at most {statistics.median(ceilings):.2f}x ({min(ceilings):.2f}-{max(ceilings):.2f}x), "
        f"and each pair reached {statistics.median(shares):.0%} of that ({min(shares):.0%}-{max(shares):.0%})"
    )


def part_files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*.parquet"))
        if not p.name.startswith("_")
    }


def table(runs: list[Run]) -> str:
    lines = [
        "| run | documents | seconds | documents/s | peak RSS writer (MB) | peak RSS per worker (MB) "
        "| peak RSS all processes (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r.label} | {r.documents:,} | {r.seconds:.2f} | {r.rate:,.0f} | {r.writer_mb:.0f} "
            f"| {r.worker_mb:.0f} | {r.total_mb:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the fastest counts")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the archives and outputs")
    args = parser.parse_args(argv)
    compile_package()  # as installed: see installed.py
    counted_cpu = adopt_orphans()
    work = args.work or Path(tempfile.mkdtemp(prefix="thaireports-bench-"))
    shutil.rmtree(work / "out", ignore_errors=True)
    big, small = work / f"archive-{args.docs}", work / f"archive-{args.small}"
    for root, n in ((big, args.docs), (small, args.small)):
        if not root.exists():
            build(root, n, seed=n)
    size = sum(p.stat().st_size for p in big.rglob("*") if p.is_file()) / 1e6
    load = os.getloadavg()[0]
    out, n = work / "out", args.repeat
    ones, twos, floors = in_turn(big, out, args.docs, n)
    one, two = fastest(ones), fastest(twos)
    ratios = [a.seconds / b.seconds for a, b in zip(ones, twos)]
    runs = [
        one,
        two,
        best(f"re-run unchanged {args.docs:,}, --jobs 2", big, out / "jobs2", 2, args.docs, n + 1, fresh=False),
        best(f"convert {args.small:,}, --jobs 2", small, out / "small", 2, args.small, n),
    ]
    rerun, few = runs[2:]
    same = part_files(out / "jobs1") == part_files(out / "jobs2")
    print(
        f"Archive: {args.docs:,} documents, {size:.0f} MB (txt/html; UTF-8, UTF-8 BOM, UTF-16, cp874); "
        f"{os.cpu_count()} CPUs, load average {load:.2f} at start; {interpreter()}; fastest of {n} runs each\n"
    )
    print(table(runs))
    print(
        f"\n- speed-up --jobs 2 / --jobs 1: {one.seconds / two.seconds:.2f}x fastest against fastest; "
        f"run in turn, median of the {n} pairs {statistics.median(ratios):.2f}x "
        f"({min(ratios):.2f}-{max(ratios):.2f}x) (target >= 1.8x)"
    )
    kinds = (
        ("two CPU-bound processes at once against one", [f.spin for f in floors]),
        (f"two workers' own work at once against one, {WORKER_FLOOR_FILES} files each", [f.work for f in floors]),
    )
    for kind, speedups in kinds:
        print(f"- the machine's own speed-up before each pair ({kind}): {share_of(ratios, speedups)}")
    if counted_cpu:
        print(cpu_ceiling(ones, twos, [f.spin for f in floors], ratios))
    print(
        f"- peak RSS, all processes: {few.total_mb:.0f} MB for {args.small:,} documents, {two.total_mb:.0f} MB "
        f"for {args.docs:,} (writer {few.writer_mb:.0f} / {two.writer_mb:.0f} MB; target: independent of size)"
    )
    print(
        f"- unchanged re-run: {rerun.seconds:.2f} s = {100 * rerun.seconds / two.seconds:.1f}% of the --jobs 2 run, "
        f"{100 * rerun.seconds / one.seconds:.1f}% of the --jobs 1 run (target <= 5%)"
    )
    print(f"- --jobs 1 and --jobs 2 wrote byte-identical part files: {'yes' if same else 'NO'}")
    if any(r.exit_code for r in runs):
        print(f"- exit codes: {[r.exit_code for r in runs]}")
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
