"""Run one file's work in a child process under the batch's limits: memory, time, and the readers' caps.

`thaireports text` and `inspect` read one file the way `convert` does, so a
hostile file must cost them no more: the work runs in a forked child under
the same memory limit (`Limits.max_memory`, on top of what the parent
process already mapped) and per-file timeout, and a
child that runs out of either becomes a `ReportError` naming the file.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # the rest loads when a command runs: `thaireports --help` stays quick
    from multiprocessing.connection import Connection

    from pipeline.errors import ReportError
    from pipeline.limits import Limits

T = TypeVar("T")

# The command-line options of these limits, the same for convert, text and inspect.
TIMEOUT = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds one file may take; a slower file is recorded as failed: timeout.",
)


def _limits(ctx: click.Context, param: click.Parameter, value: str) -> Limits:
    from pipeline.limits import Limits, parse_size

    try:
        return Limits(max_memory=parse_size(value))
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


MAX_MEMORY = click.option(
    "--max-memory",
    "limits",
    default="2G",
    show_default=True,
    metavar="SIZE",
    callback=_limits,
    help="Memory reading one file may use (512M, 4G, none); a file needing more fails: resource_limit.",
)


OCR_OPTION = click.option(
    "--ocr",
    type=click.Choice(["auto", "off", "force"]),  # pipeline.read.ocr.OCR_MODES, not imported: --help stays quick
    default="auto",
    show_default=True,
    help="Read PDF pages by OCR (Tesseract, Thai): auto: pages without usable text (a scan, or a "
    "text layer that is no text); force: every page; off: none (a scanned PDF fails as scanned_pdf).",
)


def safety_options(command: Callable) -> Callable:
    """--follow-symlinks and --force: what a batch may read and where it may write."""
    force = click.option(
        "--force", is_flag=True, help="Write into a folder that is not a thaireports output, or inside an input."
    )
    follow = click.option(
        "--follow-symlinks", is_flag=True, help="Read symbolic links that lead outside the inputs given."
    )
    return follow(force(command))


def limit_options(command: Callable) -> Callable:
    """--timeout and --max-memory, for a one-file command."""
    return TIMEOUT(MAX_MEMORY(command))


def run_limited(func: Callable[..., T], path: Path, *args: Any, timeout: float | None, limits: Limits) -> T:
    """`func(path, *args)` in a child process under `limits` and `timeout` seconds."""
    import multiprocessing

    from pipeline.errors import TimeoutError_
    from pipeline.limits import ResourceLimitError

    if "fork" not in multiprocessing.get_all_start_methods():  # no fork: run here, unlimited
        return func(path, *args)
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(theirs, func, path, args, limits), daemon=True)
    child.start()
    theirs.close()
    try:
        if not ours.poll(timeout):
            raise TimeoutError_(path, f"no result after {timeout:g} s; stopped")
        try:
            kind, value = ours.recv()
        except (EOFError, OSError):
            child.join()
            raise ResourceLimitError(path, _died(child.exitcode, limits)) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        ours.close()
    if kind == "ok":
        return value
    if kind == "report":
        raise value
    if kind == "memory":
        within = f" within the {limits.max_memory >> 20} MB limit" if limits.max_memory else ""
        raise ResourceLimitError(path, f"ran out of memory{within}")
    raise RuntimeError(value)


def _died(exitcode: int | None, limits: Limits) -> str:
    limit = f" (memory limit {limits.max_memory >> 20} MB)" if limits.max_memory else ""
    return f"the reading process died with exit code {exitcode}{limit}"


def _reduce(error: ReportError) -> tuple:
    return _rebuild, (type(error), error.path, error.message, dict(error.__dict__))


def _rebuild(cls: type[ReportError], path: str, message: str, state: dict) -> ReportError:
    """A `ReportError` of any subclass, whatever its __init__ takes (pickle calls it with args)."""
    from pipeline.errors import ReportError

    error = cls.__new__(cls)
    ReportError.__init__(error, path, message)
    error.__dict__.update(state)
    return error


def _picklable(cls: type[ReportError]) -> None:
    from multiprocessing.reduction import ForkingPickler

    for sub in cls.__subclasses__():
        ForkingPickler.register(sub, _reduce)
        _picklable(sub)


def _child(conn: Connection, func: Callable, path: Path, args: tuple, limits: Limits) -> None:
    from pipeline.errors import ReportError
    from pipeline.limits import apply_memory_limit, set_limits

    _picklable(ReportError)  # errors, and results holding one, go back to the parent whole
    set_limits(limits)
    apply_memory_limit(limits.max_memory, more=True)  # the parent's mappings are not the file's
    from pipeline.read.ocr.spread import CoresHere, PageRun, running

    try:
        # One file has the machine: its scanned pages may use every core.
        with running(PageRun(CoresHere())):
            reply: tuple[str, Any] = ("ok", func(path, *args))
    except ReportError as err:
        reply = ("report", err)
    except MemoryError:
        reply = ("memory", None)
    except Exception as err:  # shown by the parent, which has the terminal
        reply = ("error", "".join(traceback.format_exception_only(type(err), err)).strip())
    try:
        conn.send(reply)
    except MemoryError:
        conn.send(("memory", None))
    finally:
        conn.close()
