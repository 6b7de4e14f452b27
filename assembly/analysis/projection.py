"""The opinion map: principal components of the vote matrix and where participants and statements sit.

pol.is equivalent: ``pca.clj`` and the ``:pca`` / ``:proj`` nodes of ``conversation.clj``
(docs/explanation/polis-math.md §2.4). Missing votes are filled with the statement's mean vote,
which makes the centred matrix exactly zero wherever a participant did not vote: it is kept sparse throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import VoteMatrix

__all__ = [
    "N_COMPONENTS",
    "PCA",
    "POWER_ITERATIONS",
    "Method",
    "fit_pca",
    "project_participants",
    "project_statements",
    "statement_extremity",
]

Method = Literal["polis", "stable"]

N_COMPONENTS = 2
"""The map is two-dimensional (pol.is ``n-comps``)."""

POWER_ITERATIONS = 100
"""Power-iteration steps per component (pol.is ``pca-iters``)."""

ZERO_VARIANCE = 1e-12
"""Relative eigenvalue below which a component explains nothing and is reported as zeros
("stable" method: such eigenvectors are rounding noise, arbitrary in direction)."""

DENSE_GRAM_MAX_WORK = 500_000_000
"""The "stable" method forms the statement covariance X^T X and decomposes it exactly when forming it
costs at most this many multiply-adds (participants x statements^2, about 0.1 s); above it, a Lanczos
solver (ARPACK, fixed start vector, full precision) on the sparse matrix."""

GRAM_BLOCK_CELLS = 1 << 20
"""X^T X is summed over blocks of rows of at most this many cells (8 MB), filled in from the sparse
cells: memory stays bounded whatever the number of participants."""


@dataclass(frozen=True, eq=False)
class _Cells:
    """A sparse matrix as its cells, sorted by (row, column), with the CSR row pointer.

    numpy alone: products with a vector are ``np.bincount`` over the cells and X^T X is summed over
    bounded blocks of rows, so analysing a conversation does not import scipy.sparse (a third of a
    small command's start-up). scipy is imported only for the Lanczos solver on large conversations.
    """

    row: NDArray[np.int64]
    col: NDArray[np.int64]
    value: NDArray[np.float64]
    indptr: NDArray[np.int64]
    shape: tuple[int, int]

    def matvec(self, vector: NDArray[np.float64]) -> NDArray[np.float64]:
        """``X @ vector``."""
        product = np.bincount(self.row, weights=self.value * vector[self.col], minlength=self.shape[0])
        return np.asarray(product, dtype=np.float64)

    def rmatvec(self, vector: NDArray[np.float64]) -> NDArray[np.float64]:
        """``X.T @ vector``."""
        product = np.bincount(self.col, weights=self.value * vector[self.row], minlength=self.shape[1])
        return np.asarray(product, dtype=np.float64)

    def gram_work(self) -> int:
        """Multiply-adds in forming ``X.T @ X`` from dense blocks of rows: rows x columns^2."""
        n_rows, n_cols = self.shape
        return n_rows * n_cols * n_cols

    def gram(self) -> NDArray[np.float64]:
        """``X.T @ X`` as a dense statements x statements array, summed over blocks of rows (each
        filled in from its cells, at most :data:`GRAM_BLOCK_CELLS`), so memory stays bounded."""
        n_rows, n_cols = self.shape
        total = np.zeros((n_cols, n_cols))
        step = max(1, GRAM_BLOCK_CELLS // max(n_cols, 1))
        for first in range(0, n_rows, step):
            last = min(n_rows, first + step)
            cells = slice(int(self.indptr[first]), int(self.indptr[last]))
            block = np.zeros((last - first, n_cols))
            block[self.row[cells] - first, self.col[cells]] = self.value[cells]
            total += block.T @ block
        return total


@dataclass(frozen=True, eq=False)
class PCA:
    """Two principal components of the (mean-imputed) vote matrix.

    Attributes
    ----------
    center : float64 array (n_statements,)
        Each statement's mean vote over the participants who voted on it (agree = +1, pass = 0);
        0 for excluded statements. pol.is's ``center`` is the same with the opposite sign.
    components : float64 array (2, n_statements)
        Unit vectors (or zeros where the data has no variance left); 0 on excluded statements.
    explained_variance : float64 array (2,)
        Variance along each component, ``||X v||^2 / (n_participants - 1)`` as scikit-learn reports it.
    """

    center: NDArray[np.float64]
    components: NDArray[np.float64]
    explained_variance: NDArray[np.float64]


def _centred(matrix: VoteMatrix) -> tuple[_Cells, NDArray[np.float64], NDArray[np.bool_]]:
    """The centred imputed matrix restricted to the statements not excluded, the column means of
    all statements, and which statements are kept. Missing cells are exactly 0: the matrix is sparse.
    """
    n_rows, n_cols = matrix.shape
    active = ~matrix.excluded
    keep = active[matrix.col]
    row, col = matrix.row[keep], matrix.col[keep]
    value = matrix.value[keep].astype(np.float64)
    totals = np.bincount(col, weights=value, minlength=n_cols)
    seen = np.bincount(col, minlength=n_cols)
    center = np.divide(totals, seen, out=np.zeros(n_cols), where=seen > 0)
    # Cells are sorted by (row, column): the CSR arrays can be written directly.
    compact = (np.cumsum(active) - 1).astype(np.int64)
    indptr = np.zeros(n_rows + 1, np.int64)
    np.cumsum(np.bincount(row, minlength=n_rows), out=indptr[1:])
    centred = _Cells(
        row=row.astype(np.int64),
        col=compact[col],
        value=value - center[col],
        indptr=indptr,
        shape=(n_rows, int(active.sum())),
    )
    return centred, center, active


def fit_pca(matrix: VoteMatrix, *, method: Method = "stable", seed: int = 0) -> PCA:
    """Fit the two principal components of the vote matrix.

    Parameters
    ----------
    matrix : VoteMatrix
        Latest votes. Excluded statements enter as all-zero columns.
    method : {"stable", "polis"}, default "stable"
        "polis": power iteration as pol.is, 100 steps per component, the second component from the
        deflated matrix; the start vector is uniform random from ``seed``. "stable": an exact
        eigendecomposition of the statement covariance, signs fixed so that each component's
        largest-magnitude loading is positive.
    seed : int, default 0
        Seeds the power-iteration start vector ("polis"); unused by "stable".

    Returns
    -------
    PCA

    Notes
    -----
    Pol.is equivalent: ``powerit-pca`` / ``wrapped-pca`` (``pca.clj``) applied to ``mat``, the
    mean-imputed ``rating-mat`` (``conversation.clj``).

    Differences: pol.is warm-starts from the previous update's components and cold-starts from an
    unseeded random vector; here the start is seeded, so the sign of a "polis" component is
    reproducible (it remains arbitrary). Above 10,000 participants pol.is switches to an unseeded
    mini-batch approximation; both methods here always use the whole matrix. pol.is's centre uses
    agree = -1, so ``center`` here is its negative; components and projections coincide once the
    signs of the components are aligned.

    Examples
    --------
    >>> from assembly.analysis.matrix import build_vote_matrix
    >>> from assembly.analysis.types import VoteLog
    >>> log = VoteLog.from_rows([1, 1, 2, 2], [10, 11, 10, 11], [1, 1, -1, -1])
    >>> fit_pca(build_vote_matrix(log)).center.tolist()
    [0.0, 0.0]
    """
    if method not in ("polis", "stable"):
        raise ValueError(f"method must be 'polis' or 'stable', not {method!r}")
    centred, center, active = _centred(matrix)
    n_rows, n_cols = matrix.shape
    n_components = min(N_COMPONENTS, n_rows, centred.shape[1])
    found = np.zeros((N_COMPONENTS, centred.shape[1]))
    if n_components > 0:
        if method == "polis":
            found[:n_components] = _power_iteration(centred, n_components, seed)
        else:
            found[:n_components] = _exact_components(centred, n_components)
    components = np.zeros((N_COMPONENTS, n_cols))
    components[:, active] = found  # excluded statements: all-zero columns, zero loadings
    explained = np.array([np.sum(centred.matvec(vector) ** 2) for vector in found]) / max(n_rows - 1, 1)
    return PCA(center=center, components=components, explained_variance=explained)


def _power_iteration(centred: _Cells, n_components: int, seed: int) -> NDArray[np.float64]:
    """pol.is's power iteration with deflation (inputs validated)."""
    rng = np.random.default_rng(seed)
    found: list[NDArray[np.float64]] = []
    for _ in range(n_components):
        vector = rng.random(centred.shape[1])
        last_norm = 0.0
        for step in range(POWER_ITERATIONS, -1, -1):
            deflated = _deflate(vector, found)
            product = _deflate(centred.rmatvec(centred.matvec(deflated)), found)
            norm = float(np.sqrt(product @ product))
            vector = product / norm if norm > 0 else product
            if step == 0 or norm == last_norm:
                break
            last_norm = norm
        found.append(vector)
    return np.array(found)


def _lanczos(centred: _Cells, n_components: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The top eigenpairs of X^T X by ARPACK's Lanczos solver, ascending (large conversations only)."""
    import scipy.sparse as sp  # imported here: small conversations never need it
    import scipy.sparse.linalg

    n_rows, n_cols = centred.shape
    matrix = sp.csr_array((centred.value, centred.col, centred.indptr), shape=(n_rows, n_cols))
    transposed = matrix.T.tocsr()

    def product(vector: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(transposed @ (matrix @ vector), dtype=np.float64)

    operator = scipy.sparse.linalg.LinearOperator((n_cols, n_cols), matvec=product, dtype=np.float64)
    values, found = scipy.sparse.linalg.eigsh(operator, k=n_components, v0=np.ones(n_cols), tol=0)
    order = np.argsort(values)
    return values[order], found[:, order]


def _deflate(vector: NDArray[np.float64], found: list[NDArray[np.float64]]) -> NDArray[np.float64]:
    """Remove the directions already found (pol.is ``factor-matrix``, applied implicitly)."""
    for pc in found:
        length = pc @ pc
        if length > 0:
            vector = vector - (pc @ vector) / length * pc
    return vector


def _exact_components(centred: _Cells, n_components: int) -> NDArray[np.float64]:
    """Top eigenvectors of X^T X with the largest-|loading|-positive sign (inputs validated)."""
    n_cols = centred.shape[1]
    total = float(centred.value @ centred.value)
    vectors = np.zeros((n_components, n_cols))
    if total == 0:
        return vectors
    if centred.gram_work() <= DENSE_GRAM_MAX_WORK or n_cols <= n_components + 1:
        values, found = np.linalg.eigh(centred.gram())  # ascending eigenvalues
    else:
        values, found = _lanczos(centred, n_components)
    for i in range(n_components):
        value, vector = values[-1 - i], found[:, -1 - i]
        if value > ZERO_VARIANCE * total:
            vectors[i] = -vector if vector[np.argmax(np.abs(vector))] < 0 else vector
    return vectors


def project_participants(matrix: VoteMatrix, pca: PCA) -> NDArray[np.float64]:
    """Place every participant on the map.

    Parameters
    ----------
    matrix : VoteMatrix
        The matrix ``pca`` was fitted on.
    pca : PCA

    Returns
    -------
    float64 array of shape (n_participants, 2)
        ``sqrt(n_statements / n_voted) * sum over voted statements of (vote - center) * component``,
        where excluded statements count as voted (they hold 0 for everyone).

    Notes
    -----
    Pol.is equivalent: ``sparsity-aware-project-ptpts`` (``pca.clj``). The scaling pushes
    participants with few votes out from the centre, where mean imputation would leave them.
    """
    _check_fits(matrix, pca)
    n_rows, n_cols = matrix.shape
    keep = ~matrix.excluded[matrix.col]
    row, col = matrix.row[keep], matrix.col[keep]
    deviation = matrix.value[keep] - pca.center[col]
    # Excluded statements hold 0 for everyone (pol.is rating-mat): the same term for every participant.
    constant = -(pca.components[:, matrix.excluded] @ pca.center[matrix.excluded])
    points = np.stack(
        [np.bincount(row, weights=deviation * pca.components[d, col], minlength=n_rows) for d in range(2)],
        axis=1,
    )
    voted = np.bincount(row, minlength=n_rows) + int(matrix.excluded.sum())
    scale = np.sqrt(n_cols / np.maximum(voted, 1))
    projected: NDArray[np.float64] = (points + constant) * scale[:, None]
    return projected


def project_statements(matrix: VoteMatrix, pca: PCA) -> NDArray[np.float64]:
    """Place every statement on the map: where a participant who agreed with it alone would sit.

    Parameters
    ----------
    matrix : VoteMatrix
    pca : PCA

    Returns
    -------
    float64 array of shape (n_statements, 2)
        ``(1 - center_j) * component[:, j] * sqrt(n_statements)``.

    Notes
    -----
    Pol.is equivalent: ``pca-project-cmnts`` (``pca.clj``), ``comment-projection`` transposed. pol.is's
    virtual participant votes -1, its agree; with the opposite sign of the centre and of the
    components the point is the same.
    """
    _check_fits(matrix, pca)
    n_cols = matrix.shape[1]
    points: NDArray[np.float64] = ((1.0 - pca.center) * np.sqrt(n_cols))[:, None] * pca.components.T
    return points


def statement_extremity(statement_points: NDArray[np.float64]) -> NDArray[np.float64]:
    """How far each statement's agree-only participant sits from the centre of the map.

    Parameters
    ----------
    statement_points : float64 array of shape (n_statements, 2)
        From :func:`project_statements`.

    Returns
    -------
    float64 array of shape (n_statements,)

    Notes
    -----
    Pol.is equivalent: ``comment-extremity`` (``with-proj-and-extremtiy`` in ``conversation.clj``).
    It measures how much a statement moves a participant on the map, not how differently groups
    vote on it (pol.is issue #1726).
    """
    points = np.asarray(statement_points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != N_COMPONENTS:
        raise ValueError(f"statement_points must have shape (n_statements, 2), got {points.shape}")
    extremity: NDArray[np.float64] = np.sqrt(np.sum(points**2, axis=1))
    return extremity


def _check_fits(matrix: VoteMatrix, pca: PCA) -> None:
    if pca.components.shape != (N_COMPONENTS, matrix.shape[1]):
        raise ValueError(
            f"the PCA has {pca.components.shape[1]} statements but the matrix has {matrix.shape[1]}"
        )
