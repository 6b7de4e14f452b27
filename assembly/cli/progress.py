"""A minimal progress bar on standard error, shown only for work that takes over a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from assembly.cli.output import terminal_safe


class Progress:
    """Report progress of ``total`` steps; silent unless stderr is a terminal and a second has passed."""

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None, delay: float = 1.0) -> None:
        self.label = terminal_safe(label)  # a file's name: the bar writes its own \r only
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.delay = delay
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._shown = False

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if self.enabled and time.monotonic() - self.start >= self.delay:
            width = 30
            filled = int(width * self.done / self.total)
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
            )
            self.stream.flush()
            self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()


@contextmanager
def progress(label: str, total: int) -> Iterator[Progress]:
    bar = Progress(label, total)
    try:
        yield bar
    finally:
        bar.close()


@contextmanager
def progress_callback(
    label: str, *, scale: int = 1, stream: TextIO | None = None, delay: float = 1.0
) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback for library functions, drawn as a :class:`Progress` bar.

    The library reports in its own units (bytes read, rows written); the bar counts them in
    units of ``scale`` (``1_000_000``: megabytes). The bar starts at the first report, when the
    total is known, and is closed on leaving the ``with`` block.
    """
    bar: Progress | None = None

    def report(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(label, -(-total // scale), stream=stream, delay=delay)
        bar.total = max(-(-total // scale), 1)
        bar.advance(-(-done // scale) - bar.done)  # rounded up, so that done == total fills the bar

    try:
        yield report
    finally:
        if bar is not None:
            bar.close()
