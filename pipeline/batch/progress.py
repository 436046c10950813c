"""Progress of a batch: a tqdm bar on a terminal, plain log lines elsewhere, or nothing.

Log lines (for cron jobs and CI logs, where a bar's carriage returns turn
into noise) come at most every `LOG_EVERY` seconds, and once at the end.
Files read by OCR are slow (seconds a page), so while one is read, the bar
or the log line also says how many of its pages are done.
"""

from __future__ import annotations

import sys
import time
from pathlib import PurePath
from typing import TextIO

LOG_EVERY = 10.0
MODES = ("auto", "bar", "log", "none")


class Progress:
    """Counts files done out of `total`; `initial` of them were settled without converting."""

    def __init__(self, total: int, initial: int = 0, mode: str = "auto", stream: TextIO | None = None):
        if mode not in MODES:
            raise ValueError(f"progress mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if self.stream.isatty() else "log"
        self.mode, self.total, self.done, self.failed = mode, total, initial, 0
        self._initial, self._started, self._logged = initial, time.monotonic(), time.monotonic()
        self._bar = None
        self._pages: dict[str, tuple[int, int]] = {}  # OCR pages read of files under way: (done, total)
        if mode == "bar":
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                initial=initial,
                unit="file",
                file=self.stream,
                dynamic_ncols=True,
                smoothing=0.1,
                postfix={"failed": 0},
            )

    def note(self, message: str) -> None:
        if self.mode == "none":
            return
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def advance(self, files: int, failed: int = 0) -> None:
        self.done += files
        self.failed += failed
        if self._bar is not None:
            if failed:
                self._bar.set_postfix_str(self._postfix(), refresh=False)
            self._bar.update(files)
        elif self.mode == "log" and time.monotonic() - self._logged >= LOG_EVERY:
            self._log()

    def page(self, path: str, done: int, total: int) -> None:
        """`done` of the `total` pages `path` reads by OCR are read."""
        if done >= total:
            self._pages.pop(path, None)
        else:
            self._pages[path] = (done, total)
        if self._bar is not None:
            self._bar.set_postfix_str(self._postfix())
        elif self.mode == "log" and time.monotonic() - self._logged >= LOG_EVERY:
            self._log()

    def _postfix(self) -> str:
        under_way = ", ".join(f"{PurePath(p).name} page {d}/{t}" for p, (d, t) in self._pages.items())
        return f"failed={self.failed}" + (f", OCR: {under_way}" if under_way else "")

    def _log(self) -> None:
        self._logged = time.monotonic()
        elapsed = self._logged - self._started
        rate = (self.done - self._initial) / elapsed if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = f", ETA {_duration(left / rate)}" if rate > 0 and left else ""
        under_way = "".join(f"; {PurePath(p).name}: {d}/{t} pages read by OCR" for p, (d, t) in self._pages.items())
        print(
            f"{self.done}/{self.total} files, {rate:.1f} files/s, {self.failed} failed{eta}{under_way}",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.mode == "log" and self.done > self._initial:
            self._log()


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
