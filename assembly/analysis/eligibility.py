"""Which participants are placed in opinion groups.

pol.is equivalent: ``in-conv`` in ``conversation.clj`` (docs/explanation/polis-math.md §2.3).
A participant is placed once they have voted on ``min(7, n_statements)`` statements; while fewer
than 15 are placed, the most active voters are added until there are 15; once placed, always
placed. The set therefore depends on the order in which votes arrived, which is replayed here from
the vote timestamps.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import VoteMatrix
from assembly.analysis.types import VoteLog

__all__ = ["MIN_GROUP", "MIN_VOTES", "select_eligible_participants"]

LOOKUP_TABLE_SPAN = 8
"""Ids are mapped to rows through a lookup table when they span at most 8 times their count
(pol.is ids are 0, 1, 2, ...); otherwise by binary search."""

MIN_VOTES = 7
"""Votes a participant needs before being placed (pol.is ``(min 7 n-cmts)``, Small et al. 2021)."""

MIN_GROUP = 15
"""While fewer participants than this are placed, the most active voters are added (pol.is ``greedy-n``)."""


def select_eligible_participants(
    matrix: VoteMatrix,
    votes: VoteLog | None = None,
    *,
    min_votes: int = MIN_VOTES,
    min_group: int = MIN_GROUP,
) -> NDArray[np.bool_]:
    """Mark the participants (matrix rows) that are placed in opinion groups.

    Parameters
    ----------
    matrix : VoteMatrix
        The latest-vote matrix. Votes on excluded statements and passes count as votes here.
    votes : VoteLog, optional
        The vote events behind ``matrix``. When it has timestamps, the history is replayed: one
        update per distinct timestamp (votes sharing a timestamp arrive together), and the placed
        set only grows. Without timestamps (or without ``votes``), one update on the final counts.
    min_votes : int, default 7
        Votes needed to be placed; capped at the number of statements voted on so far.
    min_group : int, default 15
        While fewer participants are placed, the most active voters (ties: matrix row order) are
        added until there are ``min_group``.

    Returns
    -------
    bool array of shape (n_participants,)
        True for rows that are placed.

    Raises
    ------
    ValueError
        If an option is below 1, or if ``votes`` lacks a participant that ``matrix`` has.

    Notes
    -----
    Pol.is equivalent: ``:in-conv`` of ``base-conv-update-graph`` (``conversation.clj``).

    Differences: pol.is updates once per polling batch (about a second of votes); the replay uses
    one update per distinct timestamp, which reproduces the stored ``in-conv`` of the reference
    fixtures. pol.is breaks ties among equally active voters in hash-map order; here, by matrix
    row order. Only the first votes are replayed update by update: once ``min_votes`` statements
    and ``min_group`` participants have votes, a participant is placed exactly when their final
    count reaches ``min_votes``.

    Examples
    --------
    >>> from assembly.analysis.matrix import build_vote_matrix
    >>> log = VoteLog.from_rows([1, 1, 2], [10, 11, 10], [1, -1, 0])
    >>> select_eligible_participants(build_vote_matrix(log), min_group=1).tolist()
    [True, False]
    """
    if min_votes < 1 or min_group < 0:
        raise ValueError(f"min_votes must be >= 1 and min_group >= 0, got {min_votes} and {min_group}")
    counts = matrix.votes_per_participant()
    if votes is None or votes.timestamps is None or len(counts) == 0:
        eligible = counts >= min(min_votes, matrix.shape[1])
        return _fill(eligible, counts, min_group)
    return _replay(matrix, votes, votes.timestamps, min_votes, min_group)


def _fill(eligible: NDArray[np.bool_], counts: NDArray[np.int64], min_group: int) -> NDArray[np.bool_]:
    """Add the most active non-placed rows until ``min_group`` are placed (ties: row order)."""
    missing = min_group - int(eligible.sum())
    if missing <= 0:
        return eligible
    candidates = np.flatnonzero(~eligible)
    order = np.argsort(-counts[candidates], kind="stable")
    eligible = eligible.copy()
    eligible[candidates[order[:missing]]] = True
    return eligible


def _positions(ids: NDArray[np.int64], wanted: NDArray[np.int64]) -> NDArray[np.int64]:
    """Index of each ``wanted`` id in ``ids`` (distinct), or -1 when absent."""
    if len(ids) == 0:
        return np.full(len(wanted), -1, np.int64)
    low, high = int(ids.min()), int(ids.max())
    if high - low <= LOOKUP_TABLE_SPAN * max(len(ids), 1):  # dense ids: a lookup table is fastest
        table = np.full(high - low + 1, -1, np.int64)
        table[ids - low] = np.arange(len(ids))
        inside = (wanted >= low) & (wanted <= high)
        found = np.full(len(wanted), -1, np.int64)
        found[inside] = table[wanted[inside] - low]
        return found
    order = np.argsort(ids, kind="stable")
    at = np.minimum(np.searchsorted(ids[order], wanted), len(ids) - 1)
    return np.where(ids[order][at] == wanted, order[at], -1)


def _replay(
    matrix: VoteMatrix,
    votes: VoteLog,
    timestamps: NDArray[np.float64],
    min_votes: int,
    min_group: int,
) -> NDArray[np.bool_]:
    """Replay the monotone in-conv rule over updates at distinct timestamps (inputs validated).

    Once ``min_votes`` statements and ``min_group`` participants have votes (the update called
    ``settled``), the threshold is ``min_votes`` for good and the fill never runs again, so a later
    entrant is exactly a participant whose final count reaches ``min_votes``. Only the votes up to
    ``settled`` (usually a few dozen) are replayed update by update.
    """
    n_rows, n_cols = matrix.shape
    if n_rows <= min_group:
        return np.ones(n_rows, bool)
    rows = _positions(matrix.participant_ids, votes.participant_ids)
    cols = _positions(matrix.statement_ids, votes.statement_ids)
    known = (rows >= 0) & (cols >= 0)
    rows, cols, times = rows[known], cols[known], timestamps[known]
    if np.count_nonzero(np.bincount(rows, minlength=n_rows)) < n_rows:
        raise ValueError(
            "the vote log lacks some participants of the matrix: pass the log the matrix was built from"
        )
    settled = np.inf
    if n_cols >= min_votes:
        col_first = np.full(n_cols, np.inf)
        np.minimum.at(col_first, cols, times)
        settled = float(np.partition(col_first, min_votes - 1)[min_votes - 1])
        if min_group > 0:
            row_first = np.full(n_rows, np.inf)
            np.minimum.at(row_first, rows, times)
            settled = max(settled, float(np.partition(row_first, min_group - 1)[min_group - 1]))
    early = times <= settled
    reached_later = matrix.votes_per_participant() >= min_votes
    return reached_later | _replay_updates(
        rows[early], cols[early], times[early], n_rows, n_cols, min_votes, min_group
    )


def _replay_updates(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    times: NDArray[np.float64],
    n_rows: int,
    n_cols: int,
    min_votes: int,
    min_group: int,
) -> NDArray[np.bool_]:
    """The in-conv rule applied at every distinct time of these votes, without a Python loop."""
    # One event per (participant, statement): the first vote, at its update ("tick").
    tick_values, ticks = np.unique(times, return_inverse=True)
    never = len(tick_values)
    order = np.lexsort((ticks, cols, rows))
    pair = rows[order] * max(n_cols, 1) + cols[order]
    first = np.ones(len(pair), bool)
    first[1:] = pair[1:] != pair[:-1]
    ev_row, ev_col, ev_tick = rows[order][first], cols[order][first], ticks[order][first]

    # Statements voted on by the end of each tick.
    col_first_tick = np.full(n_cols, never, np.int64)
    np.minimum.at(col_first_tick, ev_col, ev_tick)
    n_statements_at = np.searchsorted(np.sort(col_first_tick), np.arange(never), side="right")

    # Each participant's count at the end of each tick they voted in (events sorted by row, tick).
    order = np.lexsort((ev_tick, ev_row))
    ev_row, ev_tick = ev_row[order], ev_tick[order]
    row_start = np.searchsorted(ev_row, np.arange(n_rows))
    count_after = np.arange(len(ev_row)) - row_start[ev_row] + 1
    tick_end = np.ones(len(ev_row), bool)
    tick_end[:-1] = (ev_row[1:] != ev_row[:-1]) | (ev_tick[1:] != ev_tick[:-1])
    reached = tick_end & (count_after >= np.minimum(min_votes, n_statements_at[ev_tick]))
    entry = np.full(n_rows, never, np.int64)
    np.minimum.at(entry, ev_row[reached], ev_tick[reached])
    if min_group == 0:
        return entry < never

    # Fill: everyone who arrived before the tick at which min_group participants have voted is placed;
    # at that tick the fill tops the set up to min_group, after which it never runs again.
    arrival = np.full(n_rows, never, np.int64)
    np.minimum.at(arrival, ev_row, ev_tick)
    crossing = int(np.sort(arrival)[min_group - 1])
    already = (arrival < crossing) | (entry <= crossing)
    at_crossing = arrival == crossing
    events_by_crossing = np.searchsorted(
        ev_row * never + ev_tick, np.arange(n_rows, dtype=np.int64) * never + crossing, side="right"
    )
    counts_then = np.where(at_crossing, events_by_crossing - row_start, 0)
    return _fill(already, counts_then, min_group) | (entry < never)
