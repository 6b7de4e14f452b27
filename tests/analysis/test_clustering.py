"""Base clusters and opinion groups: pol.is's k-means, the choice of k, and the stable variant."""

from __future__ import annotations

import numpy as np
import pytest

from assembly.analysis.clustering import BaseClusters, cluster_base, cluster_groups, group_stability


def _base(centers: list[tuple[float, float]], sizes: list[int] | None = None) -> BaseClusters:
    """Base clusters given directly (labels are not used by the group level)."""
    n = len(centers)
    return BaseClusters(
        np.zeros(0, np.int64), np.array(centers, dtype=float).reshape(n, 2), np.array(sizes or [1] * n)
    )


def _blobs(n_per_blob: int, centers: list[tuple[float, float]], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(c, 0.3, size=(n_per_blob, 2)) for c in centers])


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """True when two labelings group the points identically (up to renaming)."""
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def test_polis_base_clusters_start_from_the_first_distinct_points_in_row_order() -> None:
    """Check the cold start: with k = 2 the first two distinct points seed the clusters, ids in that order."""
    points = np.array([[0.0, 0.0], [0.0, 0.0], [10.0, 0.0], [1.0, 0.0], [9.0, 0.0]])
    base = cluster_base(points, k=2, method="polis")
    assert base.labels.tolist() == [0, 0, 1, 0, 1]
    assert base.centers.tolist() == [[1 / 3, 0.0], [9.5, 0.0]]
    assert base.sizes.tolist() == [3, 2]


def test_polis_row_order_decides_the_initial_clusters() -> None:
    """Check that pol.is's k-means depends on row order: another order, another local optimum."""
    # Three points on a line; k = 2. Seeds (0, 1) split {0} | {1, 3}; seeds (1, 3) split {0, 1} | {3}.
    first = cluster_base(np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]]), k=2, method="polis")
    second = cluster_base(np.array([[1.0, 0.0], [3.0, 0.0], [0.0, 0.0]]), k=2, method="polis")
    assert first.sizes.tolist() == [1, 2]
    assert second.sizes.tolist() == [2, 1]


def test_polis_distance_ties_go_to_the_last_cluster() -> None:
    """Check pol.is's min-key rule: a point equidistant from two centres joins the later one."""
    base = cluster_base(np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0]]), k=2, method="polis")
    assert base.labels.tolist() == [0, 1, 1]


@pytest.mark.parametrize("method", ["polis", "stable"])
def test_identical_points_share_a_base_cluster(method: str) -> None:
    """Check that there are never more base clusters than distinct points."""
    points = np.array([[1.0, 1.0]] * 5 + [[2.0, 2.0]] * 3)
    base = cluster_base(points, method=method)  # type: ignore[arg-type]
    assert sorted(base.sizes.tolist()) == [3, 5]


@pytest.mark.parametrize("method", ["polis", "stable"])
def test_base_centres_are_the_means_of_their_members(method: str) -> None:
    """Check that each base centre is its members' mean and every point has a cluster."""
    points = _blobs(300, [(0, 0), (5, 5)])
    base = cluster_base(points, k=20, method=method)  # type: ignore[arg-type]
    assert len(base.centers) == 20 and base.sizes.sum() == 600
    for c in range(20):
        assert base.centers[c] == pytest.approx(points[base.labels == c].mean(axis=0), abs=1e-12)


def test_stable_base_clusters_do_not_depend_on_point_order() -> None:
    """Check that permuting the points permutes the labels and changes nothing else."""
    points = _blobs(200, [(0, 0), (4, 1), (1, 5)])
    order = np.random.default_rng(7).permutation(len(points))
    base, permuted = cluster_base(points, k=30), cluster_base(points[order], k=30)
    assert np.array_equal(base.labels[order], permuted.labels)
    assert np.array_equal(base.centers, permuted.centers)


@pytest.mark.parametrize(("n_base", "tried"), [(11, [2]), (12, [2, 3]), (24, [2, 3, 4]), (36, [2, 3, 4, 5])])
def test_number_of_groups_tried_grows_with_base_clusters(n_base: int, tried: list[int]) -> None:
    """Check pol.is's cap: k from 2 to min(5, 2 + n_base // 12)."""
    rng = np.random.default_rng(n_base)
    base = _base([tuple(p) for p in rng.normal(size=(n_base, 2))])
    for method in ("polis", "stable"):
        assert sorted(cluster_groups(base, method=method).silhouettes) == tried  # type: ignore[arg-type]


def test_silhouette_is_computed_on_base_centres_unweighted() -> None:
    """Check the silhouette by hand: two pairs of points 1 apart, pairs 10 apart (sizes ignored)."""
    base = _base([(0, 0), (1, 0), (10, 0), (11, 0)], sizes=[50, 1, 1, 50])
    groups = cluster_groups(base, method="polis")
    # Point (0,0): a = 1, b = mean(10, 11) = 10.5 -> 9.5 / 10.5; (1,0): a = 1, b = 9.5 -> 8.5 / 9.5.
    expected = (2 * 9.5 / 10.5 + 2 * 8.5 / 9.5) / 4
    assert groups.silhouettes[2] == pytest.approx(expected, abs=1e-12)


def test_a_base_cluster_alone_in_its_group_scores_zero() -> None:
    """Check pol.is's rule that a singleton's silhouette is 0."""
    base = _base([(0, 0), (1, 0), (10, 0)])
    groups = cluster_groups(base, method="polis")
    # (0,0): a = 1, b = 10 -> 0.9; (1,0): a = 1, b = 9 -> 8/9; (10,0) alone -> 0.
    assert groups.silhouettes[2] == pytest.approx((0.9 + 8 / 9 + 0) / 3, abs=1e-12)


def test_group_centres_are_weighted_by_members() -> None:
    """Check that a group's centre weights each base centre by its number of participants."""
    base = _base([(0, 0), (1, 0), (10, 0), (12, 0)], sizes=[3, 1, 1, 1])
    groups = cluster_groups(base, method="polis")
    assert groups.centers.tolist() == [[0.25, 0.0], [11.0, 0.0]]
    assert groups.sizes.tolist() == [4, 2]


def test_polis_groups_start_from_the_first_distinct_base_centres() -> None:
    """Check the group cold start: k = 2 seeds are base clusters 0 and 1, in id order."""
    # Seeds (0,0) and (0,1): (10,0) joins the first, (10,1) the second; centres (5,0) and (5,1) then
    # keep the split: pol.is settles on the horizontal split, not the obvious left/right one.
    base = _base([(0, 0), (0, 1), (10, 0), (10, 1)])
    assert cluster_groups(base, method="polis").labels.tolist() == [0, 1, 0, 1]
    assert cluster_groups(base, method="stable").labels.tolist() in ([0, 0, 1, 1], [1, 1, 0, 0])


def test_groups_stop_after_twenty_iterations() -> None:
    """Check pol.is's cap of 20 k-means iterations at the group level on a slowly converging chain."""
    # Points at 0..39 on a line, first two as seeds: each iteration moves the boundary one point.
    base = _base([(float(i), 0.0) for i in range(40)])
    groups = cluster_groups(base, max_groups=2, method="polis")
    assert groups.sizes.tolist() != [20, 20]  # not yet converged to the balanced split


def test_stable_groups_are_numbered_by_size() -> None:
    """Check that stable group 0 is the largest."""
    points = _blobs(10, [(0, 0)]).tolist() + _blobs(40, [(8, 8)]).tolist()
    base = cluster_base(np.array(points), k=20)
    groups = cluster_groups(base)
    assert groups.sizes.tolist() == [40, 10]


def test_stable_groups_do_not_depend_on_base_cluster_order() -> None:
    """Check that shuffling the base clusters gives the same groups."""
    rng = np.random.default_rng(2)
    centers = [
        tuple(p) for p in np.concatenate([rng.normal((0, 0), 1, (30, 2)), rng.normal((6, 0), 1, (30, 2))])
    ]
    sizes = rng.integers(1, 9, 60).tolist()
    order = rng.permutation(60)
    plain = cluster_groups(_base(centers, sizes))
    shuffled = cluster_groups(_base([centers[i] for i in order], [sizes[i] for i in order]))
    assert np.array_equal(plain.labels[order], shuffled.labels)
    assert plain.silhouettes == shuffled.silhouettes


@pytest.mark.parametrize("method", ["polis", "stable"])
def test_no_points_give_no_groups(method: str) -> None:
    """Check that empty input gives empty clusterings."""
    base = cluster_base(np.zeros((0, 2)), method=method)  # type: ignore[arg-type]
    groups = cluster_groups(base, method=method)  # type: ignore[arg-type]
    assert len(base.centers) == 0 and groups.n_groups == 0 and groups.labels.tolist() == []


@pytest.mark.parametrize("method", ["polis", "stable"])
def test_one_point_makes_one_group(method: str) -> None:
    """Check that a single participant forms one group."""
    base = cluster_base(np.array([[0.5, -1.0]]), method=method)  # type: ignore[arg-type]
    groups = cluster_groups(base, method=method)  # type: ignore[arg-type]
    assert groups.n_groups == 1 and groups.labels.tolist() == [0]


def test_points_of_the_wrong_shape_are_refused() -> None:
    """Check that non (n, 2) or non-finite points raise ValueError."""
    with pytest.raises(ValueError, match="shape"):
        cluster_base(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        cluster_base(np.array([[np.nan, 0.0]]))


def test_unknown_method_is_refused() -> None:
    """Check that a misspelt method raises ValueError naming it."""
    with pytest.raises(ValueError, match="'kmeans'"):
        cluster_base(np.zeros((2, 2)), method="kmeans")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'kmeans'"):
        cluster_groups(_base([(0, 0)]), method="kmeans")  # type: ignore[arg-type]


def test_well_separated_blobs_are_found_whatever_the_row_order() -> None:
    """Check that three clear blobs come out as three stable groups, even when rows list them blob by blob."""
    points = _blobs(60, [(0, 0), (6, 0), (3, 6)])
    truth = np.repeat([0, 1, 2], 60)
    base = cluster_base(points)
    groups = cluster_groups(base)
    assert groups.n_groups == 3
    assert _same_partition(groups.labels[base.labels], truth)


def test_stability_of_a_handful_of_participants_is_a_figure_not_a_crash() -> None:
    """Check that group_stability works when a bootstrap replicate draws nobody (3 participants: each
    replicate leaves all of them out with probability e^-3, so some of the 20 do): such replicates are
    skipped, and every figure stays between 0 and 1. (It raised "argmin of an empty sequence", which
    failed the live analysis of any consultation this small.)"""
    points = np.array([[-1.0, 0.0], [-1.1, 0.1], [1.0, 0.0]])
    base = cluster_base(points, method="stable", seed=0)
    groups = cluster_groups(base, method="stable", seed=0)
    assert groups.n_groups == 2
    stability = group_stability(points, base, groups, replicates=200)
    assert stability.shape == (2,) and np.all((stability >= 0) & (stability <= 1))
