"""``run_analysis``: votes in, one :class:`AnalysisResult` out, every step in order.

Data flow (docs/explanation/polis-math.md §2):

    VoteLog ─ build_vote_matrix ─> VoteMatrix ─┬─ select_eligible_participants ─> eligible rows
                                               ├─ fit_pca ─> PCA ─┬─ project_participants ─> map positions
                                               │                  └─ project_statements ─> extremity
                                               └─ tally_votes (all rows, and per group) ─> statistics
    positions of eligible rows ─ cluster_base ─> BaseClusters ─ cluster_groups ─> opinion groups
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from assembly.analysis.categories import Thresholds, classify_statements
from assembly.analysis.clustering import cluster_base, cluster_groups
from assembly.analysis.consensus import find_consensus, group_aware_consensus
from assembly.analysis.crossfit import cross_fit_tallies
from assembly.analysis.eligibility import select_eligible_participants
from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.priority import select_uncertain_statements, statement_priorities
from assembly.analysis.projection import (
    fit_pca,
    project_participants,
    project_statements,
    statement_extremity,
)
from assembly.analysis.representative import select_representative_statements
from assembly.analysis.result import ANALYSIS_VERSION, AnalysisResult, StatementInfo
from assembly.analysis.tallies import NOT_COUNTED, tally_votes
from assembly.analysis.types import VoteLog

__all__ = ["run_analysis"]


def run_analysis(
    votes: VoteLog,
    *,
    statements: Sequence[StatementInfo] | None = None,
    method: Literal["polis", "stable"] = "stable",
    seed: int = 0,
    thresholds: Thresholds | None = None,
    excluded_participant_ids: Iterable[int] = (),
) -> AnalysisResult:
    """Run the whole analysis on a consultation's votes.

    Parameters
    ----------
    votes : VoteLog
        Every vote event (re-votes included; the latest counts). Timestamps, when present, decide
        who is placed in groups early on (see :func:`select_eligible_participants`).
    statements : sequence of StatementInfo, optional
        Moderation and meta flags. Rejected and meta statements are left out of the opinion math;
        statements not listed count as accepted and not meta.
    method : {"stable", "polis"}, default "stable"
        "polis" reproduces pol.is's cold-start computation (participants in pol.is's row order,
        power-iteration PCA, first-distinct-point k-means). "stable" gives groups that do not
        depend on the order of the input or of the participant ids (see
        :mod:`assembly.analysis.clustering`).
    seed : int, default 0
        Seeds every random choice; the same input and seed give bit-identical results.
    thresholds : Thresholds, optional
        Rules of the statement categories; default ``Thresholds()``.
    excluded_participant_ids : iterable of int
        Participants removed from the analysis altogether (e.g. banned by a moderator).

    Returns
    -------
    AnalysisResult

    Raises
    ------
    ValueError
        On an unknown ``method`` or a statement listed twice.

    Notes
    -----
    Pol.is equivalent: one cold-start ``conv-update`` (``small-conv-update-graph`` in
    ``conversation.clj``). Differences are listed in each step's docstring; the main ones are no
    warm starts and no k smoothing (both carry history), no mini-batch PCA above 10,000
    participants, and participant bans applied (pol.is never applies them).

    Examples
    --------
    >>> log = VoteLog.from_rows([1, 1, 2, 2], [10, 11, 10, 11], [1, 1, -1, -1])
    >>> result = run_analysis(log)
    >>> result.eligible.tolist(), result.n_groups
    ([True, True], 2)
    """
    if method not in ("polis", "stable"):
        raise ValueError(f"method must be 'polis' or 'stable', not {method!r}")
    infos = list(statements or ())
    ids = [int(s.id) for s in infos]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"statements lists these ids more than once: {twice[:10]}")
    matrix = build_vote_matrix(
        votes,
        excluded_statement_ids=[s.id for s in infos if s.excluded],
        excluded_participant_ids=excluded_participant_ids,
        row_order="polis" if method == "polis" else "sorted",
    )
    meta_ids = np.array([s.id for s in infos if s.is_meta], dtype=np.int64)
    is_meta = np.isin(matrix.statement_ids, meta_ids)
    eligible = select_eligible_participants(matrix, votes)

    pca = fit_pca(matrix, method=method, seed=seed)
    participant_projection = project_participants(matrix, pca)
    statement_projection = project_statements(matrix, pca)
    extremity = statement_extremity(statement_projection)

    base = cluster_base(participant_projection[eligible], method=method, seed=seed)
    groups = cluster_groups(base, method=method, seed=seed)
    group_labels = np.full(matrix.shape[0], NOT_COUNTED, dtype=np.int64)
    group_labels[eligible] = groups.labels[base.labels]

    overall = tally_votes(matrix, np.zeros(matrix.shape[0], np.int64), n_groups=1)
    by_group = tally_votes(matrix, group_labels, n_groups=groups.n_groups)
    held_out = cross_fit_tallies(matrix, group_labels, groups.n_groups)
    sids, excluded = matrix.statement_ids, matrix.excluded
    thresholds = thresholds or Thresholds()
    return AnalysisResult(
        method=method,
        seed=seed,
        version=ANALYSIS_VERSION,
        thresholds=thresholds,
        matrix=matrix,
        vote_counts=matrix.votes_per_participant(),
        eligible=eligible,
        pca=pca,
        participant_projection=participant_projection,
        statement_projection=statement_projection,
        statement_extremity=extremity,
        base_clusters=base,
        group_clustering=groups,
        group_labels=group_labels,
        n_groups=groups.n_groups,
        silhouettes=groups.silhouettes,
        overall_tallies=overall,
        group_tallies=by_group,
        representative=select_representative_statements(by_group, statement_ids=sids, excluded=excluded),
        consensus=find_consensus(overall, statement_ids=sids, excluded=excluded),
        group_aware_consensus=group_aware_consensus(by_group),
        priorities=statement_priorities(by_group, extremity, is_meta=is_meta),
        uncertain=select_uncertain_statements(overall, statement_ids=sids, excluded=excluded),
        categories=classify_statements(
            overall, by_group, excluded=excluded, thresholds=thresholds, friction_tallies=held_out
        ),
    )
