"""Text safe to print: what the commands show of file names and messages.

A file name may hold a newline, a carriage return or a terminal escape
sequence; printed raw it could forge a line of the tool's own output or hide
one. Messages escape them; the manifest keeps the exact names.
"""

from __future__ import annotations

import re

# C0 and C1 controls, and the characters that reorder or break lines on a terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` safe to print on one line: controls escaped as ``\\n``, ``\\x1b``, ``\\u202e``.

    >>> printable("a\\nerror [x] b\\x1b[2K.txt")
    'a\\\\nerror [x] b\\\\x1b[2K.txt'
    """
    return _UNPRINTABLE.sub(lambda m: _NAMED.get(m.group()) or _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
