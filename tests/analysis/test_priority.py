"""Specification of routing priorities and the routing draw."""

from __future__ import annotations

import numpy as np
import pytest

from assembly.analysis.priority import pick_next_statement, statement_priorities
from assembly.analysis.tallies import Tallies


def test_priority_matches_hand_computation() -> None:
    """Check A = 2, D = 1, S = 4 (P = 1), E = 0.5.

    importance = (1 - 2/6) * 1.5 * 3/6 = 0.5; novelty = 1 + 8 * 2^(-4/5); priority = (0.5 * novelty)^2.
    """
    tallies = Tallies.from_counts([[2]], [[1]], [[4]])
    priority = statement_priorities(tallies, [0.5], is_meta=[False])
    assert priority[0] == pytest.approx((0.5 * (1 + 8 * 2 ** (-0.8))) ** 2)


def test_statement_without_votes_gets_the_full_novelty_boost() -> None:
    """Check S = 0 with E = 1: importance = (1/2) * 2 * (1/2) = 1/2, novelty 9, priority 20.25."""
    tallies = Tallies.from_counts([[0]], [[0]], [[0]])
    assert statement_priorities(tallies, [1.0], is_meta=[False])[0] == pytest.approx(20.25)


def test_meta_statements_get_49() -> None:
    """Check that a meta statement's priority is 7^2 whatever its votes."""
    tallies = Tallies.from_counts([[5, 5]], [[0, 0]], [[6, 6]])
    priority = statement_priorities(tallies, [2.0, 2.0], is_meta=[True, False])
    assert priority[0] == 49.0
    assert priority[1] != 49.0


def test_priority_sums_the_groups() -> None:
    """Check that counts split over groups give the same priority as the same counts in one group."""
    split = Tallies.from_counts([[1, 3], [1, 0]], [[0, 1], [1, 1]], [[2, 5], [2, 1]])
    merged = Tallies.from_counts([[2, 3]], [[1, 2]], [[4, 6]])
    extremity, meta = [0.3, 1.2], [False, False]
    assert statement_priorities(split, extremity, is_meta=meta) == pytest.approx(
        statement_priorities(merged, extremity, is_meta=meta)
    )


def test_priority_rejects_misaligned_extremity() -> None:
    """Check that an extremity array of the wrong length raises a ValueError naming it."""
    tallies = Tallies.from_counts([[1, 1]], [[0, 0]], [[1, 1]])
    with pytest.raises(ValueError, match="extremity"):
        statement_priorities(tallies, [1.0], is_meta=[False, False])


def test_pick_draws_in_proportion_to_priority() -> None:
    """Check that weights 3 : 1 give the first statement about 3 draws in 4 (seeded, 4000 draws)."""
    rng = np.random.default_rng(7)
    draws = [pick_next_statement({10: 3.0, 11: 1.0}, [10, 11], rng) for _ in range(4000)]
    assert draws.count(10) / len(draws) == pytest.approx(0.75, abs=0.03)


def test_pick_counts_a_statement_without_priority_as_one() -> None:
    """Check that a candidate missing from the priorities weighs 1, like one with priority 1."""
    rng = np.random.default_rng(3)
    draws = [pick_next_statement({10: 1.0}, [10, 11], rng) for _ in range(4000)]
    assert draws.count(11) / len(draws) == pytest.approx(0.5, abs=0.03)


def test_pick_never_draws_a_zero_priority_when_others_weigh_more() -> None:
    """Check that a statement with priority 0 is never shown while another has weight."""
    rng = np.random.default_rng(1)
    assert {pick_next_statement({10: 0.0, 11: 2.0}, [10, 11], rng) for _ in range(200)} == {11}


def test_pick_is_reproducible_with_a_seed() -> None:
    """Check that the same seed gives the same sequence of statements."""
    priorities = {i: float(i) for i in range(1, 20)}
    first = [pick_next_statement(priorities, list(priorities), np.random.default_rng(5)) for _ in range(3)]
    again = [pick_next_statement(priorities, list(priorities), np.random.default_rng(5)) for _ in range(3)]
    assert first == again


def test_pick_without_candidates_gives_none() -> None:
    """Check that nothing is picked when the participant has seen everything."""
    assert pick_next_statement({1: 2.0}, [], np.random.default_rng(0)) is None


def test_pick_with_all_zero_priorities_is_uniform() -> None:
    """Check that all-zero weights still draw, uniformly."""
    rng = np.random.default_rng(11)
    draws = [pick_next_statement({1: 0.0, 2: 0.0}, [1, 2], rng) for _ in range(2000)]
    assert draws.count(1) / len(draws) == pytest.approx(0.5, abs=0.04)


def test_pick_rejects_negative_priority() -> None:
    """Check that a negative weight raises a ValueError naming the statement."""
    with pytest.raises(ValueError, match="statement 4"):
        pick_next_statement({4: -1.0}, [4], np.random.default_rng(0))
