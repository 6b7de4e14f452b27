"""The opinion map: PCA of the mean-imputed vote matrix, participant and statement positions."""

from __future__ import annotations

import numpy as np
import pytest

from assembly.analysis.matrix import VoteMatrix, build_vote_matrix
from assembly.analysis.projection import (
    PCA,
    fit_pca,
    project_participants,
    project_statements,
    statement_extremity,
)
from assembly.analysis.types import VoteLog


def _matrix(cells: list[tuple[int, int, int]], excluded: tuple[int, ...] = ()) -> VoteMatrix:
    p, s, v = zip(*cells, strict=True) if cells else ((), (), ())
    return build_vote_matrix(VoteLog.from_rows(p, s, v), excluded_statement_ids=excluded)


def _planted(n: int = 60, n_statements: int = 12, seed: int = 1) -> VoteMatrix:
    """Two camps voting opposite ways on every statement, 30% of cells missing, some passes."""
    rng = np.random.default_rng(seed)
    cells = []
    for p in range(n):
        camp = 1 if p % 2 else -1
        for s in range(n_statements):
            if rng.random() < 0.3:
                continue
            vote = camp * (1 if s % 3 else -1) if rng.random() < 0.85 else 0
            cells.append((p, s, vote))
    return _matrix(cells)


def test_center_is_the_mean_of_observed_votes_with_passes_as_zero() -> None:
    """Check that each statement's centre averages only the votes cast on it, passes counting 0."""
    # statement 0: agree, agree, pass -> 2/3; statement 1: disagree (one vote) -> -1.
    m = _matrix([(1, 0, 1), (2, 0, 1), (3, 0, 0), (1, 1, -1)])
    assert fit_pca(m).center == pytest.approx([2 / 3, -1.0], abs=1e-15)


def test_excluded_statements_have_zero_center_and_zero_loadings() -> None:
    """Check that a rejected statement enters as an all-zero column (pol.is rating-mat)."""
    m = _planted()
    rejected = build_vote_matrix(
        VoteLog.from_rows(m.participant_ids[m.row], m.statement_ids[m.col], m.value),
        excluded_statement_ids=[4],
    )
    for method in ("polis", "stable"):
        pca = fit_pca(rejected, method=method)
        assert pca.center[4] == 0.0
        assert np.all(pca.components[:, 4] == 0.0)


@pytest.mark.parametrize("method", ["polis", "stable"])
def test_components_are_orthonormal(method: str) -> None:
    """Check that both components are unit vectors at right angles."""
    pca = fit_pca(_planted(), method=method)  # type: ignore[arg-type]
    assert pca.components @ pca.components.T == pytest.approx(np.eye(2), abs=1e-9)


def test_power_iteration_finds_the_exact_components() -> None:
    """Check that pol.is's power iteration and the exact decomposition agree up to sign."""
    m = _planted()
    polis, stable = fit_pca(m, method="polis"), fit_pca(m, method="stable")
    cosines = np.abs(np.sum(polis.components * stable.components, axis=1))
    assert cosines == pytest.approx([1.0, 1.0], abs=1e-9)
    assert polis.explained_variance == pytest.approx(stable.explained_variance, rel=1e-9)


def test_stable_components_have_their_largest_loading_positive() -> None:
    """Check the sign convention of the stable method (as scikit-learn's svd_flip)."""
    pca = fit_pca(_planted(seed=5), method="stable")
    for component in pca.components:
        assert component[np.argmax(np.abs(component))] > 0


def test_polis_start_vector_depends_only_on_the_seed() -> None:
    """Check that the power iteration is reproducible: the same seed gives identical components."""
    m = _planted()
    assert np.array_equal(
        fit_pca(m, method="polis", seed=4).components, fit_pca(m, method="polis", seed=4).components
    )


def test_participant_projection_scales_by_the_share_of_statements_voted() -> None:
    """Check p = sqrt(n_statements / n_voted) * sum over voted statements of (vote - centre) * component."""
    m = _matrix([(1, 0, 1), (1, 1, -1), (1, 2, 1), (2, 0, -1), (3, 2, 0)])
    pca = PCA(
        center=np.array([0.5, -1.0, 0.25]),
        components=np.array([[1.0, 0.0, 0.0], [0.0, 0.6, 0.8]]),
        explained_variance=np.zeros(2),
    )
    points = project_participants(m, pca)
    # participant 1 voted on all 3: (1-0.5, (-1+1)*0.6 + (1-0.25)*0.8) * sqrt(3/3)
    # participant 2 voted on 1: (-1-0.5, 0) * sqrt(3/1); participant 3: (0, (0-0.25)*0.8) * sqrt(3)
    expected = [[0.5, 0.6], [-1.5 * np.sqrt(3), 0.0], [0.0, -0.2 * np.sqrt(3)]]
    assert points == pytest.approx(np.array(expected), abs=1e-15)


def test_excluded_statements_count_as_voted_by_everyone_when_scaling() -> None:
    """Check that a rejected statement (zero for everyone in pol.is) adds one to every participant's votes."""
    m = _matrix([(1, 0, 1), (1, 1, 1), (2, 0, -1), (2, 2, 1)], excluded=(2,))
    pca = PCA(
        center=np.array([0.0, 1.0, 0.0]),
        components=np.array([[1.0, 0, 0], [0, 1.0, 0]]),
        explained_variance=np.zeros(2),
    )
    # participant 1 voted on 0, 1 and (as everyone) the rejected 2: sqrt(3/3) * ((1-0)*1, (1-1)*1);
    # participant 2 on 0 and 2: sqrt(3/2) * ((-1-0)*1, 0).
    expected = np.array([[1.0, 0.0], [-np.sqrt(3 / 2), 0.0]])
    assert project_participants(m, pca) == pytest.approx(expected, abs=1e-15)


def test_statement_projection_is_where_an_agree_only_participant_sits() -> None:
    """Check that each statement's point equals the projection of a participant agreeing with it alone."""
    m = _planted()
    pca = fit_pca(m)
    points = project_statements(m, pca)
    n_statements = m.shape[1]
    for j in (0, 5):
        # A participant who agrees with statement j only: (1 - c_j) * component_j, scaled by sqrt(S / 1).
        alone = (1 - pca.center[j]) * pca.components[:, j] * np.sqrt(n_statements)
        assert points[j] == pytest.approx(alone, abs=1e-12)


def test_statement_extremity_is_the_distance_from_the_centre() -> None:
    """Check that extremity is the Euclidean length of each statement's point."""
    assert statement_extremity(np.array([[3.0, 4.0], [0.0, 0.0]])).tolist() == [5.0, 0.0]


def test_extremity_refuses_points_of_the_wrong_shape() -> None:
    """Check that a non (S, 2) array raises ValueError naming the shape."""
    with pytest.raises(ValueError, match=r"\(3,\)"):
        statement_extremity(np.zeros(3))


@pytest.mark.parametrize("method", ["polis", "stable"])
@pytest.mark.parametrize(
    "cells",
    [
        [],  # no votes
        [(1, 0, 1), (1, 1, -1), (1, 2, 0)],  # one participant
        [(1, 0, 1), (2, 0, -1), (3, 0, 0)],  # one statement
        [(p, s, 1) for p in range(5) for s in range(4)],  # everyone agrees with everything
        [(p, s, 0) for p in range(5) for s in range(4)],  # only passes
    ],
    ids=["empty", "one-participant", "one-statement", "all-agree", "all-pass"],
)
def test_degenerate_matrices_give_finite_results(cells: list[tuple[int, int, int]], method: str) -> None:
    """Check that tiny or constant matrices give finite zeros-or-unit components and finite positions."""
    m = _matrix(cells)
    pca = fit_pca(m, method=method)  # type: ignore[arg-type]
    n_participants, n_statements = m.shape
    assert pca.components.shape == (2, n_statements)
    points = project_participants(m, pca)
    assert points.shape == (n_participants, 2) and np.isfinite(points).all()
    assert np.isfinite(project_statements(m, pca)).all()
    norms = np.linalg.norm(pca.components, axis=1)
    assert all(n == pytest.approx(0.0) or n == pytest.approx(1.0) for n in norms)


def test_one_statement_with_disagreement_has_one_component() -> None:
    """Check that a single statement gives the first component (+-1) and a zero second one."""
    pca = fit_pca(_matrix([(1, 0, 1), (2, 0, -1), (3, 0, 0)]))
    assert np.abs(pca.components).tolist() == [[1.0], [0.0]]


def test_constant_votes_have_no_components() -> None:
    """Check that when everyone votes alike there is no direction of disagreement (zero components)."""
    pca = fit_pca(_matrix([(p, s, 1) for p in range(5) for s in range(4)]), method="stable")
    assert np.all(pca.components == 0.0) and np.all(pca.explained_variance == 0.0)


def test_unknown_method_is_refused() -> None:
    """Check that a misspelt method raises ValueError naming it."""
    with pytest.raises(ValueError, match="'exact'"):
        fit_pca(_planted(), method="exact")  # type: ignore[arg-type]


def test_projection_refuses_a_pca_of_another_matrix() -> None:
    """Check that projecting with components of a different width raises ValueError."""
    with pytest.raises(ValueError, match="statements"):
        project_participants(_planted(n_statements=5), fit_pca(_planted(n_statements=6)))


def test_sparse_products_equal_the_dense_ones() -> None:
    """Check that the numpy-only sparse products the PCA uses (X v, X^T u, X^T X over blocks of rows)
    equal the products of the dense centred matrix, block size down to a single row."""
    from assembly.analysis import projection

    matrix = _planted(n=50, n_statements=9)
    cells, center, active = projection._centred(matrix)
    dense = np.zeros(cells.shape)
    dense[cells.row, cells.col] = cells.value
    rng = np.random.default_rng(0)
    v, u = rng.normal(size=cells.shape[1]), rng.normal(size=cells.shape[0])
    assert np.allclose(cells.matvec(v), dense @ v, rtol=0, atol=1e-12)
    assert np.allclose(cells.rmatvec(u), dense.T @ u, rtol=0, atol=1e-12)
    assert np.allclose(cells.gram(), dense.T @ dense, rtol=0, atol=1e-12)
    original = projection.GRAM_BLOCK_CELLS
    try:
        projection.GRAM_BLOCK_CELLS = 1  # one row per block
        assert np.allclose(cells.gram(), dense.T @ dense, rtol=0, atol=1e-12)
    finally:
        projection.GRAM_BLOCK_CELLS = original


def test_stable_components_agree_between_the_exact_and_the_lanczos_solver() -> None:
    """Check that the exact decomposition of X^T X (small conversations) and the Lanczos solver (large
    ones) find the same components."""
    from assembly.analysis import projection

    matrix = _planted(n=80, n_statements=15, seed=3)
    exact = fit_pca(matrix)
    original = projection.DENSE_GRAM_MAX_WORK
    try:
        projection.DENSE_GRAM_MAX_WORK = 0
        lanczos = fit_pca(matrix)
    finally:
        projection.DENSE_GRAM_MAX_WORK = original
    assert np.allclose(exact.components, lanczos.components, rtol=0, atol=1e-10)
    assert np.allclose(exact.explained_variance, lanczos.explained_variance, rtol=1e-10)
