"""Specification of pol.is's consensus lists and group-aware consensus, on hand-worked cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from assembly.analysis.consensus import find_consensus, group_aware_consensus
from assembly.analysis.tallies import Tallies

# One row (everyone); columns as (agree, disagree, votes):
#   0: (8, 1, 10)  pa = 9/12, pat = 2 sqrt(11) (9/11 - 1/2) = 2.1106, pa * pat = 1.583
#   1: (3, 0, 3)   pa = 4/5,  pat = 2 * 2 * (4/4 - 1/2) = 2,           pa * pat = 1.6
#   2: (0, 5, 6)   pd = 6/8,  pdt = 2 sqrt(7) (6/7 - 1/2) = 1.8898
#   3: (10, 0, 10) excluded
#   4: (1, 0, 1)   pa = 2/3,  pat = sqrt(2) = 1.414,                   pa * pat = 0.943
#   5: (2, 1, 3)   pa = 3/5 > 1/2 but pat = 2 * 2 * (3/4 - 1/2) = 1 < 1.2816
#   6: (0, 0, 4)   passes only
COUNTS = [(8, 1, 10), (3, 0, 3), (0, 5, 6), (10, 0, 10), (1, 0, 1), (2, 1, 3), (0, 0, 4)]
OVERALL = Tallies.from_counts([[c[0] for c in COUNTS]], [[c[1] for c in COUNTS]], [[c[2] for c in COUNTS]])
IDS = np.arange(200, 200 + len(COUNTS))
EXCLUDED = np.array([False, False, False, True, False, False, False])


def test_agree_list_holds_significant_majorities_by_p_times_z() -> None:
    """Check the agree list: p > 1/2 and z > 1.2816, ranked by p * z: columns 1, 0, 4."""
    consensus = find_consensus(OVERALL, statement_ids=IDS, excluded=EXCLUDED)
    assert [e.column for e in consensus.agree] == [1, 0, 4]
    first = consensus.agree[0]
    assert (first.statement_id, first.n_success, first.n_trials) == (201, 3, 3)
    assert (first.p_success, first.p_test) == (pytest.approx(0.8), pytest.approx(2.0))
    assert consensus.agree[1].p_test == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))


def test_disagree_list_uses_disagree_counts() -> None:
    """Check the disagree list: column 2 with pd = 6/8 and pdt = 2 sqrt(7) (6/7 - 1/2)."""
    consensus = find_consensus(OVERALL, statement_ids=IDS, excluded=EXCLUDED)
    assert [(e.column, e.n_success, e.n_trials) for e in consensus.disagree] == [(2, 5, 6)]
    assert consensus.disagree[0].p_success == pytest.approx(0.75)
    assert consensus.disagree[0].p_test == pytest.approx(2 * math.sqrt(7) * (6 / 7 - 0.5))


def test_excluded_statements_never_count_as_consensus() -> None:
    """Check that the excluded unanimous statement (column 3) is left out, and comes back if included."""
    without = find_consensus(OVERALL, statement_ids=IDS, excluded=EXCLUDED)
    with_it = find_consensus(OVERALL, statement_ids=IDS, excluded=np.zeros(len(COUNTS), bool))
    assert 3 not in [e.column for e in without.agree]
    assert [e.column for e in with_it.agree][0] == 3


def test_majority_without_significance_is_not_consensus() -> None:
    """Check that 2 agree of 3 (p = 3/5, z = 1) is not listed."""
    consensus = find_consensus(OVERALL, statement_ids=IDS, excluded=EXCLUDED)
    assert 5 not in [e.column for e in consensus.agree]


def test_lists_are_cut_to_max_per_direction() -> None:
    """Check that max_per_direction keeps the best entries only."""
    consensus = find_consensus(OVERALL, statement_ids=IDS, excluded=EXCLUDED, max_per_direction=2)
    assert [e.column for e in consensus.agree] == [1, 0]


def test_ties_keep_column_order() -> None:
    """Check that statements with equal p * z stay in column order, as pol.is's stable sort leaves them."""
    overall = Tallies.from_counts([[3, 4, 3]], [[0, 0, 0]], [[3, 4, 3]])
    consensus = find_consensus(overall, statement_ids=np.array([7, 8, 9]), excluded=np.zeros(3, bool))
    assert [e.statement_id for e in consensus.agree] == [8, 7, 9]


def test_consensus_needs_the_overall_row() -> None:
    """Check that group tallies (several rows) are refused."""
    two_rows = Tallies.from_counts([[1], [1]], [[0], [0]], [[1], [1]])
    with pytest.raises(ValueError, match="one row"):
        find_consensus(two_rows, statement_ids=np.array([1]), excluded=np.array([False]))


def test_group_aware_consensus_multiplies_smoothed_group_agreement() -> None:
    """Check GAC = prod_g (A_g + 1) / (S_g + 2): (4/6)(2/4) = 1/3 and (1/3)(1/2) = 1/6."""
    tallies = Tallies.from_counts([[3, 0], [1, 0]], [[0, 1], [1, 0]], [[4, 1], [2, 0]])
    assert group_aware_consensus(tallies).tolist() == pytest.approx([1 / 3, 1 / 6])


def test_group_aware_consensus_counts_passes_against_a_statement() -> None:
    """Check that a pass lowers GAC exactly like a disagreement does (pol.is issue #1699)."""
    passed = Tallies.from_counts([[2], [2]], [[0], [0]], [[3], [2]])
    disagreed = Tallies.from_counts([[2], [2]], [[1], [0]], [[3], [2]])
    assert (
        group_aware_consensus(passed)[0]
        == group_aware_consensus(disagreed)[0]
        == pytest.approx(3 / 5 * 3 / 4)
    )


def test_group_aware_consensus_without_groups_is_one() -> None:
    """Check that with no groups the empty product is 1 for every statement."""
    empty = Tallies.from_counts(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros((0, 2)))
    assert group_aware_consensus(empty).tolist() == [1.0, 1.0]
