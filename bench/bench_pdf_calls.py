"""What PDFium's per-character calls cost `read_pdf`, and how much of that is the call itself.

    python bench/bench_pdf_calls.py [PDF] [--rounds R]

Two measurements, on one PDF (default: the 271-page bench rendition, made
as `bench_end_to_end.py` makes it):

- `read_pdf`'s CPU time with the calls made from Python, made in the C
  loop (`pdfium_calls`, where it is built), and with PDFium's answers (each
  character's ink box and loose box, each mark's pen position) replayed
  from a first reading instead of asked for: the floor of any way of asking.
- The ink boxes of a page's characters as the reader gathers them
  (`evidence._char_boxes`), per character, with the call made five ways:
  PDFium's ink-box call in the C loop, through ctypes (the reader without
  the loop) and through cffi, and C's `labs` through both with the same six
  arguments: a call that does nothing, the floor of any call made from Python.

Rounds run in turn (best of `--rounds`), so the machine's drift touches both
sides alike.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
import pypdfium2.raw as pdfium_c  # noqa: E402
from bench_end_to_end import make_pdf  # noqa: E402

from pipeline.batch.worker import YOUNG_COLLECTION_THRESHOLD  # noqa: E402
from pipeline.read.pdf import evidence, pdfium_calls  # noqa: E402
from pipeline.read.pdf.reader import read_pdf  # noqa: E402

# The reader's per-character calls, each mapped over a whole page (`evidence.page_chars`).
PER_CHARACTER = ("_char_boxes", "_loose_boxes", "_mark_origins")


def read_seconds(pdf: Path, rounds: int) -> dict[str, float]:
    """Best CPU seconds of `read_pdf`: asking PDFium from Python, in the C loop, and replaying its answers."""
    loop = pdfium_calls.native
    asked = {name: getattr(evidence, name) for name in PER_CHARACTER}
    tapes: dict[str, list[Any]] = {name: [] for name in PER_CHARACTER}
    for name in PER_CHARACTER:
        setattr(evidence, name, _recording(asked[name], tapes[name]))
    # Replaying, the calls not replayed (which spaces PDFium made up) go through the loop too, where it is built.
    ways = {"calls from Python": (None, asked), "C loop": (loop, asked), "answers replayed": (loop, None)}
    if loop is None:
        del ways["C loop"]
    best = dict.fromkeys(ways, float("inf"))
    try:
        read_pdf(pdf, "off")
        for _ in range(rounds):
            for name, (native, functions) in ways.items():
                pdfium_calls.native = native
                _use(functions or {call: _replaying(iter(tapes[call])) for call in PER_CHARACTER})
                best[name] = min(best[name], _cpu(lambda: read_pdf(pdf, "off")))
    finally:
        pdfium_calls.native = loop
        _use(asked)
    return best


def call_costs(pdf: Path, rounds: int, pages: int = 60) -> dict[str, float]:
    """Nanoseconds per character of gathering the ink boxes, the call made four ways (see the module's docstring)."""
    import cffi

    ffi = cffi.FFI()
    document = pdfium.PdfDocument(pdf)
    textpages = [document[i].get_textpage() for i in range(min(pages, len(document)))]
    handles = [ctypes.cast(t.raw, ctypes.c_void_p).value or 0 for t in textpages]
    counts = [pdfium_c.FPDFText_CountChars(t.raw) for t in textpages]
    signature = "int(*)(intptr_t, int, intptr_t, intptr_t, intptr_t, intptr_t)"
    labs = ctypes.cast(ctypes.CDLL(None).labs, ctypes.c_void_p).value
    ways: dict[str, Any] = {
        "ink box, C loop (the reader)": None,
        "ink box, ctypes": pdfium_calls.CHAR_BOX,
        "ink box, cffi": ffi.cast(signature, pdfium_calls.address(pdfium_c.FPDFText_GetCharBox)),
        "labs, ctypes": ctypes.CFUNCTYPE(ctypes.c_int, *pdfium_calls.CHAR_BOX.argtypes)(labs),
        "labs, cffi": ffi.cast(signature, labs),
    }
    if pdfium_calls.native is None:
        del ways["ink box, C loop (the reader)"]
    best = dict.fromkeys(ways, float("inf"))
    for _ in range(rounds):
        for name, call in ways.items():
            seconds = _cpu(partial(_every_page, call, handles, counts))
            best[name] = min(best[name], seconds)
    for textpage in textpages:
        textpage.close()
    document.close()
    return {name: seconds * 1e9 / sum(counts) for name, seconds in best.items()}


def _every_page(call: Callable[..., int] | None, handles: list[int], counts: list[int]) -> None:
    """The reader's ink boxes of every page (`evidence._char_boxes`), made through `call` from Python,
    or in the C loop where `call` is None."""
    made, loop = pdfium_calls.CHAR_BOX, pdfium_calls.native
    if call is not None:
        pdfium_calls.CHAR_BOX, pdfium_calls.native = call, None
    try:
        for page, n in zip(handles, counts):
            evidence._char_boxes(page, n)
    finally:
        pdfium_calls.CHAR_BOX, pdfium_calls.native = made, loop


def _recording(function: Callable[..., Any], tape: list[Any]) -> Callable[..., Any]:
    def record(*args: Any) -> Any:
        answer = function(*args)
        tape.append(answer)
        return answer

    return record


def _replaying(tape: Iterator[Any]) -> Callable[..., Any]:
    return lambda *args: next(tape)


def _use(functions: dict[str, Callable[..., Any]]) -> None:
    for name, function in functions.items():
        setattr(evidence, name, function)


def _cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdf", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])  # as a worker collects
    with tempfile.TemporaryDirectory() as work:
        measure(args.pdf or make_pdf(Path(work), copies=20), args.rounds)


def measure(pdf: Path, rounds: int) -> None:
    seconds = read_seconds(pdf, rounds)
    python = seconds["calls from Python"]
    print(f"{pdf.name}: read_pdf, best CPU seconds of {rounds}, PDFium's per-character answers")
    for name, best in seconds.items():
        print(f"  {name:20s} {best:6.3f} s  {1 - best / python:4.0%} less than from Python")
    print("gathering the ink boxes, ns per character, the six-argument call made through:")
    for name, ns in call_costs(pdf, rounds).items():
        print(f"  {name:30s} {ns:6.0f}")


if __name__ == "__main__":
    main()
