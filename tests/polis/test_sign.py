"""The vote sign at the pol.is edge: conversion and the author check."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from assembly.analysis.types import VoteLog
from assembly.dataset import Dataset, Statement
from assembly.polis import POLIS_API_AGREE, POLIS_CSV_AGREE, check_vote_sign, read_api_json, read_csv_export
from assembly.polis.sign import votes_from_polis, votes_to_polis


def test_conventions_are_polis_api_minus_one_and_csv_plus_one() -> None:
    """Check the two pol.is conventions: API agree = -1, CSV export agree = +1."""
    assert (POLIS_API_AGREE, POLIS_CSV_AGREE) == (-1, 1)


def test_api_votes_are_negated_and_csv_votes_kept() -> None:
    """Check that API values flip to Assembly's sign and CSV values stay; writing undoes reading."""
    assert votes_from_polis([-1, 0, 1], agree=POLIS_API_AGREE).tolist() == [1, 0, -1]
    assert votes_from_polis([-1, 0, 1], agree=POLIS_CSV_AGREE).tolist() == [-1, 0, 1]
    assert votes_to_polis([1, 0, -1], agree=POLIS_API_AGREE).tolist() == [-1, 0, 1]


def test_an_unknown_convention_is_refused() -> None:
    """Check that an agree value other than -1 or +1 raises ValueError."""
    with pytest.raises(ValueError, match="agree must be"):
        votes_from_polis([1], agree=0)


def _authored(n: int, *, seed: bool = False) -> list[Statement]:
    """Statements 0..n-1, statement i written by participant 100 + i."""
    return [Statement(id=i, text=f"s{i}", author_id=100 + i, is_seed=seed) for i in range(n)]


def test_authors_agreeing_pass_the_check() -> None:
    """Check that authors agreeing with their own statements give share 1.0, not flipped."""
    votes = VoteLog.from_rows([100 + i for i in range(6)], list(range(6)), [1] * 6, list(range(6)))
    check = check_vote_sign(Dataset(statements=_authored(6), votes=votes))
    assert (check.n_checked, check.share_agree, check.looks_flipped) == (6, 1.0, False)
    assert "100.0% of 6" in check.message


def test_authors_disagreeing_look_flipped() -> None:
    """Check that 4 disagrees out of 6 author votes (67% > 50%) look flipped."""
    votes = VoteLog.from_rows([100 + i for i in range(6)], list(range(6)), [-1, -1, -1, -1, 1, 1])
    check = check_vote_sign(Dataset(statements=_authored(6), votes=votes))
    assert check.n_checked == 6
    assert check.share_agree == pytest.approx(2 / 6)
    assert check.looks_flipped
    assert "swapped" in check.message


def test_the_first_non_pass_vote_by_time_counts() -> None:
    """Check that an author's pass and later re-votes are ignored: only the first non-pass vote counts."""
    # Author 100 on statement 0, rows out of time order: pass at t=1, agree at t=2, disagree at t=3.
    votes = VoteLog.from_rows([100, 100, 100], [0, 0, 0], [-1, 0, 1], [3, 1, 2])
    check = check_vote_sign(Dataset(statements=_authored(1), votes=votes))
    assert (check.n_checked, check.share_agree) == (1, 1.0)


def test_seed_statements_and_other_voters_are_not_checked() -> None:
    """Check that votes on seed statements, and non-authors' votes, say nothing about the sign."""
    votes = VoteLog.from_rows([100, 7], [0, 0], [-1, -1], [1, 2])
    check = check_vote_sign(Dataset(statements=_authored(1, seed=True), votes=votes))
    assert check.n_checked == 0 and math.isnan(check.share_agree) and not check.looks_flipped


def test_too_few_author_votes_never_look_flipped() -> None:
    """Check that 4 disagreeing authors (below the minimum of 5) are reported but not called flipped."""
    votes = VoteLog.from_rows([100 + i for i in range(4)], list(range(4)), [-1] * 4)
    check = check_vote_sign(Dataset(statements=_authored(4), votes=votes))
    assert check.n_checked == 4 and check.share_agree == 0.0 and not check.looks_flipped
    assert "too few" in check.message


def test_open_data_csvs_pass_the_author_check(conversation: Path) -> None:
    """Check that every openData CSV read with agree = +1 has >= 94% author agrees
    (docs/explanation/polis-math.md §4.3)."""
    check = check_vote_sign(read_csv_export(conversation))
    assert check.n_checked >= 18
    assert check.share_agree >= 0.94
    assert not check.looks_flipped


def test_api_fixtures_pass_the_author_check_after_conversion(api_fixture: Path) -> None:
    """Check that the fixtures' votes, once converted, have authors agreeing with their own statements."""
    check = check_vote_sign(read_api_json(api_fixture))
    assert check.n_checked >= 3
    assert check.share_agree >= 0.94
