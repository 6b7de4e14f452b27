"""The progress bar helper: silent off a terminal, and the callback library functions report to."""

from __future__ import annotations

import io

from assembly.cli.progress import Progress, progress_callback


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_is_silent_when_stderr_is_not_a_terminal() -> None:
    """Check that nothing is drawn on a stream that is not a terminal, however long the work."""
    stream = io.StringIO()
    bar = Progress("reading", 10, stream=stream, delay=0)
    bar.advance(10)
    bar.close()
    assert stream.getvalue() == ""


def test_callback_draws_done_over_total_in_the_chosen_unit() -> None:
    """Check that progress(done, total) in bytes shows megabytes, and the bar ends with a line end."""
    stream = _Terminal()
    with progress_callback("reading (MB)", scale=1_000_000, stream=stream, delay=0) as report:
        report(1_000_000, 4_500_000)
        report(4_500_000, 4_500_000)
    drawn = stream.getvalue()
    assert "reading (MB) [" in drawn
    assert drawn.endswith("] 5/5\n")
    assert "] 1/5" in drawn and drawn.endswith("\n")


def test_callback_waits_for_the_delay() -> None:
    """Check that work shorter than the delay draws nothing."""
    stream = _Terminal()
    with progress_callback("writing", stream=stream, delay=3600) as report:
        report(5, 10)
        report(10, 10)
    assert stream.getvalue() == ""
