"""Specification of the plain-text summary and the paper's share notation."""

from __future__ import annotations

from assembly.analysis.summary import format_shares, percent


def test_percent_rounds_half_up() -> None:
    """Check that shares are rounded to whole percents, halves upwards."""
    assert percent(1, 8) == 13  # 12.5
    assert percent(1, 3) == 33
    assert percent(2, 3) == 67
    assert percent(0, 0) == 0


def test_shares_use_the_papers_notation() -> None:
    """Check that shares print as the paper prints them: shares of all votes on the statement."""
    statement = {"agree": 91, "disagree": 3, "pass": 5}  # 99 votes
    assert format_shares(statement) == "(92% agree, 3% disagree, 5% pass)"
    assert format_shares({"agree": 7, "disagree": 2, "pass": 1}) == "(70% agree, 20% disagree, 10% pass)"
