"""pol.is's k-means from many orders at once, and the consensus among the runs (analysis.restarts)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from assembly.analysis.restarts import adjusted_rand, consensus_partitions


@pytest.mark.parametrize("seed", range(12))
def test_stable_restarts_run_together_give_what_each_run_alone_gives(seed: int) -> None:
    """Check that pol.is's k-means run on many orders of several problems at once (the stable method's
    restarts, padded to the largest problem) gives, for every run, exactly the labels and centres of
    that run on its own, including runs with repeated points, empty clusters and early convergence."""
    from assembly.analysis.clustering import _polis_kmeans
    from assembly.analysis.restarts import polis_kmeans_batch

    rng = np.random.default_rng(seed)
    runs = []  # (points in the run's order, weights, distinct ids, k)
    for k in (2, 3, 5):
        n = int(rng.integers(3, 40))
        points = np.round(rng.normal(0, 2, (n, 2)), 1)  # rounding makes repeated points likely
        points[rng.integers(0, n, n // 3)] = points[0]
        weights = rng.integers(1, 6, n).astype(np.float64)
        _, distinct = np.unique(points, axis=0, return_inverse=True)
        for _ in range(7):
            order = rng.permutation(n)
            runs.append((points[order], weights[order], distinct.reshape(-1)[order], k))
    n_max = max(len(p) for p, _, _, _ in runs)
    xy, w, ids = (
        np.zeros((len(runs), n_max, 2)),
        np.zeros((len(runs), n_max)),
        np.full((len(runs), n_max), -1),
    )
    for i, (points, weights, distinct, _) in enumerate(runs):
        xy[i, : len(points)], w[i, : len(points)], ids[i, : len(points)] = points, weights, distinct
    ks = np.array([k for _, _, _, k in runs])
    nearest, centers, active = polis_kmeans_batch(xy, w, ids, ks, 20)
    for i, (points, weights, _, k) in enumerate(runs):
        alone_labels, alone_centers = _polis_kmeans(points, weights, k, 20)
        labels = (np.cumsum(active[i]) - 1)[nearest[i, : len(points)]]
        assert np.array_equal(labels, alone_labels)
        assert np.array_equal(centers[i, active[i]], alone_centers)  # bit for bit


def _adjusted_rand_by_pairs(a: list[int], b: list[int]) -> float:
    """Hubert and Arabie's index from its definition, by counting pairs of points one by one."""
    pairs = list(itertools.combinations(range(len(a)), 2))
    both = sum(1 for i, j in pairs if a[i] == a[j] and b[i] == b[j])
    in_a = sum(1 for i, j in pairs if a[i] == a[j])
    in_b = sum(1 for i, j in pairs if b[i] == b[j])
    expected = in_a * in_b / len(pairs)
    return (both - expected) / ((in_a + in_b) / 2 - expected)


@pytest.mark.parametrize("seed", range(6))
def test_adjusted_rand_counts_each_point_as_often_as_its_weight(seed: int) -> None:
    """Check the weighted adjusted Rand index against the definition on the points repeated by weight."""
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, 3, 12), rng.integers(0, 4, 12)
    weights = rng.integers(1, 4, 12)
    expanded_a = [int(x) for x, n in zip(a, weights, strict=True) for _ in range(n)]
    expanded_b = [int(x) for x, n in zip(b, weights, strict=True) for _ in range(n)]
    assert adjusted_rand(a, b, weights.astype(np.float64)) == pytest.approx(
        _adjusted_rand_by_pairs(expanded_a, expanded_b), abs=1e-12
    )


def test_the_consensus_is_the_partition_most_runs_find() -> None:
    """Check that, on two well-separated clouds, the consensus of the runs is the split into the clouds,
    for every problem of a batch alike (the problems do not leak into each other)."""
    rng = np.random.default_rng(0)
    points = np.concatenate([rng.normal(-5, 0.3, (20, 2)), rng.normal(5, 0.3, (30, 2))])
    weights = np.ones(50)
    far = np.concatenate([rng.normal(-9, 0.3, (8, 2)), rng.normal(9, 0.3, (8, 2))])
    found = consensus_partitions(
        [(points, weights, 2), (far, np.ones(16), 2), (points, weights, 2)],
        seed=0,
        restarts=30,
        max_iterations=20,
    )
    for labels, size in zip(found, (20, 8, 20), strict=True):
        assert len(set(labels[:size].tolist())) == 1
        assert len(set(labels[size:].tolist())) == 1
        assert labels[0] != labels[-1]
    assert np.array_equal(found[0], found[2])
