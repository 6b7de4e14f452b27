"""Specification of the vote counts per group and statement."""

from __future__ import annotations

import numpy as np
import pytest

from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.tallies import Tallies, check_columns, tally_votes
from assembly.analysis.types import VoteLog

# Participants 1-4, statements 10-12. Participant 1 first agreed with 10, then changed to disagree.
VOTES = VoteLog.from_rows(
    participant_ids=[1, 1, 1, 2, 2, 3, 3, 4, 1],
    statement_ids=[10, 11, 12, 10, 11, 10, 12, 12, 10],
    values=[1, 0, 1, 1, -1, 1, 0, -1, -1],
    timestamps=[1, 2, 3, 4, 5, 6, 7, 8, 9],
)


def test_counts_each_groups_latest_votes() -> None:
    """Check that agrees, disagrees and votes are counted per group from the latest vote only."""
    matrix = build_vote_matrix(VOTES)  # rows: participants 1, 2, 3, 4
    tallies = tally_votes(matrix, np.array([0, 0, 1, 1]))
    assert tallies.agree.tolist() == [[1, 0, 1], [1, 0, 0]]
    assert tallies.disagree.tolist() == [[1, 1, 0], [0, 0, 1]]
    assert tallies.seen.tolist() == [[2, 2, 1], [1, 0, 2]]
    assert tallies.passes.tolist() == [[0, 1, 0], [0, 0, 1]]


def test_rows_labelled_minus_one_are_not_counted() -> None:
    """Check that a row labelled -1 contributes to no group."""
    matrix = build_vote_matrix(VOTES)
    tallies = tally_votes(matrix, np.array([-1, 0, -1, 0]))
    assert tallies.seen.tolist() == [[1, 1, 1]]
    assert tallies.agree.tolist() == [[1, 0, 0]]


def test_excluded_statements_are_still_counted() -> None:
    """Check that rejected or meta columns keep their counts (pol.is counts them in group-votes)."""
    matrix = build_vote_matrix(VOTES, excluded_statement_ids=[11])
    tallies = tally_votes(matrix, np.zeros(4, dtype=np.int64))
    assert tallies.seen.tolist() == [[3, 2, 3]]


def test_n_groups_adds_groups_without_members() -> None:
    """Check that n_groups gives empty rows for groups no row is labelled with."""
    matrix = build_vote_matrix(VOTES)
    tallies = tally_votes(matrix, np.array([0, 0, 0, 0]), n_groups=3)
    assert tallies.n_groups == 3
    assert tallies.seen[1:].sum() == 0


def test_total_sums_the_groups() -> None:
    """Check that total() is one row holding every group's counts added up."""
    tallies = Tallies.from_counts([[1, 2], [3, 0]], [[0, 1], [1, 1]], [[2, 3], [4, 1]])
    total = tallies.total()
    assert (total.agree.tolist(), total.disagree.tolist(), total.seen.tolist()) == (
        [[4, 2]],
        [[1, 2]],
        [[6, 4]],
    )


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.array([0, 0, 1]), "one label per matrix row"),
        (np.array([0, 0, 1, -2]), "outside -1"),
        (np.array([0.0, 0.0, 1.0, 1.0]), "integers"),
    ],
)
def test_bad_labels_are_rejected(labels: np.ndarray, message: str) -> None:
    """Check that labels of the wrong length, type or range raise a ValueError saying which."""
    matrix = build_vote_matrix(VOTES)
    with pytest.raises(ValueError, match=message):
        tally_votes(matrix, labels)


def test_label_beyond_n_groups_is_rejected() -> None:
    """Check that a label >= n_groups is refused rather than silently dropped."""
    matrix = build_vote_matrix(VOTES)
    with pytest.raises(ValueError, match="row 3"):
        tally_votes(matrix, np.array([0, 0, 1, 2]), n_groups=2)


def test_inconsistent_counts_are_rejected() -> None:
    """Check that tallies whose agrees and disagrees exceed the votes cannot be built."""
    with pytest.raises(ValueError, match="exceed"):
        Tallies.from_counts([[2]], [[1]], [[2]])


def test_column_arrays_must_match_the_statements() -> None:
    """Check that statement ids or exclusion flags of the wrong length are refused."""
    tallies = Tallies.from_counts([[1, 2]], [[0, 0]], [[2, 2]])
    with pytest.raises(ValueError, match="statement_ids"):
        check_columns(tallies, [1, 2, 3], [False, False])
    with pytest.raises(ValueError, match="excluded"):
        check_columns(tallies, [1, 2], [False])
