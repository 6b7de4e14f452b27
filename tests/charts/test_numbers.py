"""Shares rounded the way the Alignment Assembly paper prints them."""

import pytest

from assembly.charts.numbers import format_interval, rounded_percent


def test_rounded_percent_matches_the_papers_first_statement():
    """Check that 170 agree, 6 disagree and 10 pass out of 186 print as the paper's (91%, 3%, 5%).

    By hand: 170/186 = 91.40%, 6/186 = 3.23%, 10/186 = 5.38%; the three do not add up to 100.
    """
    assert [rounded_percent(n, 186) for n in (170, 6, 10)] == [91, 3, 5]


def test_rounded_percent_rounds_halves_up():
    """Check that exact halves round up (12.5% -> 13%, 0.5% -> 1%, 87.5% -> 88%), as a reader expects."""
    assert rounded_percent(1, 8) == 13
    assert rounded_percent(1, 200) == 1
    assert rounded_percent(7, 8) == 88


def test_rounded_percent_of_nothing_is_zero():
    """Check that a statement without votes has 0% everywhere instead of a division error."""
    assert rounded_percent(0, 0) == 0


@pytest.mark.parametrize(("part", "whole"), [(3, 2), (-1, 5), (1, -1)])
def test_rounded_percent_refuses_impossible_counts(part, whole):
    """Check that a part larger than its whole, or a negative count, is an error naming both numbers."""
    with pytest.raises(ValueError, match=f"{part} out of {whole}"):
        rounded_percent(part, whole)


def test_format_interval_prints_whole_percents_with_an_en_dash():
    """Check that (0.8656, 0.9449) prints as "87–94%" and (0.125, 0.5) as "13–50%"."""
    assert format_interval(0.8656, 0.9449) == "87–94%"
    assert format_interval(0.125, 0.5) == "13–50%"
