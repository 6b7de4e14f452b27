"""Vote counts per group and statement: the input of every statistic.

Pol.is equivalent: ``votes-base`` and ``group-votes`` in ``conversation.clj``
(docs/explanation/polis-math.md §2.7): each entry counts agrees (``A``), disagrees (``D``) and votes
of any kind (``S``, passes included), taken from the latest votes, moderated-out statements included.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import VoteMatrix
from assembly.analysis.types import Vote

__all__ = ["NOT_COUNTED", "Tallies", "check_columns", "tally_votes"]

NOT_COUNTED = -1
"""The label of a matrix row whose votes are left out of every group's counts."""


@dataclass(frozen=True, eq=False)
class Tallies:
    """Latest-vote counts, one row per group, one column per statement (the matrix's columns).

    Attributes
    ----------
    agree, disagree : int64 arrays of shape (n_groups, n_statements)
        How many members of each group agreed / disagreed with each statement.
    seen : int64 array of shape (n_groups, n_statements)
        How many members voted on it at all, passes included (pol.is ``S``).
    """

    agree: NDArray[np.int64]
    disagree: NDArray[np.int64]
    seen: NDArray[np.int64]

    def __post_init__(self) -> None:
        shapes = {self.agree.shape, self.disagree.shape, self.seen.shape}
        if len(shapes) != 1 or self.agree.ndim != 2:
            raise ValueError(
                "Tallies needs three 2-D arrays of one shape, got "
                f"{self.agree.shape}, {self.disagree.shape}, {self.seen.shape}"
            )
        if (self.agree < 0).any() or (self.disagree < 0).any() or (self.passes < 0).any():
            raise ValueError("Tallies counts must be >= 0 and agree + disagree must not exceed seen")

    @property
    def passes(self) -> NDArray[np.int64]:
        """Passes per group and statement: ``seen - agree - disagree``."""
        return self.seen - self.agree - self.disagree

    @property
    def n_groups(self) -> int:
        return int(self.agree.shape[0])

    @property
    def n_statements(self) -> int:
        return int(self.agree.shape[1])

    def total(self) -> Tallies:
        """All groups summed into one row (shape (1, n_statements))."""
        return Tallies(
            self.agree.sum(axis=0, keepdims=True),
            self.disagree.sum(axis=0, keepdims=True),
            self.seen.sum(axis=0, keepdims=True),
        )

    @classmethod
    def from_counts(cls, agree: object, disagree: object, seen: object) -> Tallies:
        """Build tallies from nested sequences (one inner sequence per group), converting dtypes."""
        return cls(
            np.atleast_2d(np.asarray(agree, dtype=np.int64)),
            np.atleast_2d(np.asarray(disagree, dtype=np.int64)),
            np.atleast_2d(np.asarray(seen, dtype=np.int64)),
        )


def tally_votes(matrix: VoteMatrix, labels: NDArray[np.int64], *, n_groups: int | None = None) -> Tallies:
    """Count each group's agrees, disagrees and votes on every statement.

    Parameters
    ----------
    matrix : VoteMatrix
        Latest votes. Excluded (rejected or meta) columns are counted like the others; the
        statistics that leave them out do so themselves.
    labels : int64 array of shape (n_participants,)
        The group of each matrix row, ``0 .. n_groups - 1``, or ``-1`` (:data:`NOT_COUNTED`) for
        a row that belongs to no group. Use ``np.zeros(n_participants)`` for one overall row.
    n_groups : int, optional
        Number of groups (rows of the result). Default: ``labels.max() + 1``, or 0 when no row
        is labelled.

    Returns
    -------
    Tallies
        Arrays of shape (n_groups, n_statements).

    Raises
    ------
    ValueError
        If ``labels`` does not have one entry per matrix row, or holds a label outside
        ``-1 .. n_groups - 1``.

    Examples
    --------
    >>> from assembly.analysis.matrix import build_vote_matrix
    >>> from assembly.analysis.types import VoteLog
    >>> votes = VoteLog.from_rows([1, 1, 2, 3], [10, 11, 10, 10], [1, 0, -1, 1])
    >>> t = tally_votes(build_vote_matrix(votes), np.array([0, 0, 1]))
    >>> t.agree.tolist(), t.disagree.tolist(), t.seen.tolist()
    ([[1, 0], [1, 0]], [[1, 0], [0, 0]], [[2, 1], [1, 0]])

    Pol.is equivalent: ``group-votes`` (``conversation.clj``), A/D/S per group and statement.
    """
    n_rows, n_statements = matrix.shape
    labels = np.asarray(labels)
    if labels.shape != (n_rows,):
        raise ValueError(f"labels has shape {labels.shape}, expected one label per matrix row ({n_rows},)")
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
    if n_groups is None:
        n_groups = int(labels.max()) + 1 if n_rows else 0
        n_groups = max(n_groups, 0)
    bad = (labels < NOT_COUNTED) | (labels >= n_groups)
    if bad.any():
        raise ValueError(
            f"label {int(labels[bad][0])} of matrix row {int(np.flatnonzero(bad)[0])} "
            f"is outside -1 .. {n_groups - 1}"
        )
    group_of_cell = labels[matrix.row].astype(np.int64)
    counted = group_of_cell != NOT_COUNTED
    flat = group_of_cell[counted] * n_statements + matrix.col[counted]
    values = matrix.value[counted]
    size = n_groups * n_statements

    def count(mask: NDArray[np.bool_] | None) -> NDArray[np.int64]:
        cells = flat if mask is None else flat[mask]
        return np.bincount(cells, minlength=size).astype(np.int64).reshape(n_groups, n_statements)

    return Tallies(
        agree=count(values == int(Vote.AGREE)),
        disagree=count(values == int(Vote.DISAGREE)),
        seen=count(None),
    )


def check_columns(
    tallies: Tallies, statement_ids: object, excluded: object
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Convert and check the per-column ``statement_ids`` and ``excluded`` arrays that go with tallies.

    Raises
    ------
    ValueError
        If either does not have one entry per statement column of ``tallies``.
    """
    ids = np.asarray(statement_ids, dtype=np.int64)
    out = np.asarray(excluded, dtype=bool)
    for name, array in (("statement_ids", ids), ("excluded", out)):
        if array.shape != (tallies.n_statements,):
            raise ValueError(
                f"{name} has shape {array.shape}, expected one entry per statement ({tallies.n_statements},)"
            )
    return ids, out
