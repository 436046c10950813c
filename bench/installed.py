"""Byte-compile the package as `pip install` does, before a bench times the command.

An installed thaireports has its modules compiled: pip writes their bytecode
at install time. A checkout run with PYTHONDONTWRITEBYTECODE set (as on the
machine these benches were first run on) compiles every module of ours again
in every process of every run: 0.06 s of a one-report run, and the parsers
again in each fork server and worker. The benches time the command as users
have it, so they compile it first, into `__pycache__` (ignored by git), which
Python reads whether or not it may write there.
"""

from __future__ import annotations

import compileall
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def compile_package() -> None:
    compileall.compile_dir(REPO / "pipeline", quiet=1)
    compileall.compile_file(REPO / "cli.py", quiet=1)
