"""What the command line prints, made safe for a terminal: every print of ``assembly`` goes through here.

Imported files reach the terminal: a statement text, a conversation topic, a file name or a value quoted
in an error message. A file can hide terminal escape sequences in them (ESC ``\\x1b[2J`` clears the
screen, OSC sequences set the window title or write hyperlinks, CSI ``\\x9b`` does the same in one byte)
or bidi controls (U+202E shows what follows reversed). :func:`terminal_safe` replaces each such
character by its visible ``\\uXXXX`` escape, so nothing is hidden and nothing acts: a reader sees that
the file holds them, and the ``--json`` document stays valid and exact (inside a JSON string the escape
means the same character; outside strings JSON has none of them).

Kept as they are: line feeds and tabs, which are the output's own layout.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

__all__ = ["say", "terminal_safe", "write"]

# C0 controls but tab and line feed (carriage return too: it rewrites the line), DEL, C1 controls, the
# bidi controls (Arabic letter mark, LRM and RLM, embeddings and overrides, isolates) and lone
# surrogates (which the terminal's encoder could not even write).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control, bidi control and lone surrogate replaced by its ``\\uXXXX`` escape."""
    return _UNSAFE.sub(_escape, text)


def write(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` made :func:`terminal_safe` to ``stream`` (standard output by default)."""
    (stream if stream is not None else sys.stdout).write(terminal_safe(text))


def say(*parts: object, file: TextIO | None = None, flush: bool = False) -> None:
    """:func:`print` for the command line: the parts joined by spaces, made safe, and a line end."""
    stream = file if file is not None else sys.stdout
    write(" ".join(str(part) for part in parts) + "\n", stream)
    if flush:
        stream.flush()
