"""Specification of pol.is's representative statements, on tiny cases worked out by hand.

Notation (docs/explanation/polis-math.md §2.8): a group's agrees na, disagrees nd and votes ns;
the rest's counts are those of the other groups added up.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from assembly.analysis.representative import select_representative_statements, statement_stats
from assembly.analysis.tallies import Tallies


def _two_groups(group_0: list[tuple[int, int, int]], group_1: list[tuple[int, int, int]]) -> Tallies:
    """Tallies from (agree, disagree, seen) per statement for two groups."""
    rows = [group_0, group_1]
    return Tallies.from_counts(
        [[c[0] for c in row] for row in rows],
        [[c[1] for c in row] for row in rows],
        [[c[2] for c in row] for row in rows],
    )


def _select(tallies: Tallies, excluded: list[bool] | None = None, **options: int) -> list[list]:
    n = tallies.n_statements
    return select_representative_statements(
        tallies,
        statement_ids=np.arange(100, 100 + n),
        excluded=np.zeros(n, bool) if excluded is None else np.array(excluded),
        **options,
    )


# Group 0 agrees 4/4, group 1 disagrees 3/4 (one pass).
SPLIT = _two_groups([(4, 0, 4)], [(0, 3, 4)])


def test_statistics_match_hand_computation() -> None:
    """Check pa, pd, pat, pdt, ra, rd, rat, rdt for group 0 on the split statement.

    pa = 5/6, pd = 1/6; pat = 2 sqrt(5) (5/5 - 1/2) = sqrt(5), pdt = 2 sqrt(5) (1/5 - 1/2);
    ra = (5/6) / (1/6) = 5, rd = (1/6) / (4/6) = 1/4;
    rat: 5/5 vs 1/5 pooled 6/10: 0.8 / sqrt(0.24 * 0.4) = sqrt(20/3);
    rdt: 1/5 vs 4/5 pooled 1/2: -0.6 / sqrt(0.25 * 0.4) = -sqrt(3.6).
    """
    s = statement_stats(SPLIT)
    assert s.p_agree[0, 0] == pytest.approx(5 / 6)
    assert s.p_disagree[0, 0] == pytest.approx(1 / 6)
    assert s.z_agree[0, 0] == pytest.approx(math.sqrt(5))
    assert s.z_disagree[0, 0] == pytest.approx(-0.6 * math.sqrt(5))
    assert s.ratio_agree[0, 0] == pytest.approx(5.0)
    assert s.ratio_disagree[0, 0] == pytest.approx(0.25)
    assert s.z_ratio_agree[0, 0] == pytest.approx(math.sqrt(20 / 3))
    assert s.z_ratio_disagree[0, 0] == pytest.approx(-math.sqrt(3.6))
    assert (s.rest_agree[0, 0], s.rest_disagree[0, 0], s.rest_seen[0, 0]) == (0, 3, 4)


def test_rest_is_the_sum_of_the_other_groups() -> None:
    """Check that with three groups, a group's rest counts are the two others added up."""
    tallies = Tallies.from_counts([[1], [2], [4]], [[0], [1], [0]], [[2], [3], [5]])
    s = statement_stats(tallies)
    assert s.rest_agree[:, 0].tolist() == [6, 5, 3]
    assert s.rest_seen[:, 0].tolist() == [8, 7, 5]


def test_each_group_gets_its_own_direction() -> None:
    """Check the split statement: group 0 stands out by agreeing, group 1 by disagreeing.

    Group 1: pd = 4/6, pdt = 2 sqrt(5) (4/5 - 1/2) = 0.6 sqrt(5) > 1.2816, rd = (4/6) / (1/6) = 4,
    rdt = sqrt(3.6) > 1.2816: sufficient. It never gets a best-agree champion (pat < 0 and ra < 1).
    """
    group_0, group_1 = _select(SPLIT)
    assert len(group_0) == len(group_1) == 1
    first = group_0[0]
    assert (first.statement_id, first.direction, first.n_success, first.n_trials) == (100, "agree", 4, 4)
    assert (first.p_success, first.repness) == (pytest.approx(5 / 6), pytest.approx(5.0))
    assert first.p_test == pytest.approx(math.sqrt(5))
    second = group_1[0]
    assert (second.direction, second.n_success, second.n_trials, second.best_agree) == (
        "disagree",
        3,
        4,
        False,
    )
    assert second.p_success == pytest.approx(4 / 6)
    assert second.p_test == pytest.approx(0.6 * math.sqrt(5))
    assert second.repness == pytest.approx(4.0)
    assert second.n_agree is None


def test_repness_test_is_rounded_to_float32() -> None:
    """Check that repness_test is sqrt(20/3) rounded to float32, as pol.is's (float ...) does."""
    entry = _select(SPLIT)[0][0]
    exact = math.sqrt(20 / 3)
    assert entry.repness_test == float(np.float32(exact))
    assert entry.repness_test != exact


def test_best_agree_is_marked_and_not_listed_twice() -> None:
    """Check that the sufficient best-agree statement appears once, flagged, with its agree count."""
    entry = _select(SPLIT)[0]
    assert len(entry) == 1
    assert entry[0].best_agree is True
    assert entry[0].n_agree == 4


def test_direction_ties_go_to_disagree() -> None:
    """Check that when agree and disagree z are equal, the statement is labelled "disagree".

    Both groups vote 1 agree, 1 disagree: rat = rdt = 0. Nothing is sufficient and there is no
    best-agree (pat = 2 sqrt(3) (2/3 - 1/2) < 1.2816, ra = 1), so the fallback is returned.
    """
    result = _select(_two_groups([(1, 1, 2)], [(1, 1, 2)]))
    assert [(e.direction, e.best_agree) for e in result[0]] == [("disagree", False)]


def test_fallback_is_the_statement_with_the_largest_z_so_far() -> None:
    """Check that with nothing sufficient and no best-agree, the largest group-vs-rest z is kept.

    Group 0 on statement 0: 0/1/2 against the rest's 2/0/2, rdt = (2/3 - 1/3) / sqrt(1/4 * 2/3)
    = 0.8165; on statement 1: 0/1/1 against 0/0/1, rdt = (1 - 1/2) / sqrt(3/16) = 1.1547 (and
    pdt = sqrt(2) but rdt < 1.2816); statement 2 repeats statement 0. Neither is sufficient, and
    no statement qualifies as best-agree (pat <= 0, ra <= 1).
    """
    result = _select(_two_groups([(0, 1, 2), (0, 1, 1), (0, 1, 2)], [(2, 0, 2), (0, 0, 1), (2, 0, 2)]))
    assert [(e.statement_id, e.direction) for e in result[0]] == [(101, "disagree")]
    assert result[0][0].repness_test == pytest.approx(2 / math.sqrt(3), abs=1e-6)


def test_sufficient_needs_both_the_group_test_and_the_comparison() -> None:
    """Check that beating the rest is not enough: the group's own share must be significant too.

    Statement 0: group 0 disagrees 2 of 3 against the rest's 3/3 agree: rdt = 0.5 / sqrt(1/8)
    = 1.414 > 1.2816 but pdt = 2 * 2 * (3/4 - 1/2) = 1. Statement 1: 2 of 4 against 5/5 agree:
    rdt = (3/5 - 1/6) / sqrt(28/330) = 1.4876476, pdt = 0.447. Nothing is sufficient and
    nobody agreed, so the fallback (largest z: statement 1) is the only entry.
    """
    result = _select(_two_groups([(0, 2, 3), (0, 2, 4)], [(3, 0, 3), (5, 0, 5)]))
    assert [(e.statement_id, e.direction) for e in result[0]] == [(101, "disagree")]
    assert result[0][0].repness_test == pytest.approx(1.4876476, abs=1e-6)


def test_fallback_is_compared_with_its_float32_rounded_z() -> None:
    """Check pol.is's quirk: a later identical statement replaces the fallback iff float32 rounds down.

    z = 2 / sqrt(3) = 1.1547005383792517 rounds to the float32 1.154700517654419 (smaller), so the
    second of two identical statements beats the first. z = sqrt(2/3) = 0.816496580927726 rounds to
    0.8164966106414795 (larger), so the first of two identical statements stays.
    """
    rounds_down = _select(_two_groups([(0, 1, 1), (0, 1, 1)], [(0, 0, 1), (0, 0, 1)]))
    rounds_up = _select(_two_groups([(0, 1, 2), (0, 1, 2)], [(2, 0, 2), (2, 0, 2)]))
    assert [e.statement_id for e in rounds_down[0]] == [101]
    assert [e.statement_id for e in rounds_up[0]] == [100]


def test_fallback_keeps_the_first_of_exactly_equal_z() -> None:
    """Check that a later statement must beat the fallback strictly: two all-pass statements (z = 0)."""
    result = _select(_two_groups([(0, 0, 1), (0, 0, 1)], [(0, 0, 1), (0, 0, 1)]))
    assert [e.statement_id for e in result[0]] == [100]


def test_best_agree_keeps_the_first_of_equals() -> None:
    """Check that an identical later statement does not replace the best-agree champion."""
    result = _select(_two_groups([(10, 0, 10), (10, 0, 10)], [(10, 0, 10), (10, 0, 10)]))
    assert [(e.statement_id, e.best_agree) for e in result[0]] == [(100, True)]


def test_best_agree_can_start_from_a_likelier_than_rest_majority() -> None:
    """Check the champion's other entry rule: ra > 1 with pa > 1/2, even though pat <= 1.2816.

    Group 0 agrees 2 of 3 (one pass), the rest disagrees 3/3: pa = 3/5, pat = 2 * 2 * (3/4 - 1/2)
    = 1, ra = (3/5) / (1/5) = 3. Not sufficient (pat too small), so the best-agree entry is all.
    """
    result = _select(_two_groups([(2, 0, 3)], [(0, 3, 3)]))
    assert [(e.statement_id, e.best_agree, e.n_agree) for e in result[0]] == [(100, True, 2)]


def test_best_agree_keeps_the_first_of_equal_products() -> None:
    """Check that an identical later statement does not take over a champion with ra > 1."""
    result = _select(_two_groups([(3, 0, 3), (3, 0, 3)], [(0, 3, 3), (0, 3, 3)]))
    assert [(e.statement_id, e.best_agree) for e in result[0]] == [(100, True), (101, False)]


def test_best_agree_champion_likelier_than_the_rest_is_compared_on_the_full_product() -> None:
    """Check that once the champion has ra > 1, challengers need a larger ra * rat * pa * pat.

    Statement 0: group 0 agrees 2/2, the rest 6/8: pat = sqrt(3) > 1.2816 makes it champion, with
    ra = (3/4) / (7/10) = 15/14 > 1, rat = (2/9) / sqrt(10/12 * 2/12 * 4/9) = 0.894, product 1.245.
    Statement 1: everyone agrees 10/10: pa * pat = 11/12 * sqrt(11) = 3.04 is larger, but rat = 0
    makes its product 0, so it does not take over. Neither is sufficient (rat < 1.2816).
    """
    result = _select(_two_groups([(2, 0, 2), (10, 0, 10)], [(6, 0, 8), (10, 0, 10)]))
    assert [(e.statement_id, e.best_agree) for e in result[0]] == [(100, True)]


def test_best_agree_can_be_labelled_disagree_and_then_follows_the_agrees() -> None:
    """Check pol.is's best-agree quirk, worked by hand.

    Statement 0: everyone agrees (group 0 10/10, rest 10/10): pat = sqrt(11) > 1.2816 makes it the
    first best-agree champion, but ra = 1 and rat = rdt = 0, so it is not sufficient and, finalised,
    it is labelled "disagree" (ties go to disagree). Statement 1: group 0 agrees 3/3, the rest
    disagrees 3/3: pa * pat = 0.8 * 2 = 1.6 < 11/12 * sqrt(11), so it does not replace the champion;
    it is sufficient (pat = 2, rat = 0.75 / sqrt(15/128) = 2.19). Output: best-agree first, then
    the sufficient statement; moving agrees before disagrees puts statement 1 first.
    """
    result = _select(_two_groups([(10, 0, 10), (3, 0, 3)], [(10, 0, 10), (0, 3, 3)]))
    first, second = result[0]
    assert (first.statement_id, first.direction, first.best_agree) == (101, "agree", False)
    assert first.repness_test == pytest.approx(0.75 / math.sqrt(15 / 128), abs=1e-6)
    assert (second.statement_id, second.direction, second.best_agree, second.n_agree) == (
        100,
        "disagree",
        True,
        10,
    )
    assert (second.n_success, second.n_trials, second.repness, second.repness_test) == (0, 10, 1.0, 0.0)
    assert second.p_success == pytest.approx(1 / 12)
    assert second.p_test == pytest.approx(2 * math.sqrt(11) * (1 / 11 - 0.5))


def test_first_five_by_metric_with_agrees_before_disagrees() -> None:
    """Check ordering: best-agree first, then by repness * repness_test * p_success * p_test, cut at 5.

    Statements 0-5: group 0 agrees k/k (k = 3..8) while the rest disagrees 3/3; every factor of the
    metric grows with k, so the best-agree champion ends as k = 8 (statement 5) and the others rank
    by k. Statement 6: group 0 disagrees 10/10 while the rest agrees 3/3; its metric is
    rd * rdt * pd * pdt = (11/12 / (1/5)) * 3.211 * 11/12 * sqrt(11) = 44.7, above k = 8 (36.0) and
    k = 7 (31.6). Top 5: [5, 6, 4, 3, 2]; agrees first: [5, 4, 3, 2, 6].
    """
    group_0 = [(k, 0, k) for k in range(3, 9)] + [(0, 10, 10)]
    group_1 = [(0, 3, 3)] * 6 + [(3, 0, 3)]
    result = _select(_two_groups(group_0, group_1))
    assert [e.statement_id - 100 for e in result[0]] == [5, 4, 3, 2, 6]
    assert [e.best_agree for e in result[0]] == [True, False, False, False, False]
    assert result[0][-1].direction == "disagree"


def test_max_per_group_limits_the_list() -> None:
    """Check that max_per_group keeps only the first entries (before agrees are moved first)."""
    group_0 = [(k, 0, k) for k in range(3, 9)] + [(0, 10, 10)]
    group_1 = [(0, 3, 3)] * 6 + [(3, 0, 3)]
    result = _select(_two_groups(group_0, group_1), max_per_group=2)
    assert [e.statement_id - 100 for e in result[0]] == [5, 6]


def test_excluded_statements_are_never_representative() -> None:
    """Check that a rejected or meta statement is skipped, even when it would be chosen."""
    tallies = _two_groups([(4, 0, 4), (1, 1, 2)], [(0, 3, 4), (1, 1, 2)])
    result = _select(tallies, excluded=[True, False])
    assert all(e.statement_id != 100 for group in result for e in group)


def test_no_statements_give_empty_lists() -> None:
    """Check that groups with no eligible statement get an empty list."""
    result = _select(SPLIT, excluded=[True])
    assert result == [[], []]


def test_mismatched_statement_ids_are_rejected() -> None:
    """Check that statement ids not matching the columns raise a ValueError."""
    with pytest.raises(ValueError, match="statement_ids"):
        select_representative_statements(SPLIT, statement_ids=np.array([1, 2]), excluded=np.array([False]))
