"""Specification of the confidence intervals, checked against published and hand-computed values.

Published values: R. G. Newcombe, "Two-sided confidence intervals for the single proportion:
comparison of seven methods", Stat. Med. 17 (1998) 857-872, Table I (Wilson score interval, method 3),
and "Interval estimation for the difference between independent proportions: comparison of eleven
methods", Stat. Med. 17 (1998) 873-890, Table II (hybrid score interval, method 10).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy.special import betainc

from assembly.analysis.intervals import difference_interval, proportion_interval, two_proportion_z


@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [
        (81, 263, (0.2553, 0.3662)),
        (15, 148, (0.0624, 0.1605)),
        (0, 20, (0.0000, 0.1611)),
        (1, 29, (0.0061, 0.1718)),
    ],
)
def test_wilson_matches_newcombe_table(successes: int, trials: int, expected: tuple[float, float]) -> None:
    """Check that the 95% Wilson interval equals Newcombe's published values to 4 decimals."""
    lower, upper = proportion_interval(successes, trials)
    assert (round(float(lower), 4), round(float(upper), 4)) == expected


def test_wilson_matches_hand_computation() -> None:
    """Check that the 95% Wilson interval of 7/10 is (0.3968, 0.8922).

    By hand with z = 1.959964: centre = (0.7 + z^2/20) / (1 + z^2/10) = 0.64451,
    half-width = z / (1 + z^2/10) * sqrt(0.021 + z^2/400) = 0.24771.
    """
    lower, upper = proportion_interval(7, 10)
    assert float(lower) == pytest.approx(0.39677, abs=1e-4)
    assert float(upper) == pytest.approx(0.89222, abs=1e-4)


@pytest.mark.parametrize("method", ["wilson", "jeffreys"])
def test_no_trials_give_the_whole_unit_interval(method: str) -> None:
    """Check that a share with no votes has the interval (0, 1)."""
    lower, upper = proportion_interval(0, 0, method=method)
    assert (float(lower), float(upper)) == (0.0, 1.0)


def test_jeffreys_upper_bound_solves_its_closed_form() -> None:
    """Check the Jeffreys interval of 0/1 against the Beta(1/2, 3/2) CDF written out by hand.

    With theta = arcsin(sqrt(x)), the CDF of Beta(1/2, 3/2) is (2/pi)(theta + sin theta cos theta);
    the 95% upper bound is where it reaches 0.975, and the lower bound is 0 (no successes).
    """
    lower, upper = proportion_interval(0, 1, method="jeffreys")
    theta = math.asin(math.sqrt(float(upper)))
    assert float(lower) == 0.0
    assert (2 / math.pi) * (theta + math.sin(theta) * math.cos(theta)) == pytest.approx(0.975, abs=1e-9)


@pytest.mark.parametrize(("successes", "trials"), [(81, 263), (3, 7), (1, 29)])
def test_jeffreys_leaves_equal_tails_of_the_posterior(successes: int, trials: int) -> None:
    """Check that the Jeffreys bounds cut 2.5% of the Beta(s + 1/2, n - s + 1/2) mass on each side."""
    lower, upper = proportion_interval(successes, trials, method="jeffreys")
    a, b = successes + 0.5, trials - successes + 0.5
    assert betainc(a, b, float(lower)) == pytest.approx(0.025, abs=1e-9)
    assert betainc(a, b, float(upper)) == pytest.approx(0.975, abs=1e-9)


def test_jeffreys_bounds_are_zero_and_one_at_the_extremes() -> None:
    """Check the Brown-Cai-DasGupta rule: lower bound 0 with no successes, upper 1 with all."""
    lower, _ = proportion_interval(0, 12, method="jeffreys")
    _, upper = proportion_interval(12, 12, method="jeffreys")
    assert (float(lower), float(upper)) == (0.0, 1.0)


def test_intervals_are_vectorised() -> None:
    """Check that arrays of counts give arrays of bounds of the same shape, element by element."""
    lower, upper = proportion_interval(np.array([[81, 0], [15, 1]]), np.array([[263, 20], [148, 29]]))
    assert lower.shape == upper.shape == (2, 2)
    assert np.round(upper, 4).tolist() == [[0.3662, 0.1611], [0.1605, 0.1718]]


def test_higher_confidence_gives_wider_interval() -> None:
    """Check that a 99% interval contains the 95% one."""
    lo95, hi95 = proportion_interval(30, 70, confidence=0.95)
    lo99, hi99 = proportion_interval(30, 70, confidence=0.99)
    assert lo99 < lo95 and hi99 > hi95


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((0, 10, 0, 10), (-0.2775, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0000)),
        ((10, 10, 0, 10), (0.6075, 1.0000)),
    ],
)
def test_difference_interval_matches_newcombe_table(
    counts: tuple[int, int, int, int], expected: tuple[float, float]
) -> None:
    """Check that the hybrid score interval for p1 - p2 equals Newcombe's published values."""
    lower, upper = difference_interval(*counts)
    assert (round(float(lower), 4), round(float(upper), 4)) == expected


def test_difference_interval_matches_hand_computation() -> None:
    """Check 6/7 - 2/7 against the Wilson bounds worked by hand.

    Wilson 6/7 = (0.48687, 0.97433), Wilson 2/7 = (0.08221, 0.64106); d = 0.571429;
    lower = d - sqrt((6/7 - 0.48687)^2 + (0.64106 - 2/7)^2) = 0.0582,
    upper = d + sqrt((0.97433 - 6/7)^2 + (2/7 - 0.08221)^2) = 0.8062.
    """
    lower, upper = difference_interval(6, 7, 2, 7)
    assert (round(float(lower), 4), round(float(upper), 4)) == (0.0582, 0.8062)


def test_difference_interval_is_antisymmetric() -> None:
    """Check that swapping the groups negates and swaps the bounds."""
    lower, upper = difference_interval(18, 20, 5, 12)
    lower_swapped, upper_swapped = difference_interval(5, 12, 18, 20)
    assert float(lower_swapped) == pytest.approx(-float(upper))
    assert float(upper_swapped) == pytest.approx(-float(lower))


def test_two_proportion_z_matches_hand_computation() -> None:
    """Check z for 3/4 vs 1/4: pooled 1/2, z = 0.5 / sqrt(0.25 * (1/4 + 1/4)) = sqrt(2)."""
    assert float(two_proportion_z(3, 4, 1, 4)) == pytest.approx(math.sqrt(2), abs=1e-12)


def test_two_proportion_z_is_zero_when_everyone_succeeds() -> None:
    """Check pol.is's convention: z = 0 when the pooled share is exactly 1."""
    assert float(two_proportion_z(5, 5, 3, 3)) == 0.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: proportion_interval(5, 4),
        lambda: proportion_interval(-1, 4),
        lambda: proportion_interval(1, 4, confidence=1.0),
        lambda: proportion_interval(1, 4, method="wald"),
        lambda: two_proportion_z(0, 0, 1, 2),
    ],
)
def test_impossible_inputs_are_rejected(call: Callable[[], object]) -> None:
    """Check that impossible counts, levels or methods raise a ValueError."""
    with pytest.raises(ValueError):
        call()
