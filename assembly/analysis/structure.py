"""Are there opinion groups at all? A permutation test of the vote matrix's leading component.

k-means always returns groups, even on votes cast at random: without a test, "two to five groups"
is an artefact of the method (issue 12). This module tests the grouping's raw material, the
strength of the first principal component, against what the same votes give without any
association between statements.

Statistic: λ1, the largest eigenvalue of XᵀX, where X is the centred, mean-imputed vote matrix of
the participants placed in groups (missing votes are 0 after centring, as in the PCA).

Null: each statement's votes shuffled among the participants who voted on it. This keeps every
statement's agree / disagree / pass margins and the whole pattern of who saw what (so sparsity
and participants' different numbers of votes are kept), and destroys any association between
statements: parallel analysis in its permutation form (Horn 1965; Buja and Eyuboglu 1992).

Evidence: Besag and Clifford's (1991) sequential Monte Carlo p-value. Null matrices are drawn one
by one, at most :data:`MAX_NULLS`; the test stops at the first null whose λ1 reaches the observed
one, with p = 1 / (nulls drawn). If the observed λ1 beats all 19, p = 1/20 = 0.05, the smallest
p-value this test gives, and the groups are reported as distinct. It is an exact 5% test: under
the null, the observed λ1 is the largest of 20 exchangeable values with probability 1/20.

The test detects any association between statements, including a shared habit of agreeing with
everything; it does not say that the groups are camps rather than a continuum (see
docs/explanation/methodology.md).

Randomness: the null draws come from a stream fixed by :data:`NULL_STREAM`, not from the
analysis' seed, so that whether groups are reported cannot change with the seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import VoteMatrix

__all__ = ["MAX_NULLS", "StructureTest", "detect_structure"]

MAX_NULLS = 19
"""At most this many null matrices: the smallest number giving an exact 5% test (1/(19+1))."""

LEVEL = 0.05
"""Groups are reported when p <= LEVEL, i.e. when the observed λ1 beats every one of the 19 nulls."""

NULL_STREAM = 20_251_207
"""Seed of the null draws' random stream (fixed: see the module docstring)."""

SUBSAMPLE = 4_000
"""Above this many participants, the test runs on a fixed subsample of this many (chosen by a hash
of the participant ids): a structure that can split groups is far above the detection threshold
at that size, and each null then costs the same whatever the number of participants."""

DENSE_GRAM_MAX_WORK = 200_000_000
"""λ1 from the dense XᵀX when forming it costs at most this many multiply-adds; above it, from a
Lanczos solver on the sparse matrix."""


EXACT_SIDE = 200
"""Up to this side, λ1 comes from a full eigendecomposition of the Gram matrix; above it, from
:func:`_lanczos_top` on X itself (numpy only: small conversations never import scipy, a third of
a small command's start-up), which finds the top eigenvalue alone several times faster."""

LANCZOS_TOLERANCE = 1e-12
"""Relative change of the top Ritz value between checks below which Lanczos stops."""


@dataclass(frozen=True)
class StructureTest:
    """The outcome of :func:`detect_structure`.

    Attributes
    ----------
    statistic : float
        λ1 of the observed matrix (participants tested x statements not excluded).
    null_max : float
        The largest λ1 among the null matrices drawn (0 when none was).
    n_nulls : int
        Null matrices drawn before stopping.
    n_exceeding : int
        Nulls whose λ1 reached the observed one (0 or 1: the test stops at the first).
    p_value : float
        Besag-Clifford sequential p-value: (n_exceeding or 1) / (n_nulls + (0 if n_exceeding else 1)).
    n_participants : int
        Participants the test was run on (a subsample above :data:`SUBSAMPLE`).
    distinct : bool
        ``p_value <= 0.05``: the votes show more structure than the same margins without association.
    """

    statistic: float
    null_max: float
    n_nulls: int
    n_exceeding: int
    p_value: float
    n_participants: int
    distinct: bool


def detect_structure(matrix: VoteMatrix, rows: NDArray[np.bool_]) -> StructureTest:
    """Test whether the votes of ``rows`` hold more structure than chance: see the module docstring.

    Parameters
    ----------
    matrix : VoteMatrix
        Latest votes; excluded statements are left out.
    rows : bool array (n_participants,)
        The participants to test (those placed in groups).

    Returns
    -------
    StructureTest
        Not distinct, with p = 1, when fewer than 3 participants or 2 statements hold votes.

    Examples
    --------
    >>> from assembly.analysis.matrix import build_vote_matrix
    >>> from assembly.analysis.types import VoteLog
    >>> log = VoteLog.from_rows([1, 1, 2, 2], [10, 11, 10, 11], [1, 1, -1, -1])
    >>> detect_structure(build_vote_matrix(log), np.array([True, True])).distinct
    False
    """
    rows = np.asarray(rows, dtype=bool)
    if rows.shape != (matrix.shape[0],):
        raise ValueError(f"rows must have shape ({matrix.shape[0]},), got {rows.shape}")
    chosen = _subsample(matrix.participant_ids, rows)
    row_code = np.full(matrix.shape[0], -1, np.int64)
    row_code[chosen] = np.arange(len(chosen))
    col_code = np.cumsum(~matrix.excluded) - 1
    keep = (row_code[matrix.row] >= 0) & ~matrix.excluded[matrix.col]
    row, col = row_code[matrix.row[keep]], col_code[matrix.col[keep]].astype(np.int64)
    n_rows, n_cols = len(chosen), int((~matrix.excluded).sum())
    if n_rows < 3 or n_cols < 2 or not keep.any():
        return StructureTest(0.0, 0.0, 0, 0, 1.0, n_rows, False)
    value = matrix.value[keep].astype(np.float64)
    seen = np.bincount(col, minlength=n_cols)
    center = np.bincount(col, weights=value, minlength=n_cols) / np.maximum(seen, 1)
    centred = value - center[col]
    observed = _top_eigenvalue(row, col, centred, (n_rows, n_cols))
    # Cells grouped by column: a null permutes the values within each column's block (sorting the
    # column number plus a uniform draw in [0, 1) shuffles within columns and keeps them in order).
    by_col = np.argsort(col, kind="stable")
    block = col[by_col].astype(np.float64)
    rng = np.random.default_rng(NULL_STREAM)
    null_max, drawn, exceeding = 0.0, 0, 0
    for _ in range(MAX_NULLS):
        shuffled = by_col[np.argsort(block + rng.random(len(by_col)))]
        null_value = np.empty_like(centred)
        null_value[by_col] = centred[shuffled]
        null = _top_eigenvalue(row, col, null_value, (n_rows, n_cols))
        drawn += 1
        null_max = max(null_max, null)
        if null >= observed:
            exceeding = 1
            break
    p_value = 1.0 / drawn if exceeding else 1.0 / (drawn + 1)
    return StructureTest(
        statistic=float(observed),
        null_max=float(null_max),
        n_nulls=drawn,
        n_exceeding=exceeding,
        p_value=p_value,
        n_participants=n_rows,
        distinct=bool(p_value <= LEVEL),
    )


def _subsample(participant_ids: NDArray[np.int64], rows: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Indices of the rows to test: all of ``rows``, or the :data:`SUBSAMPLE` with the smallest hash of
    their participant id (independent of row order and of the seed)."""
    candidates = np.flatnonzero(rows)
    if len(candidates) <= SUBSAMPLE:
        return candidates
    ids = participant_ids[candidates].astype(np.uint64)
    # A fixed 64-bit mix (splitmix64's finaliser) of the id: a pseudo-random but reproducible order.
    with np.errstate(over="ignore"):
        h = ids + np.uint64(0x9E3779B97F4A7C15)
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        h = h ^ (h >> np.uint64(31))
    return np.sort(candidates[np.argsort(h, kind="stable")[:SUBSAMPLE]])


def _lanczos_top(multiply: Callable[[NDArray[np.float64]], NDArray[np.float64]], side: int) -> float:
    """The largest eigenvalue of the symmetric positive semi-definite ``side`` x ``side`` matrix that
    ``multiply`` applies, by Lanczos iteration with full reorthogonalisation from the all-ones start
    vector (deterministic). It stops when the top Ritz value changes by less than
    :data:`LANCZOS_TOLERANCE` (relative) between checks every 5 steps, or after ``side`` steps, when
    the Ritz value is exact."""
    basis = np.zeros((side, side))
    alpha: list[float] = []
    beta: list[float] = []
    vector = np.ones(side) / np.sqrt(side)
    previous = -np.inf
    for step in range(side):
        basis[step] = vector
        product = multiply(vector)
        alpha.append(float(vector @ product))
        product -= basis[: step + 1].T @ (basis[: step + 1] @ product)  # full reorthogonalisation
        product -= basis[: step + 1].T @ (basis[: step + 1] @ product)  # twice is enough (Kahan)
        norm = float(np.sqrt(product @ product))
        done = norm <= 1e-14 * max(abs(alpha[0]), 1.0) or step == side - 1
        if done or step % 5 == 4:
            tridiagonal = np.diag(alpha) + np.diag(beta, 1) + np.diag(beta, -1)
            top = float(np.linalg.eigvalsh(tridiagonal)[-1])
            if done or abs(top - previous) <= LANCZOS_TOLERANCE * abs(top):
                return top
            previous = top
        beta.append(norm)
        vector = product / norm
    raise AssertionError("unreachable: the last step returns")  # pragma: no cover


def _top_eigenvalue(
    row: NDArray[np.int64], col: NDArray[np.int64], value: NDArray[np.float64], shape: tuple[int, int]
) -> float:
    """λ1 of XᵀX for the sparse X given by its cells."""
    n_rows, n_cols = shape
    side = min(n_rows, n_cols)
    if n_rows * n_cols * side <= DENSE_GRAM_MAX_WORK:
        dense = np.zeros(shape)
        dense[row, col] = value
        # XᵀX and XXᵀ share their nonzero eigenvalues: decompose the smaller.
        if side <= EXACT_SIDE:
            gram = dense.T @ dense if n_cols <= n_rows else dense @ dense.T
            return float(np.linalg.eigvalsh(gram)[-1])
        # Lanczos on the smaller side without forming the Gram matrix: two products with X per step.
        if n_cols <= n_rows:
            return _lanczos_top(lambda v: dense.T @ (dense @ v), side)
        return _lanczos_top(lambda u: dense @ (dense.T @ u), side)
    import scipy.sparse as sp  # large conversations only
    import scipy.sparse.linalg

    x = sp.csr_array((value, (row, col)), shape=shape)
    xt = x.T.tocsr()

    def product(vector: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(xt @ (x @ vector), dtype=np.float64)

    operator = scipy.sparse.linalg.LinearOperator((n_cols, n_cols), matvec=product, dtype=np.float64)
    top = scipy.sparse.linalg.eigsh(operator, k=1, v0=np.ones(n_cols), tol=1e-8, return_eigenvectors=False)
    return float(top[0])
