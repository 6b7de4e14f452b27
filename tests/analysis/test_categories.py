"""Specification of the paper's categories and their clear / inconclusive evidence.

Interval bounds quoted in docstrings are 95% Wilson bounds worked by hand with z = 1.959964,
e.g. 91/100: centre (0.91 + z^2/200) / (1 + z^2/100) = 0.8948, half-width 0.0571.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from assembly.analysis.categories import Thresholds, classify_statements
from assembly.analysis.intervals import proportion_interval
from assembly.analysis.tallies import Tallies

Counts = tuple[int, int, int]  # (agree, disagree, votes); passes are the rest


def _tallies(rows: list[list[Counts]]) -> Tallies:
    return Tallies.from_counts(
        [[c[0] for c in row] for row in rows],
        [[c[1] for c in row] for row in rows],
        [[c[2] for c in row] for row in rows],
    )


def _classify(
    overall: list[Counts],
    groups: list[list[Counts]] | None = None,
    excluded: list[bool] | None = None,
    thresholds: Thresholds | None = None,
) -> list:
    n = len(overall)
    group_tallies = (
        _tallies(groups)
        if groups
        else Tallies.from_counts(np.zeros((0, n)), np.zeros((0, n)), np.zeros((0, n)))
    )
    return classify_statements(
        _tallies([overall]),
        group_tallies,
        excluded=np.zeros(n, bool) if excluded is None else np.array(excluded),
        thresholds=thresholds,
    )


def test_shares_count_every_vote_passes_included() -> None:
    """Check the paper's way of printing a statement: 91 agree, 3 disagree, 6 pass of 100 votes."""
    (result,) = _classify([(91, 3, 100)])
    shares = result.overall
    assert (shares.n_votes, shares.n_agree, shares.n_disagree, shares.n_pass) == (100, 91, 3, 6)
    assert (shares.agree_share, shares.disagree_share, shares.pass_share) == (0.91, 0.03, 0.06)
    assert shares.agree_interval == pytest.approx((0.8377, 0.9519), abs=1e-4)


def test_clear_consensus() -> None:
    """Check 91% agree of 100: the interval (0.838, 0.952) lies above 60%, so consensus is clear."""
    (result,) = _classify([(91, 3, 100)])
    assert result.flags == {"consensus": "clear"}


def test_inconclusive_consensus() -> None:
    """Check 7 agree of 10: 70% reaches 60% but the interval (0.397, 0.892) straddles it."""
    (result,) = _classify([(7, 2, 10)])
    assert result.flags == {"consensus": "inconclusive"}


def test_share_exactly_at_the_threshold_is_flagged() -> None:
    """Check that 60 of 100 agreeing meets the 60% threshold (inconclusive: its interval starts lower)."""
    (result,) = _classify([(60, 30, 100)])
    assert result.flags == {"consensus": "inconclusive"}


def test_share_below_the_threshold_is_not_flagged() -> None:
    """Check that 59 of 100 agreeing is no consensus."""
    (result,) = _classify([(59, 30, 100)])
    assert "consensus" not in result.flags


def test_clear_majority_disagree() -> None:
    """Check 74% disagree of 100 (the paper's "libraries and museums" statement): interval from 0.646."""
    (result,) = _classify([(13, 74, 100)])
    assert result.flags == {"majority-disagree": "clear"}
    assert result.overall.disagree_interval[0] == pytest.approx(0.6463, abs=1e-4)


def test_inconclusive_majority_disagree() -> None:
    """Check 2 disagree of 3: 67% reaches 60% on far too few votes."""
    (result,) = _classify([(1, 2, 3)])
    assert result.flags == {"majority-disagree": "inconclusive"}


def test_clear_uncertainty() -> None:
    """Check 50 passes of 100: the pass interval starts at 0.404, above 30%."""
    (result,) = _classify([(30, 20, 100)])
    assert result.flags == {"uncertainty": "clear"}


def test_inconclusive_uncertainty() -> None:
    """Check 30 passes of 100: exactly 30%, whose interval straddles the threshold."""
    (result,) = _classify([(50, 20, 100)])
    assert result.flags == {"uncertainty": "inconclusive"}


def test_clear_friction() -> None:
    """Check groups agreeing 18/20 and 2/20: difference 0.8, Newcombe interval from 0.516 > 0.30.

    Wilson 18/20 = (0.6990, 0.9721), 2/20 = (0.0279, 0.3010); lower = 0.8 - sqrt(0.201^2 + 0.201^2).
    """
    (result,) = _classify([(20, 20, 40)], [[(18, 2, 20)], [(2, 18, 20)]])
    assert result.flags == {"friction": "clear"}
    friction = result.friction
    assert (friction.higher_group, friction.lower_group) == (0, 1)
    assert friction.difference == pytest.approx(0.8)
    assert friction.interval[0] == pytest.approx(0.8 - math.sqrt(2) * 0.20097, abs=1e-4)


def test_friction_is_inconclusive_when_the_interval_straddles_the_threshold() -> None:
    """Check 4/6 vs 0/6 agreeing: difference 0.67, significant (lower 0.131 > 0) but below 0.30."""
    (result,) = _classify([(5, 5, 12)], [[(4, 2, 6)], [(0, 2, 6)]])
    assert result.flags == {"friction": "inconclusive"}
    assert result.friction.interval[0] == pytest.approx(0.1311, abs=1e-3)


def test_friction_is_inconclusive_when_a_group_is_too_small() -> None:
    """Check 4/4 vs 0/4: the interval's lower bound 0.307 clears 0.30, but each group has 4 < 5 votes."""
    (result,) = _classify([(4, 4, 8)], [[(4, 0, 4)], [(0, 4, 4)]])
    assert result.friction.interval[0] == pytest.approx(0.3072, abs=1e-3)
    assert result.flags == {"friction": "inconclusive"}


def test_min_group_votes_is_configurable() -> None:
    """Check that with min_group_votes = 4 the same 4/4 vs 0/4 split becomes clear."""
    (result,) = _classify([(4, 4, 8)], [[(4, 0, 4)], [(0, 4, 4)]], thresholds=Thresholds(min_group_votes=4))
    assert result.flags == {"friction": "clear"}


def test_friction_needs_significance() -> None:
    """Check 2/3 vs 0/3: a 0.67 gap, but its interval (lower -0.059) includes 0, so no friction."""
    (result,) = _classify([(2, 2, 6)], [[(2, 1, 3)], [(0, 2, 3)]])
    assert "friction" not in result.flags
    assert result.friction.interval[0] < 0


def test_friction_needs_two_groups_that_voted() -> None:
    """Check that one group, or a second group without votes on the statement, gives no friction."""
    (one_group,) = _classify([(18, 2, 20)], [[(18, 2, 20)]])
    (silent_second,) = _classify([(18, 2, 20)], [[(18, 2, 20)], [(0, 0, 0)]])
    for result in (one_group, silent_second):
        assert result.friction is None
        assert "friction" not in result.flags


def test_friction_reports_the_pair_with_the_strongest_evidence() -> None:
    """Check three groups: 18/20, 2/20 and 4/4. Pair (2, 1) differs most (0.9) but group 2 is small
    (inconclusive); pair (0, 1) is clear, so it is the one reported."""
    (result,) = _classify([(24, 20, 44)], [[(18, 2, 20)], [(2, 18, 20)], [(4, 0, 4)]])
    assert (result.friction.higher_group, result.friction.lower_group) == (0, 1)
    assert result.flags == {"friction": "clear"}


def test_flags_can_co_occur() -> None:
    """Check clear consensus overall together with inconclusive friction between 20/20 and 10/20.

    Friction: Wilson 20/20 = (0.8389, 1), 10/20 = (0.2993, 0.7007); lower = 0.5 - 0.2574 = 0.243.
    """
    (result,) = _classify([(91, 3, 100)], [[(20, 0, 20)], [(10, 5, 20)]])
    assert result.flags == {"consensus": "clear", "friction": "inconclusive"}


def test_group_shares_are_reported_with_intervals() -> None:
    """Check each group's shares; a group that did not vote has NaN shares and the interval (0, 1)."""
    (result,) = _classify([(18, 2, 20)], [[(18, 2, 20)], [(0, 0, 0)]])
    first, silent = result.groups
    assert (first.agree_share, first.disagree_share, first.pass_share) == (0.9, 0.1, 0.0)
    assert first.agree_interval == pytest.approx((0.6990, 0.9721), abs=1e-4)
    assert math.isnan(silent.agree_share)
    assert silent.agree_interval == (0.0, 1.0)


def test_excluded_statements_get_no_flags() -> None:
    """Check that a rejected or meta statement keeps its shares but no category."""
    results = _classify([(91, 3, 100), (91, 3, 100)], excluded=[True, False])
    assert results[0].excluded and results[0].flags == {}
    assert results[0].overall.agree_share == 0.91
    assert results[1].flags == {"consensus": "clear"}


def test_one_result_per_column_in_order() -> None:
    """Check that results come one per statement column, in column order."""
    results = _classify([(91, 3, 100), (13, 74, 100), (30, 20, 100)])
    assert [r.column for r in results] == [0, 1, 2]
    assert [list(r.flags) for r in results] == [["consensus"], ["majority-disagree"], ["uncertainty"]]


def test_thresholds_change_the_rules() -> None:
    """Check a stricter consensus threshold: 91% reaches 90% but its interval (from 0.838) does not."""
    (result,) = _classify([(91, 3, 100)], thresholds=Thresholds(consensus=0.9))
    assert result.flags == {"consensus": "inconclusive"}


def test_jeffreys_intervals_can_be_chosen() -> None:
    """Check that interval="jeffreys" gives the Jeffreys interval of each share."""
    (result,) = _classify([(7, 2, 10)], thresholds=Thresholds(interval="jeffreys"))
    lower, upper = proportion_interval(7, 10, method="jeffreys")
    assert result.overall.agree_interval == (float(lower), float(upper))


@pytest.mark.parametrize(
    "options",
    [
        {"consensus": 0.0},
        {"friction": 1.5},
        {"confidence": 1.0},
        {"interval": "wald"},
        {"min_group_votes": 0},
    ],
)
def test_impossible_thresholds_are_rejected(options: dict) -> None:
    """Check that thresholds outside their range raise a ValueError naming the field."""
    with pytest.raises(ValueError, match=next(iter(options))):
        Thresholds(**options)


def test_tallies_of_different_statements_are_rejected() -> None:
    """Check that overall and group tallies over different columns raise a ValueError."""
    with pytest.raises(ValueError, match="columns"):
        classify_statements(
            _tallies([[(1, 0, 1)]]), _tallies([[(1, 0, 1), (1, 0, 1)]]), excluded=np.array([False])
        )


def test_a_difference_of_exactly_the_threshold_counts() -> None:
    """Check 700/1000 vs 400/1000: 0.7 - 0.4 is 0.29999999999999993 in binary, yet it reaches 0.30."""
    (result,) = _classify([(1100, 900, 2000)], [[(700, 300, 1000)], [(400, 600, 1000)]])
    assert result.friction.difference < 0.3
    assert result.flags == {"friction": "inconclusive"}
