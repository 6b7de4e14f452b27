"""pol.is's k-means from many starting orders at once, and the consensus partition among the runs.

The "stable" group level (:mod:`assembly.analysis.clustering`) runs pol.is's k-means from 30 random orders
of the base clusters for each k it tries, and the stability figure does it again on each of 20 bootstrap
replicates: several hundred k-means runs on at most 100 weighted points. They run here as one batch, one
array layer per run, padded to the largest problem with points of weight 0 placed after the real ones, with
the same arithmetic in the same order as each run alone: the results are the same bit for bit
(tests/analysis/test_restarts.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["CONVERGED_SHIFT", "Problem", "adjusted_rand", "consensus_partitions", "polis_kmeans_batch"]

CONVERGED_SHIFT = 0.01
"""k-means stops when every (sorted) centre moved less than this (pol.is ``same-clustering?``)."""

Problem = tuple[NDArray[np.float64], NDArray[np.float64], int]
"""One clustering to find: points (n, 2), their weights (n,) and k."""


def consensus_partitions(
    problems: Sequence[Problem], *, seed: int, restarts: int, max_iterations: int
) -> list[NDArray[np.int64]]:
    """For each problem, pol.is's k-means from ``restarts`` random orders of its points (each problem's
    orders drawn from a new stream seeded ``seed``), and the partition agreeing most with the others: the
    highest sum of adjusted Rand indices (weighted by the points' weights; sums rounded to 9 decimals),
    ties to the lowest weighted inertia, then to the earliest order. Labels are in point order."""
    if not problems:
        return []
    n_max = max(len(points) for points, _, _ in problems)
    n_runs = restarts * len(problems)
    xy, w = np.zeros((n_runs, n_max, 2)), np.zeros((n_runs, n_max))
    ids, ks = np.full((n_runs, n_max), -1, np.int64), np.zeros(n_runs, np.int64)
    all_orders = []
    for p, (points, weights, k) in enumerate(problems):
        rng = np.random.default_rng(seed)
        orders = np.array([rng.permutation(len(points)) for _ in range(restarts)])
        _, distinct = np.unique(points, axis=0, return_inverse=True)
        block, n = slice(p * restarts, (p + 1) * restarts), len(points)
        xy[block, :n], w[block, :n] = points[orders], weights[orders]
        ids[block, :n], ks[block] = distinct.reshape(-1)[orders], k
        all_orders.append(orders)
    nearest, centers, active = polis_kmeans_batch(xy, w, ids, ks, max_iterations)
    chosen = []
    for p, ((points, weights, _), orders) in enumerate(zip(problems, all_orders, strict=True)):
        block, n = slice(p * restarts, (p + 1) * restarts), len(points)
        slot = np.empty((restarts, n), np.int64)  # each point's centre slot, in point order
        np.put_along_axis(slot, orders, nearest[block, :n], axis=1)
        partitions = np.take_along_axis(np.cumsum(active[block], axis=1) - 1, slot, axis=1)
        placed = np.take_along_axis(centers[block], slot[:, :, None], axis=1)
        inertias = np.sum(weights * np.sum((points - placed) ** 2, axis=2), axis=1)
        agreement = _agreement(partitions, weights)
        best = min(range(restarts), key=lambda i: (-round(float(agreement[i]), 9), float(inertias[i]), i))
        chosen.append(partitions[best])
    return chosen


def polis_kmeans_batch(
    xy: NDArray[np.float64],
    w: NDArray[np.float64],
    ids: NDArray[np.int64],
    ks: NDArray[np.int64],
    max_iterations: int,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.bool_]]:
    """pol.is's cold-start k-means (the first ``ks[run]`` distinct points seed the clusters; empty clusters
    are dropped; exact distance ties go to the last centre) on each layer of ``xy`` (runs x points x 2, in
    the run's order), points weighted by ``w``. ``ids`` numbers each point by its distinct position, -1 for
    padding (which must come last, with weight 0).

    Each run keeps ``max(ks)`` centre slots; a slot whose cluster empties is switched off, and a run that
    has converged stops changing. Returns each point's slot (runs x points; padding's is meaningless), each
    run's centres by slot, and which slots are on at the end.
    """
    n_runs, _, _ = xy.shape
    k = int(ks.max())
    first = _first_distinct(ids)
    seeds = first & (np.cumsum(first, axis=1) <= ks[:, None])
    run_of, position = np.nonzero(seeds)
    slot_of = np.cumsum(seeds, axis=1)[run_of, position] - 1
    centers = np.zeros((n_runs, k, 2))
    active = np.zeros((n_runs, k), bool)
    centers[run_of, slot_of], active[run_of, slot_of] = xy[run_of, position], True
    live = np.arange(n_runs)
    nearest = np.zeros(ids.shape, np.int64)
    flat = (np.arange(n_runs) * k)[:, None]
    for remaining in range(max_iterations, -1, -1):
        px, py, c, on = xy[live, :, 0:1], xy[live, :, 1:2], centers[live], active[live]
        dx = px - c[:, None, :, 0]
        np.multiply(dx, dx, out=dx)
        dy = py - c[:, None, :, 1]
        np.multiply(dy, dy, out=dy)
        dx += dy
        dx[~np.broadcast_to(on[:, None, :], dx.shape)] = np.inf
        found = k - 1 - np.argmin(dx[:, :, ::-1], axis=2)  # exact ties go to the last centre
        nearest[live] = found
        bins = (flat[: len(live)] + found).reshape(-1)
        weight = w[live]
        total = np.bincount(bins, weights=weight.reshape(-1), minlength=len(live) * k).reshape(-1, k)
        now_on = total > 0
        new = np.zeros_like(c)
        for d in range(2):
            sums = np.bincount(bins, weights=(weight * xy[live, :, d]).reshape(-1), minlength=len(live) * k)
            np.divide(sums.reshape(-1, k), total, out=new[:, :, d], where=now_on)
        converged = np.ones(len(live), bool) if remaining == 0 else _same_clustering_batch(c, on, new, now_on)
        centers[live], active[live] = new, now_on
        live = live[~converged]
        if not len(live):
            break
    return nearest, centers, active


def _first_distinct(ids: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where a point is the first of its distinct value in its row (padding, -1, never)."""
    order = np.argsort(ids, axis=1, kind="stable")
    ranked = np.take_along_axis(ids, order, axis=1)
    new = np.ones(ids.shape, bool)
    new[:, 1:] = ranked[:, 1:] != ranked[:, :-1]
    first = np.zeros(ids.shape, bool)
    np.put_along_axis(first, order, new, axis=1)
    first &= ids >= 0
    return first


def _same_clustering_batch(
    old: NDArray[np.float64], old_on: NDArray[np.bool_], new: NDArray[np.float64], new_on: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """pol.is ``same-clustering?`` for each run's switched-on centres (runs x slots x 2): sorted centres,
    paired up to the shorter list, all moved less than :data:`CONVERGED_SHIFT`."""
    n_slots = old.shape[1]

    def in_order(centers: NDArray[np.float64], on: NDArray[np.bool_]) -> NDArray[np.float64]:
        rank = np.lexsort((centers[:, :, 1], centers[:, :, 0], ~on), axis=1)  # off slots last
        return np.take_along_axis(centers, rank[:, :, None], axis=1)

    a, b = in_order(old, old_on), in_order(new, new_on)
    paired = np.arange(n_slots)[None, :] < np.minimum(old_on.sum(axis=1), new_on.sum(axis=1))[:, None]
    moved = np.hypot(a[:, :, 0] - b[:, :, 0], a[:, :, 1] - b[:, :, 1])
    converged: NDArray[np.bool_] = np.all(~paired | (moved < CONVERGED_SHIFT), axis=1)
    return converged


def _agreement(partitions: NDArray[np.int64], weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """For each partition (a row), the sum of its adjusted Rand indices with every other row, added in
    row order. Restarts often find the same partition: the index is computed once per pair of distinct
    ones (its value does not depend on how the groups are numbered)."""
    distinct, kind = np.unique(_canonical_labels(partitions), axis=0, return_inverse=True)
    kind = kind.reshape(-1)
    scores = _adjusted_rand_matrix(distinct, weights)[kind][:, kind]
    np.fill_diagonal(scores, 0.0)
    # A cumulative sum adds left to right, as a loop over the others does (np.sum may pair them up).
    total: NDArray[np.float64] = np.cumsum(scores, axis=1)[:, -1]
    return total


def _canonical_labels(partitions: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each row's groups renumbered by first member: equal rows for partitions that group alike."""
    n_rows, n_points = partitions.shape
    first = np.full((n_rows, int(partitions.max()) + 1), n_points, np.int64)
    rows = np.repeat(np.arange(n_rows), n_points)
    np.minimum.at(first, (rows, partitions.reshape(-1)), np.tile(np.arange(n_points), n_rows))
    rank = np.argsort(np.argsort(first, axis=1, kind="stable"), axis=1, kind="stable")
    canonical: NDArray[np.int64] = np.take_along_axis(rank, partitions, axis=1)
    return canonical


def adjusted_rand(a: NDArray[np.int64], b: NDArray[np.int64], weights: NDArray[np.float64]) -> float:
    """Adjusted Rand index of two labelings (labels 0 or more), each point counted ``weights`` times."""
    return float(_adjusted_rand_matrix(_canonical_labels(np.stack([a, b])), weights)[0, 1])


def _adjusted_rand_matrix(labelings: NDArray[np.int64], weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Adjusted Rand index of every pair of rows of ``labelings`` (labels 0 ... n - 1 in each row), each
    point counted ``weights`` times: every pair's contingency table from one ``np.bincount``.

    With whole-number weights every pair count is a whole number, exact in float64 (below 2**53) in any
    order of summation, so each index is the same to the last bit as one computed pair by pair.
    """
    n_rows = len(labelings)
    n_labels = int(labelings.max()) + 1
    cells = n_labels * n_labels
    pair = np.arange(n_rows * n_rows).reshape(n_rows, n_rows, 1) * cells
    codes = (pair + labelings[:, None, :] * n_labels + labelings[None, :, :]).reshape(-1)
    counts = np.bincount(codes, weights=np.tile(weights, n_rows * n_rows), minlength=n_rows * n_rows * cells)
    both = np.sum((counts * (counts - 1)).reshape(n_rows, n_rows, cells), axis=2) / 2
    within = np.diagonal(both).copy()  # a labeling against itself: the pairs inside its own groups
    rows, cols = within[:, None], within[None, :]
    total = float(weights.sum())
    total_pairs = total * (total - 1) / 2
    expected = rows * cols / total_pairs if total_pairs > 0 else np.zeros((n_rows, n_rows))
    maximum = (rows + cols) / 2
    same = maximum == expected
    scores: NDArray[np.float64] = np.divide(
        both - expected, maximum - expected, out=np.ones_like(both), where=~same
    )
    return scores
