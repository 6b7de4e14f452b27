"""Specification of the vote log: latest votes and id coding."""

from __future__ import annotations

import numpy as np
import pytest

from assembly.analysis.types import Moderation, Vote, VoteLog, dense_codes


def test_vote_values_follow_the_agree_is_plus_one_convention() -> None:
    """Check that agree is +1, disagree -1 and pass 0."""
    assert (Vote.AGREE, Vote.DISAGREE, Vote.PASS) == (1, -1, 0)


def test_moderation_converts_to_and_from_polis_integers() -> None:
    """Check that pol.is's mod values 1 / 0 / -1 map to accepted / pending / rejected and back."""
    for number, state in ((1, Moderation.ACCEPTED), (0, Moderation.PENDING), (-1, Moderation.REJECTED)):
        assert Moderation.from_polis(number) is state
        assert state.to_polis() == number


def test_latest_vote_is_the_one_with_the_latest_timestamp_whatever_the_row_order() -> None:
    """Check that the latest vote wins by time, not by position in the file."""
    log = VoteLog.from_rows([7, 7, 7, 3], [1, 1, 2, 1], [1, -1, 0, -1], [300.0, 100.0, 50.0, 10.0])
    latest = log.latest()
    columns = (latest.participant_ids.tolist(), latest.statement_ids.tolist(), latest.values.tolist())
    cells = list(zip(*columns, strict=True))
    assert cells == [(3, 1, -1), (7, 1, 1), (7, 2, 0)]


def test_equal_timestamps_are_broken_by_row_order() -> None:
    """Check that of two votes at the same instant, the later row wins."""
    log = VoteLog.from_rows([1, 1], [5, 5], [1, -1], [10.0, 10.0])
    assert log.latest().values.tolist() == [-1]


def test_without_timestamps_the_last_row_wins() -> None:
    """Check that without times, the row order is taken as the time order."""
    log = VoteLog.from_rows([2, 1, 2], [0, 0, 0], [1, 0, -1])
    latest = log.latest()
    assert latest.participant_ids.tolist() == [1, 2]
    assert latest.values.tolist() == [0, -1]


def test_latest_matches_a_plain_python_replay_on_random_logs() -> None:
    """Check latest() against a dictionary replay of 5,000 random events with many re-votes."""
    rng = np.random.default_rng(4)
    n = 5000
    p, s = rng.integers(0, 60, n), rng.integers(0, 30, n)
    v, t = rng.integers(-1, 2, n), rng.integers(0, 400, n).astype(float)
    expected: dict[tuple[int, int], tuple[float, int, int]] = {}
    for row in range(n):
        key = (int(p[row]), int(s[row]))
        candidate = (t[row], row, int(v[row]))
        if key not in expected or candidate[:2] > expected[key][:2]:
            expected[key] = candidate
    latest = VoteLog.from_rows(p, s, v, t).latest()
    got = {
        (int(a), int(b)): int(c)
        for a, b, c in zip(latest.participant_ids, latest.statement_ids, latest.values, strict=True)
    }
    assert got == {k: val[2] for k, val in expected.items()}
    keys = list(zip(latest.participant_ids.tolist(), latest.statement_ids.tolist(), strict=True))
    assert keys == sorted(keys)


@pytest.mark.parametrize("ids", [[5, 3, 5, 0, 9], [10**12, 7, 10**12, -4], []])
def test_dense_codes_equal_numpy_unique(ids: list[int]) -> None:
    """Check that dense_codes gives np.unique's ids and inverse, for small, huge and negative ids."""
    arr = np.asarray(ids, dtype=np.int64)
    unique, codes = dense_codes(arr)
    expected_unique, expected_codes = np.unique(arr, return_inverse=True)
    assert unique.tolist() == expected_unique.tolist()
    assert codes.tolist() == expected_codes.tolist()


def test_a_log_with_a_bad_vote_value_is_refused() -> None:
    """Check that a vote value outside -1, 0, 1 is refused with the value named."""
    with pytest.raises(ValueError, match="vote value 2"):
        VoteLog.from_rows([1], [1], [2])
