"""Intervals of shares printed the way the Alignment Assembly paper prints shares."""

from assembly.charts.numbers import format_interval


def test_format_interval_prints_whole_percents_with_an_en_dash():
    """Check that (0.8656, 0.9449) prints as "87–94%" and (0.125, 0.5) as "13–50%"."""
    assert format_interval(0.8656, 0.9449) == "87–94%"
    assert format_interval(0.125, 0.5) == "13–50%"
