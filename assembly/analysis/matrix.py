"""The participant x statement vote matrix, kept sparse.

pol.is equivalent: ``raw-rating-mat`` and ``rating-mat`` in ``conversation.clj``
(docs/explanation/polis-math.md §2.2).
No dense participants x statements array is ever built: the matrix is three parallel arrays of
cells (row, column, latest vote), sorted by (row, column), plus the row and column ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.types import VoteLog, dense_codes

__all__ = ["RowOrder", "VoteMatrix", "build_vote_matrix"]

RowOrder = Literal["polis", "sorted"]


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Latest votes as a sparse matrix.

    Attributes
    ----------
    participant_ids : int64 array (n_participants,)
        Row i's participant id.
    statement_ids : int64 array (n_statements,)
        Column j's statement id, ascending. Only statements with at least one vote are columns
        (pol.is ``n-cmts``).
    row, col : int32 arrays (n_cells,)
        The cells that hold a vote, sorted by (row, col).
    value : int8 array (n_cells,)
        The latest :class:`Vote` in each cell (passes are stored cells with value 0).
    excluded : bool array (n_statements,)
        Columns left out of the opinion math: rejected or meta statements (pol.is ``mod-out``).
    """

    participant_ids: NDArray[np.int64]
    statement_ids: NDArray[np.int64]
    row: NDArray[np.int32]
    col: NDArray[np.int32]
    value: NDArray[np.int8]
    excluded: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.participant_ids), len(self.statement_ids))

    @property
    def n_cells(self) -> int:
        return len(self.value)

    def votes_per_participant(self) -> NDArray[np.int64]:
        """Cells per row, passes and excluded columns included (pol.is ``user-vote-counts``)."""
        return np.bincount(self.row, minlength=self.shape[0]).astype(np.int64)


def build_vote_matrix(
    votes: VoteLog,
    *,
    excluded_statement_ids: Iterable[int] = (),
    excluded_participant_ids: Iterable[int] = (),
    row_order: RowOrder = "sorted",
) -> VoteMatrix:
    """Turn a vote log into the latest-vote matrix.

    Parameters
    ----------
    votes : VoteLog
        Every vote event; the latest vote per (participant, statement) wins.
    excluded_statement_ids : iterable of int
        Rejected and meta statements. They stay columns (their votes still count towards
        ``user-vote-counts``) but are flagged in ``excluded`` and left out of the opinion math.
    excluded_participant_ids : iterable of int
        Participants whose votes leave the analysis entirely (moderators' exclusions). pol.is has
        no equivalent (it never applies participant bans, docs/explanation/polis-math.md §2.2).
    row_order : {"sorted", "polis"}
        "sorted": rows by participant id, which makes the matrix independent of input row order.
        "polis": pol.is's first-appearance order in votes sorted by (statement, participant, time),
        i.e. rows by (smallest statement id voted, participant id).

    Returns
    -------
    VoteMatrix

    Pol.is equivalent: ``raw-rating-mat`` (``conversation.clj``); ``rating-mat`` is the same with the
    ``excluded`` columns zeroed, which the steps that need it apply themselves.
    """
    latest = votes.latest()  # one row per (participant, statement), sorted by (participant, statement)
    ex_p = np.fromiter(excluded_participant_ids, np.int64)
    if len(ex_p):
        keep = ~np.isin(latest.participant_ids, ex_p)
        latest = VoteLog(latest.participant_ids[keep], latest.statement_ids[keep], latest.values[keep])
    pids, p_inv = dense_codes(latest.participant_ids)
    sids, s_inv = dense_codes(latest.statement_ids)
    values = latest.values
    if row_order == "polis" and len(pids):
        # Rows by (first column voted, participant id): the rows of ``latest`` are sorted by participant
        # then statement, so each participant's first cell holds their smallest column.
        starts = np.flatnonzero(np.r_[True, p_inv[1:] != p_inv[:-1]])
        rank_of_sorted = np.lexsort((pids, s_inv[starts]))  # row r holds sorted participant rank_of_sorted[r]
        new_row = np.empty(len(pids), np.int64)
        new_row[rank_of_sorted] = np.arange(len(pids))
        pids = pids[rank_of_sorted]
        p_inv = new_row[p_inv]
        order = np.argsort(p_inv * np.int64(len(sids)) + s_inv, kind="stable")
        p_inv, s_inv, values = p_inv[order], s_inv[order], values[order]
    elif row_order not in ("polis", "sorted"):
        raise ValueError(f"row_order must be 'polis' or 'sorted', not {row_order!r}")
    excluded = np.isin(sids, np.fromiter(excluded_statement_ids, np.int64))
    return VoteMatrix(
        participant_ids=pids,
        statement_ids=sids,
        row=p_inv.astype(np.int32),
        col=s_inv.astype(np.int32),
        value=values.astype(np.int8),
        excluded=excluded,
    )
