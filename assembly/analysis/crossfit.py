"""Group tallies that never saw the statement they count: the friction test's defence against selection.

The opinion groups are fitted to the same votes whose friction is then tested. Every statement
pulls the map, and so the groups, along its own chance pattern: on votes drawn independently at
random, groups fitted to all votes split 4-11% of statements by 30 points or more, and an ordinary
test on those groups calls most of them significant. The bias scales with a statement's weight in
the map (about 1/sqrt(statements)), not with the number of participants, so more participants do
not cure it.

**K-fold statement cross-fitting** (statistical-validity guide §2): the statements are dealt into
:data:`FOLDS` folds. For each fold, the map is refitted on the other folds' statements alone, each
published group is carried over as the centroid of its members on that map, and every placed
participant is reassigned among the groups on that map (a few steps of k-means that weighs each
group by its size, so that a small group is not padded with a large group's edge). The fold's statements are
then counted with those labels. A statement's counts therefore come from groups that did not see
it: a test of "these votes are unrelated to the groups the other statements define" is valid,
whatever groups (even groups fitted to pure noise) it is given. Reassigning matters: carrying the
published partition over unchanged keeps the selection (on random votes, 29 of 30 data sets then
showed clear friction; with reassignment, none).

What stays approximate: the cross-fit groups use 80% of the statements, and carrying the published
centroids over leaks a little of the held-out statements' influence (through the membership the
centroids start from); both are small next to the bias removed, and the calibration benchmark
(``bench/calibration.py``) measures the result.

Pol.is equivalent: none (pol.is tests representativeness on the fitted groups, uncorrected;
docs/explanation/polis-math.md §2.8).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import VoteMatrix
from assembly.analysis.projection import fit_pca, project_participants
from assembly.analysis.tallies import NOT_COUNTED, Tallies, tally_votes

__all__ = [
    "FOLDS",
    "FOLDS_MANY_STATEMENTS",
    "REASSIGN_STEPS",
    "MANY_STATEMENTS",
    "MAX_ROWS",
    "cross_fit_tallies",
    "statement_folds",
]

FOLDS = 10
"""Statement folds. Ten keeps 90% of the statements for each refitted map, so the refitted groups stay
close to the published ones: on planted groups (372 participants, 10 of 40 statements splitting two
groups 80/20) ten folds found more planted statements than five (95 of 100 against 93 in a scratch run
of ten data sets) and exact leave-one-out no more; the cost is ten two-component fits."""

MANY_STATEMENTS = 200
FOLDS_MANY_STATEMENTS = 5
"""Above :data:`MANY_STATEMENTS` active statements, five folds: each statement then weighs little in the
map, so groups drawn from 80% of them stay close to the published ones, and every fold costs one map
(at 100,000 x 1,000, half the time of ten)."""

REASSIGN_STEPS = 10
"""Reassignment steps after carrying the centroids over (they settle within a few)."""

MAX_ROWS = 10_000
"""Above this many participants, the test uses this many, taken evenly over the rows (which are sorted
by participant id, so the choice is deterministic and needs no seed): each fold's map, the
reassignment and the counts. With 10,000 participants, groups of a thousand or more still cast
hundreds of votes on a statement (standard error of the gap about 0.04 at 300 votes each), and the
refits stay within the time budget at 100,000 x 1,000 (with every participant they cost 4 CPU
seconds more)."""


def statement_folds(excluded: NDArray[np.bool_], folds: int | None = None) -> NDArray[np.int64]:
    """The fold of every statement column: the active statements dealt in column order (ascending id),
    ``-1`` for excluded ones. No randomness, so no seed can change a flag. By default :data:`FOLDS`
    folds, :data:`FOLDS_MANY_STATEMENTS` above :data:`MANY_STATEMENTS` active statements. With fewer
    active statements than folds, each is its own fold (leave one statement out)."""
    excluded = np.asarray(excluded, dtype=bool)
    fold = np.full(excluded.shape, -1, dtype=np.int64)
    active = np.flatnonzero(~excluded)
    if folds is None:
        folds = FOLDS if len(active) <= MANY_STATEMENTS else FOLDS_MANY_STATEMENTS
    fold[active] = np.arange(len(active)) % max(1, min(folds, len(active)))
    return fold


def _rows(matrix: VoteMatrix, rows: NDArray[np.int64]) -> VoteMatrix:
    """The sub-matrix of the given rows (ascending), same columns."""
    keep = np.isin(matrix.row, rows)
    new_row = np.full(matrix.shape[0], -1, dtype=np.int64)
    new_row[rows] = np.arange(len(rows))
    return VoteMatrix(
        participant_ids=matrix.participant_ids[rows],
        statement_ids=matrix.statement_ids,
        row=new_row[matrix.row[keep]].astype(np.int32),
        col=matrix.col[keep],
        value=matrix.value[keep],
        excluded=matrix.excluded,
    )


def _carry_over(points: NDArray[np.float64], labels: NDArray[np.int64], n_groups: int) -> NDArray[np.int64]:
    """Re-fit the labelled rows of ``points`` into ``n_groups`` groups, starting from the published
    groups' centroids: hard-assignment EM for a mixture of round Gaussians with one shared spread and
    each group's share as its weight (k-means that knows group sizes, so a small group is not
    padded with the large group's edge). Reassigning is what removes the held-out statement's
    influence: the published partition itself, carried over unchanged, keeps it."""
    placed = labels != NOT_COUNTED
    current = labels[placed]
    xy = points[placed]
    n = len(xy)
    for _ in range(REASSIGN_STEPS):
        sizes = np.bincount(current, minlength=n_groups).astype(np.float64)
        present = sizes > 0
        sums = np.stack([np.bincount(current, weights=x, minlength=n_groups) for x in xy.T], axis=1)
        centroids = sums / np.maximum(sizes, 1.0)[:, None]
        distance = ((xy[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        spread = max(float(distance[np.arange(n), current].mean()) / 2.0, 1e-12)
        with np.errstate(divide="ignore"):
            cost = distance / (2.0 * spread) - np.log(sizes / n)[None, :]
        cost[:, ~present] = np.inf
        nearest = np.argmin(cost, axis=1).astype(np.int64)  # ties: the lower group index
        if np.array_equal(nearest, current):
            break
        current = nearest
    out = np.full(labels.shape, NOT_COUNTED, dtype=np.int64)
    out[placed] = current
    return out


def cross_fit_tallies(
    matrix: VoteMatrix, group_labels: NDArray[np.int64], n_groups: int, *, folds: int | None = None
) -> Tallies:
    """Each statement's per-group counts, from groups refitted without that statement's fold.

    Parameters
    ----------
    matrix : VoteMatrix
        Latest votes; excluded statements are counted with the published labels (they are never
        tested).
    group_labels : int64 array (n_participants,)
        The published groups, ``-1`` for participants not placed.
    n_groups : int
    folds : int, optional
        Default: see :func:`statement_folds`.

    Returns
    -------
    Tallies
        Shape (n_groups, n_statements), like ``tally_votes(matrix, group_labels)``, but column j
        counts the groups refitted on the other folds (over at most :data:`MAX_ROWS` participants).
        With fewer than two groups or fewer than two active statements (no map without the
        statement), the published groups' counts.

    Examples
    --------
    >>> from assembly.analysis.matrix import build_vote_matrix
    >>> from assembly.analysis.types import VoteLog
    >>> log = VoteLog.from_rows([1, 1, 2, 2], [10, 11, 10, 11], [1, 1, -1, -1])
    >>> cross_fit_tallies(build_vote_matrix(log), np.array([0, 1]), 2).agree.tolist()
    [[1, 1], [0, 0]]
    """
    group_labels = np.asarray(group_labels, dtype=np.int64)
    published = tally_votes(matrix, group_labels, n_groups=n_groups)
    fold = statement_folds(matrix.excluded, folds)
    n_folds = int(fold.max()) + 1 if len(fold) else 0
    if n_groups < 2 or int((fold >= 0).sum()) < 2:
        return published
    n_rows = matrix.shape[0]
    if n_rows > MAX_ROWS:
        rows, _ = np.unique(np.linspace(0, n_rows - 1, MAX_ROWS).round().astype(np.int64), return_index=True)
        matrix, group_labels = _rows(matrix, rows), group_labels[rows]
        published = tally_votes(matrix, group_labels, n_groups=n_groups)
    agree, disagree, seen = published.agree.copy(), published.disagree.copy(), published.seen.copy()
    for f in range(n_folds):
        held_out = fold == f
        without = VoteMatrix(
            participant_ids=matrix.participant_ids,
            statement_ids=matrix.statement_ids,
            row=matrix.row,
            col=matrix.col,
            value=matrix.value,
            excluded=matrix.excluded | held_out,
        )
        labels = _carry_over(project_participants(without, fit_pca(without)), group_labels, n_groups)
        counts = tally_votes(matrix, labels, n_groups=n_groups)
        agree[:, held_out] = counts.agree[:, held_out]
        disagree[:, held_out] = counts.disagree[:, held_out]
        seen[:, held_out] = counts.seen[:, held_out]
    return Tallies(agree=agree, disagree=disagree, seen=seen)
