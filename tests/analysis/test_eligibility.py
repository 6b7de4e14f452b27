"""Who is placed in opinion groups (pol.is in-conv): the threshold, the top-up, the replay of history."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assembly.analysis.eligibility import select_eligible_participants
from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.types import VoteLog


def _log(events: list[tuple[int, int, int]], times: list[float] | None = None) -> VoteLog:
    """Votes from (participant, statement, value) triples."""
    p, s, v = zip(*events, strict=True) if events else ((), (), ())
    return VoteLog.from_rows(p, s, v, times)


def _eligible_ids(log: VoteLog, **options: int) -> list[int]:
    matrix = build_vote_matrix(log)
    mask = select_eligible_participants(matrix, log, **options)
    return sorted(int(p) for p in matrix.participant_ids[mask])


def test_participant_needs_seven_votes_when_there_are_enough_statements() -> None:
    """Check that with 10 statements, 7 votes (passes included) place a participant and 6 do not."""
    events = [(1, s, 0) for s in range(7)] + [(2, s, 1) for s in range(6)] + [(3, s, -1) for s in range(10)]
    assert _eligible_ids(_log(events), min_group=0) == [1, 3]


def test_threshold_is_capped_by_the_number_of_statements_voted_on() -> None:
    """Check that with only 3 statements voted on, voting on all 3 is enough."""
    events = [(1, s, 1) for s in range(3)] + [(2, s, 1) for s in range(2)]
    assert _eligible_ids(_log(events), min_group=0) == [1]


def test_votes_on_excluded_statements_count_towards_eligibility() -> None:
    """Check that votes on rejected or meta statements count, as in pol.is's user-vote-counts."""
    log = _log([(1, s, 1) for s in range(7)] + [(2, s, 1) for s in range(3, 10)])
    matrix = build_vote_matrix(log, excluded_statement_ids=range(7))
    assert select_eligible_participants(matrix, min_group=0).tolist() == [True, True]


def test_most_active_voters_are_added_until_fifteen_are_placed() -> None:
    """Check that with nobody over the threshold, the 15 most active voters are placed (ties: row order)."""
    # 20 participants with 1..6 votes on 10 statements; participant p votes on (p % 6) + 1 statements.
    events = [(p, s, 1) for p in range(20) for s in range(p % 6 + 1)]
    events += [(99, s, 0) for s in range(10)]  # makes 10 statements; participant 99 qualifies alone
    # Only 99 reaches 7 votes. The fill adds 14 more: the 6-vote participants 5, 11, 17; the 5-vote
    # 4, 10, 16; the 4-vote 3, 9, 15; the 3-vote 2, 8, 14; then 2 of the 2-vote 1, 7, 13, 19 (row order).
    assert _eligible_ids(_log(events)) == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 14, 15, 16, 17, 99]


def test_fill_breaks_ties_by_row_order() -> None:
    """Check that among equally active voters the fill takes the earliest matrix rows."""
    # Participant 0 votes on 8 statements and qualifies; 1..19 have one vote each.
    events = [(p, 0, 1) for p in range(20)] + [(0, s, 1) for s in range(1, 8)]
    assert _eligible_ids(_log(events)) == list(range(15))


def test_everyone_is_placed_while_fewer_than_fifteen_voted() -> None:
    """Check that with 4 participants, each with a single vote, all are placed."""
    assert _eligible_ids(_log([(p, p, 1) for p in range(4)])) == [0, 1, 2, 3]


def test_early_participants_stay_placed_after_the_threshold_rises() -> None:
    """Check that placement is kept: a participant placed when few statements existed stays placed."""
    # Participant 1 votes on the only 2 statements at t=1-2: threshold min(7, 2) = 2, so placed.
    # Later 30 participants vote on 10 statements; participant 1 never votes again.
    events = [(1, 0, 1), (1, 1, 1)] + [(p, s, -1) for p in range(100, 130) for s in range(10)]
    times = [1.0, 2.0] + [float(10 + i) for i in range(300)]
    placed = _eligible_ids(_log(events, times))
    assert 1 in placed
    assert _eligible_ids(_log(events)) == list(range(100, 130))  # without history: final counts only


def test_votes_sharing_a_timestamp_arrive_in_one_update() -> None:
    """Check that votes with one timestamp are one update: the fill then ranks them by their counts."""
    # 14 participants vote once at t=0 on statement 0 (all placed: fewer than 15 have voted).
    # At t=1 participants 50 and 51 arrive together with 1 and 2 votes: the fill takes 51 only.
    events = [(p, 0, 1) for p in range(14)] + [(50, 1, 1), (51, 1, 1), (51, 2, -1)]
    times = [0.0] * 14 + [1.0, 1.0, 1.0]
    assert _eligible_ids(_log(events, times)) == [*range(14), 51]


def test_input_row_order_does_not_matter() -> None:
    """Check that the same vote events in another row order give the same placement."""
    events = [(p, s, 1) for p in range(30) for s in range(p % 9)]
    times = [float((7 * i) % 13) for i in range(len(events))]
    order = np.random.default_rng(3).permutation(len(events))
    shuffled = [events[i] for i in order], [times[i] for i in order]
    assert _eligible_ids(_log(events, times)) == _eligible_ids(_log(*shuffled))


def test_votes_of_participants_outside_the_matrix_are_ignored() -> None:
    """Check that the votes of excluded participants do not shape anyone else's placement."""
    events = [(p, s, 1) for p in range(20) for s in range(8)] + [(77, s, 1) for s in range(8)]
    log = _log(events, [float(i) for i in range(len(events))])
    matrix = build_vote_matrix(log, excluded_participant_ids=[77])
    assert select_eligible_participants(matrix, log).tolist() == [True] * 20


def test_log_lacking_a_participant_of_the_matrix_is_refused() -> None:
    """Check that a vote log that does not match the matrix raises instead of guessing."""
    log = _log([(p, s, 1) for p in range(20) for s in range(3)], [float(i) for i in range(60)])
    other = _log([(p, s, 1) for p in range(19) for s in range(3)], [float(i) for i in range(57)])
    with pytest.raises(ValueError, match="lacks some participants"):
        select_eligible_participants(build_vote_matrix(log), other)


@pytest.mark.parametrize(("min_votes", "min_group"), [(0, 15), (7, -1)])
def test_bad_thresholds_are_refused(min_votes: int, min_group: int) -> None:
    """Check that thresholds below their minimum raise ValueError naming both values."""
    with pytest.raises(ValueError, match="min_votes"):
        select_eligible_participants(
            build_vote_matrix(VoteLog.empty()), min_votes=min_votes, min_group=min_group
        )


def test_no_votes_places_nobody() -> None:
    """Check that an empty vote log gives an empty mask."""
    assert select_eligible_participants(build_vote_matrix(VoteLog.empty()), VoteLog.empty()).tolist() == []


def _reference_replay(log: VoteLog, min_votes: int, min_group: int) -> set[int]:
    """The pol.is rule written out update by update (one update per distinct timestamp)."""
    assert log.timestamps is not None
    seen: dict[int, set[int]] = {}
    statements: set[int] = set()
    placed: set[int] = set()
    for t in sorted(set(log.timestamps.tolist())):
        for i in np.flatnonzero(log.timestamps == t):
            p, s = int(log.participant_ids[i]), int(log.statement_ids[i])
            seen.setdefault(p, set()).add(s)
            statements.add(s)
        placed |= {p for p, votes in seen.items() if len(votes) >= min(min_votes, len(statements))}
        if len(placed) < min_group:
            # ties: matrix row order, i.e. participant id order (row_order="sorted")
            rest = sorted((p for p in seen if p not in placed), key=lambda p: (-len(seen[p]), p))
            placed |= set(rest[: min_group - len(placed)])
    return placed


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 25), st.integers(0, 12), st.integers(-1, 1), st.integers(0, 40)),
        min_size=1,
        max_size=200,
    ),
    st.integers(1, 8),
    st.integers(0, 16),
)
def test_replay_matches_the_rule_applied_update_by_update(
    events: list[tuple[int, int, int, int]], min_votes: int, min_group: int
) -> None:
    """Check that the vectorised replay equals the in-conv rule applied at every update in a loop."""
    p, s, v, t = zip(*events, strict=True)
    log = VoteLog.from_rows(p, s, v, t)
    matrix = build_vote_matrix(log)
    mask = select_eligible_participants(matrix, log, min_votes=min_votes, min_group=min_group)
    assert set(matrix.participant_ids[mask].tolist()) == _reference_replay(log, min_votes, min_group)
