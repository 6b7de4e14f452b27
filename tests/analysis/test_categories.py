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


def _vote_variance(agree: int, disagree: int, votes: int) -> float:
    """Variance of one vote (+1 / 0 / -1), from shares smoothed by one pseudo-vote of each kind."""
    pa, pd = (agree + 1) / (votes + 3), (disagree + 1) / (votes + 3)
    return pa + pd - (pa - pd) ** 2


def _support_se(counts: list[Counts]) -> float:
    """Standard error of half a net-support gap for its interval, worked from the rule's formula: each
    group's own vote variance."""
    return math.sqrt(sum(_vote_variance(*c) / c[2] for c in counts)) / 2


def _null_se(counts: list[Counts]) -> float:
    """Standard error of half a net-support gap under "no gap", for the test: both groups' votes pooled."""
    pooled = _vote_variance(*(sum(c[i] for c in counts) for i in range(3)))
    return math.sqrt(pooled * sum(1 / c[2] for c in counts)) / 2


def _two_sided_p(z: float) -> float:
    return math.erfc(z / math.sqrt(2))


def test_clear_friction() -> None:
    """Check groups agreeing 18/20 and 2/20 (the rest disagree): net support 0.8 and -0.8, half the
    gap 0.8, above 30 points; pooled 20/20 of 40, variance 42/43 - 0 = 0.9767, null standard error
    sqrt(0.9767 * (1/20 + 1/20)) / 2 = 0.1563, z = 5.12, two-sided p = 3.1e-7. One statement tested:
    the interval is the ordinary two-sided 95% one (z = 1.96) on each group's own variance, cut at 1."""
    (result,) = _classify([(20, 20, 40)], [[(18, 2, 20)], [(2, 18, 20)]])
    assert result.flags == {"friction": "clear"}
    friction = result.friction
    assert (friction.higher_group, friction.lower_group) == (0, 1)
    assert friction.difference == pytest.approx(0.8)
    se = _support_se([(18, 2, 20), (2, 18, 20)])
    assert friction.interval == pytest.approx((0.8 - 1.959964 * se, 1.0), abs=1e-6)  # a gap is at most 1
    assert _null_se([(18, 2, 20), (2, 18, 20)]) == pytest.approx(0.15626, abs=1e-5)
    assert friction.p_value == pytest.approx(3.0631e-7, rel=1e-3)
    assert friction.q_value == friction.p_value


def test_friction_uses_disagree_and_pass_not_agree_alone() -> None:
    """Check the two cases agree shares get wrong, with 1,000 votes per group.

    10/80/10 against 10/10/80 (agree/disagree/pass, %): equal agree shares, but one group rejects
    what the other is unsure of: net support -0.7 and 0, half the gap 0.35, clear friction.
    80 agree/20 pass against 40 agree/60 pass: a 40-point agree gap, but nobody disagrees:
    net support 0.8 and 0.4, half the gap 0.2, no friction.
    """
    rejects_or_unsure, agree_or_pass = _classify(
        [(200, 900, 2000), (1200, 0, 2000)],
        [[(100, 800, 1000), (800, 0, 1000)], [(100, 100, 1000), (400, 0, 1000)]],
    )
    assert rejects_or_unsure.friction.difference == pytest.approx(0.35)
    assert rejects_or_unsure.flags["friction"] == "clear"
    assert agree_or_pass.friction.difference == pytest.approx(0.2)
    assert "friction" not in agree_or_pass.flags


def test_friction_is_inconclusive_when_the_groups_are_not_shown_to_differ() -> None:
    """Check 4/2/0 vs 0/2/4 on 6 votes each: half the gap is 0.33, above 0.30, but on so few votes
    the groups may not differ at all: pooled 4/4 of 12, variance 2/3, null standard error
    sqrt(2/3 * 2/6) / 2 = 0.2357, z = 1.414, two-sided p = 0.157; the interval holds 0."""
    (result,) = _classify([(4, 4, 12)], [[(4, 2, 6)], [(0, 2, 6)]])
    assert result.flags["friction"] == "inconclusive"
    assert result.friction.difference == pytest.approx(1 / 3)
    assert result.friction.q_value == pytest.approx(0.1573, abs=1e-4)
    assert result.friction.interval[0] < 0 < 0.3 < result.friction.interval[1]


def test_friction_is_inconclusive_when_a_group_is_too_small() -> None:
    """Check 4/4 against 0/4: a full gap, but a group with fewer than 5 votes is not tested."""
    (result,) = _classify([(4, 4, 8)], [[(4, 0, 4)], [(0, 4, 4)]])
    assert result.friction.difference == 1.0
    assert result.friction.p_value is None and result.friction.q_value is None
    assert result.flags == {"friction": "inconclusive"}


def test_min_group_votes_is_configurable() -> None:
    """Check that with min_group_votes=4 the same 4/4 against 0/4 is tested and clear: pooled 4/4 of 8,
    variance 10/11, null standard error sqrt(10/11 * 2/4) / 2 = 0.3371, z = 2.97, p = 0.003."""
    (result,) = _classify([(4, 4, 8)], [[(4, 0, 4)], [(0, 4, 4)]], thresholds=Thresholds(min_group_votes=4))
    assert result.flags == {"friction": "clear"}


def test_a_gap_below_the_threshold_is_no_friction() -> None:
    """Check 60/40 against 45/55 on 1,000 votes each: the groups surely differ (z = 0.15 / 0.0223 =
    6.7), but half the gap is 0.15: a real difference too small to be friction."""
    (result,) = _classify([(1050, 950, 2000)], [[(600, 400, 1000)], [(450, 550, 1000)]])
    assert result.friction.q_value < 1e-9
    assert "friction" not in result.flags


def test_friction_needs_two_groups_that_voted() -> None:
    """Check that one group, or a second group without votes on the statement, gives no friction."""
    (one_group,) = _classify([(18, 2, 20)], [[(18, 2, 20)]])
    (silent_second,) = _classify([(18, 2, 20)], [[(18, 2, 20)], [(0, 0, 0)]])
    for result in (one_group, silent_second):
        assert result.friction is None
        assert "friction" not in result.flags


# A marginal case: 15/5 against 8/12 of 20 (no passes), net support 0.5 and -0.2, half the gap 0.35;
# pooled 23/17 of 40: variance 24/43 + 18/43 - (6/43)^2 = 0.9573, null standard error
# sqrt(0.9573 * 2/20) / 2 = 0.1547, z = 2.2625, two-sided p = 0.0237: clear when tested alone, not
# when the test is repeated over three pairs (0.071) or twenty statements (0.47).
MARGINAL = [(15, 5, 20), (8, 12, 20)]
MARGINAL_P = 0.023669


def test_the_marginal_case_is_marginal() -> None:
    """Check the premise of the two multiplicity tests below: two-sided p between 0.05 / 3 and 0.05."""
    assert _null_se(MARGINAL) == pytest.approx(0.15470, abs=1e-5)
    assert _two_sided_p(0.35 / _null_se(MARGINAL)) == pytest.approx(MARGINAL_P, rel=1e-4)
    (alone,) = _classify([(23, 17, 40)], [[MARGINAL[0]], [MARGINAL[1]]])
    assert alone.friction.p_value == pytest.approx(MARGINAL_P, rel=1e-4)
    assert alone.flags["friction"] == "clear"


def test_friction_is_adjusted_for_the_pairs_of_groups() -> None:
    """Check that a third group with enough votes (12/8 of 20, net support 0.2, within 30 points of
    both) makes three pairs: the marginal pair's p is tripled (Bonferroni), and it is no longer clear."""
    (three,) = _classify([(35, 25, 60)], [[MARGINAL[0]], [MARGINAL[1]], [(12, 8, 20)]])
    assert (three.friction.higher_group, three.friction.lower_group) == (0, 1)
    assert three.friction.p_value == pytest.approx(3 * MARGINAL_P, rel=1e-4)
    assert three.flags["friction"] == "inconclusive"


def test_friction_controls_the_false_discovery_rate_across_statements() -> None:
    """Check that the marginal case among 19 statements where the groups agree is no longer clear:
    its Benjamini-Hochberg q is its p times 20 / 1; excluded statements do not join the family. With
    no discovery among 20 statements, the interval is at level 1 - 0.05 / 20 (Benjamini-Yekutieli),
    z = 3.0233 on each side."""
    null = (10, 10, 20)
    overall = [(23, 17, 40)] + [(20, 20, 40)] * 19
    groups = [[MARGINAL[0]] + [null] * 19, [MARGINAL[1]] + [null] * 19]
    among_nulls = _classify(overall, groups)
    assert among_nulls[0].friction.q_value == pytest.approx(20 * MARGINAL_P, rel=1e-4)
    assert among_nulls[0].flags["friction"] == "inconclusive"
    assert among_nulls[0].friction.interval[0] == pytest.approx(
        0.35 - 3.023341 * _support_se(MARGINAL), abs=1e-5
    )
    beside_excluded = _classify(overall, groups, excluded=[False] + [True] * 19)
    assert beside_excluded[0].flags["friction"] == "clear"


def test_friction_reports_a_pair_whose_gap_reaches_the_threshold() -> None:
    """Check three groups where the most significant pair differs by too little: 600/400 against
    450/550 of 1,000 (half the gap 0.15, z = 6.7) is passed over for 16/4 of 20 against 450/550
    (net support 0.6 and -0.1, half the gap 0.35; pooled 466/554 of 1,020, null standard error 0.1124,
    z = 3.11, p = 0.00185, times 3 pairs = 0.0056): large and significant, clear."""
    (result,) = _classify([(1066, 954, 2020)], [[(600, 400, 1000)], [(450, 550, 1000)], [(16, 4, 20)]])
    assert (result.friction.higher_group, result.friction.lower_group) == (2, 1)
    assert result.friction.difference == pytest.approx(0.35)
    assert result.friction.p_value == pytest.approx(3 * 0.0018537, rel=1e-3)
    assert result.flags == {"friction": "clear"}


def test_friction_reports_the_pair_with_the_strongest_evidence() -> None:
    """Check three groups where only groups 0 and 1 have enough votes: that pair is reported, and
    tested alone."""
    (result,) = _classify([(24, 20, 44)], [[(18, 2, 20)], [(2, 18, 20)], [(4, 0, 4)]])
    assert (result.friction.higher_group, result.friction.lower_group) == (0, 1)
    assert result.flags == {"friction": "clear"}


def test_flags_can_co_occur() -> None:
    """Check clear consensus overall together with friction between 20/0/0 and 10/5/5: net support
    1.0 and 0.25, half the gap 0.375; pooled 30/5 of 40, null standard error 0.1143, z = 3.28,
    p = 0.001: clear. On 5 votes each, 5/0/0 against 2/2/1 (half the gap 0.5; pooled 7/2 of 10,
    variance 0.6982, null standard error 0.2642, z = 1.89, p = 0.059), the groups are not shown to
    differ: inconclusive."""
    (result,) = _classify([(91, 3, 100)], [[(20, 0, 20)], [(10, 5, 20)]])
    assert result.flags == {"consensus": "clear", "friction": "clear"}
    (few,) = _classify([(91, 3, 100)], [[(5, 0, 5)], [(2, 2, 5)]])
    assert few.flags == {"consensus": "clear", "friction": "inconclusive"}


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
    """Check 33/67 vs 3/97 of 100: half of 0.6 is 0.29999999999999993 in binary, yet it reaches 0.30;
    the groups differ (z = 5.5), so the friction is clear."""
    (result,) = _classify([(36, 164, 200)], [[(33, 67, 100)], [(3, 97, 100)]])
    assert result.friction.difference < 0.3
    assert result.flags["friction"] == "clear"
