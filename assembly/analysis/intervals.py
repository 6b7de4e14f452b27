"""Confidence intervals for shares of votes, and for the difference of two shares.

Everything here is vectorised: counts go in as arrays (or numbers) and bounds come out with the
same shape. A share with no votes at all has the interval (0, 1): nothing is known about it.

Pol.is equivalent: none. pol.is reports point estimates and one-sided z tests only
(docs/explanation/polis-math.md §2.8); these intervals are what lets Assembly say when a category
is "inconclusive".
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DEFAULT_CONFIDENCE",
    "IntervalMethod",
    "difference_interval",
    "proportion_interval",
    "two_proportion_z",
]

IntervalMethod = Literal["wilson", "jeffreys"]

DEFAULT_CONFIDENCE = 0.95
"""Two-sided confidence level used unless told otherwise: the conventional 95%."""

JEFFREYS_PRIOR = 0.5
"""Beta(1/2, 1/2) pseudo-counts of the Jeffreys interval (Brown, Cai & DasGupta 2001, §4.1.2)."""

Float = NDArray[np.float64]


def _critical_value(confidence: float) -> float:
    """The standard normal quantile leaving (1 - confidence) / 2 in the upper tail."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    # The standard library's normal quantile: importing scipy.stats for it would cost half a second of
    # start-up on every command that analyses.
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _counts(successes: ArrayLike, trials: ArrayLike) -> tuple[Float, Float]:
    """Validate and broadcast counts to float arrays."""
    s = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    s, n = np.broadcast_arrays(s, n)
    if (s < 0).any() or (s > n).any():
        bad = np.flatnonzero(((s < 0) | (s > n)).ravel())[0]
        raise ValueError(
            f"successes must lie between 0 and trials, got {s.ravel()[bad]:g} of {n.ravel()[bad]:g}"
        )
    return s, n


def proportion_interval(
    successes: ArrayLike,
    trials: ArrayLike,
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    method: IntervalMethod = "wilson",
) -> tuple[Float, Float]:
    """Two-sided confidence interval for a share ``successes / trials``.

    Parameters
    ----------
    successes, trials : array_like of int
        Counts, broadcast together. ``0 <= successes <= trials``.
    confidence : float
        Two-sided level, e.g. 0.95.
    method : {"wilson", "jeffreys"}
        "wilson": the Wilson score interval (Wilson 1927), which is what Newcombe's difference
        interval builds on. "jeffreys": the equal-tailed Bayesian interval under a Beta(1/2, 1/2)
        prior, with the lower bound set to 0 when there are no successes and the upper bound to
        1 when all trials succeed (Brown, Cai & DasGupta 2001). Both keep close to their nominal
        coverage for small counts and shares near 0 or 1, unlike the textbook Wald interval.

    Returns
    -------
    (lower, upper) : tuple of float64 arrays
        Bounds in [0, 1] with the broadcast shape of the inputs. Zero trials give (0, 1).

    Examples
    --------
    >>> lo, hi = proportion_interval(81, 263)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.2553, 0.3662)
    """
    s, n = _counts(successes, trials)
    z = _critical_value(confidence)
    empty = n == 0
    safe_n = np.where(empty, 1.0, n)
    if method == "wilson":
        p = s / safe_n
        z2n = z * z / safe_n
        centre = (p + z2n / 2.0) / (1.0 + z2n)
        half = z / (1.0 + z2n) * np.sqrt(p * (1.0 - p) / safe_n + z2n / (4.0 * safe_n))
        lower, upper = centre - half, centre + half
    elif method == "jeffreys":
        tail = (1.0 - confidence) / 2.0
        a = s + JEFFREYS_PRIOR
        b = safe_n - s + JEFFREYS_PRIOR
        from scipy.special import betaincinv  # the Beta quantile; imported only when asked for

        lower = np.where(s == 0, 0.0, betaincinv(a, b, tail))
        upper = np.where(s == safe_n, 1.0, betaincinv(a, b, 1.0 - tail))
    else:
        raise ValueError(f"method must be 'wilson' or 'jeffreys', not {method!r}")
    lower = np.where(empty, 0.0, np.clip(lower, 0.0, 1.0))
    upper = np.where(empty, 1.0, np.clip(upper, 0.0, 1.0))
    return lower.astype(np.float64), upper.astype(np.float64)


def difference_interval(
    successes_1: ArrayLike,
    trials_1: ArrayLike,
    successes_2: ArrayLike,
    trials_2: ArrayLike,
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    method: IntervalMethod = "wilson",
) -> tuple[Float, Float]:
    """Confidence interval for the difference of two independent shares, ``p1 - p2``.

    Newcombe's hybrid score interval (Newcombe 1998, method 10): with (l1, u1) and (l2, u2) the
    Wilson intervals of each share and d = p1 - p2,
    lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2) and upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
    It behaves well for small groups and for shares near 0 or 1. With ``method="jeffreys"`` the
    same recipe is applied to Jeffreys intervals (the "MOVER" construction of Zou & Donner 2008).

    Parameters
    ----------
    successes_1, trials_1, successes_2, trials_2 : array_like of int
        Counts of the two groups, broadcast together.
    confidence : float
        Two-sided level, e.g. 0.95.
    method : {"wilson", "jeffreys"}
        The interval of each share the difference interval is built from.

    Returns
    -------
    (lower, upper) : tuple of float64 arrays
        Bounds in [-1, 1]. A group with no trials has the interval (0, 1) for its share, so the
        difference is then barely constrained.

    Examples
    --------
    >>> lo, hi = difference_interval(56, 70, 48, 80)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0524, 0.3339)
    """
    s1, n1 = _counts(successes_1, trials_1)
    s2, n2 = _counts(successes_2, trials_2)
    l1, u1 = proportion_interval(s1, n1, confidence=confidence, method=method)
    l2, u2 = proportion_interval(s2, n2, confidence=confidence, method=method)
    p1 = np.where(n1 == 0, 0.5, s1 / np.where(n1 == 0, 1.0, n1))
    p2 = np.where(n2 == 0, 0.5, s2 / np.where(n2 == 0, 1.0, n2))
    d = p1 - p2
    lower = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return np.clip(lower, -1.0, 1.0).astype(np.float64), np.clip(upper, -1.0, 1.0).astype(np.float64)


def two_proportion_z(
    successes_1: ArrayLike,
    trials_1: ArrayLike,
    successes_2: ArrayLike,
    trials_2: ArrayLike,
) -> Float:
    """The pooled two-proportion z statistic for ``p1 > p2``.

    z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)), with p1 = s1/n1, p2 = s2/n2 and the pooled
    share p = (s1 + s2) / (n1 + n2). When the pooled share is exactly 1 the statistic is defined
    as 0, as pol.is does. Counts are used as given (pol.is adds 1 to each before calling this:
    see :mod:`assembly.analysis.representative`).

    Parameters
    ----------
    successes_1, trials_1, successes_2, trials_2 : array_like
        Counts, broadcast together; both ``trials`` must be > 0.

    Returns
    -------
    float64 array
        z, with the broadcast shape of the inputs.

    Pol.is equivalent: ``two-prop-test`` (``stats.clj``), without its +1 pseudo-counts.
    """
    s1, n1 = _counts(successes_1, trials_1)
    s2, n2 = _counts(successes_2, trials_2)
    if (n1 <= 0).any() or (n2 <= 0).any():
        raise ValueError("two_proportion_z needs at least one trial on each side")
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    degenerate = pooled == 1.0
    z = (s1 / n1 - s2 / n2) / np.where(degenerate | (spread == 0), 1.0, spread)
    return np.where(degenerate, 0.0, z).astype(np.float64)
