"""Which Python ran a bench: the ratios move with the interpreter's build, not only with the machine.

The text floor is mostly C loops over strings (`str.translate`, `re`), the
parse mostly bytecode, and pdfplumber mostly bytecode too. A build with
profile-guided optimisation speeds the first far more than the rest, so the
same code on the same machine reads 5x its floor under one build and 7x under
another (docs/speed.md, "pikepdf for the content check, pdfplumber only when
asked"). Figures are only comparable on the same interpreter.
"""

from __future__ import annotations

import platform
import sys


def interpreter() -> str:
    """The implementation, version and path of the running Python."""
    return f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"
