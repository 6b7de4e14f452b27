"""Rounding shares the way the Alignment Assembly paper prints them.

The paper writes "(91% agree, 3% disagree, 5% pass)": each share is the count over ALL votes on the
statement (passes included), rounded on its own to a whole percent, so the three need not add up to 100.
Halves round up (45.5% -> 46%), computed in integers so no floating-point edge can flip a digit.
"""

from __future__ import annotations

import math

__all__ = ["format_interval", "rounded_percent"]


def rounded_percent(part: int, whole: int) -> int:
    """``100 * part / whole`` rounded half up to an integer; 0 when ``whole`` is 0.

    Examples
    --------
    >>> rounded_percent(170, 187), rounded_percent(1, 8), rounded_percent(0, 0)
    (91, 13, 0)
    """
    part, whole = int(part), int(whole)
    if whole < 0 or part < 0 or part > whole:
        raise ValueError(f"cannot take a share of {part} out of {whole}")
    if whole == 0:
        return 0
    return (200 * part + whole) // (2 * whole)


def format_interval(low: float, high: float) -> str:
    """An interval of shares (0..1) as whole percents joined by an en dash, e.g. "87–94%".

    Each bound is rounded half up to the nearest percent, like the shares.

    Examples
    --------
    >>> format_interval(0.8656, 0.9449)
    '87–94%'
    """
    return f"{_half_up(low)}–{_half_up(high)}%"


def _half_up(share: float) -> int:
    return int(math.floor(float(share) * 100 + 0.5))
