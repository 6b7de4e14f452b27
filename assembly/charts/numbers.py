"""Rounding shares the way the Alignment Assembly paper prints them.

The paper writes "(91% agree, 3% disagree, 5% pass)": each share is the count over ALL votes on the
statement (passes included), rounded on its own to a whole percent, so the three need not add up to 100.
Halves round up (45.5% -> 46%), computed in integers so no floating-point edge can flip a digit.
"""

from __future__ import annotations

import math

from assembly.analysis.vocabulary import rounded_percent

__all__ = ["format_interval", "rounded_percent"]


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
