"""``run_analysis``: votes in, one :class:`AnalysisResult` out, every step in order.

Data flow (docs/explanation/polis-math.md §2):

    VoteLog ─ build_vote_matrix ─> VoteMatrix ─┬─ select_eligible_participants ─> eligible rows
                                               ├─ fit_pca ─> PCA ─┬─ project_participants ─> map positions
                                               │                  └─ project_statements ─> extremity
                                               └─ tally_votes (all rows, and per group) ─> statistics
    eligible rows ─ detect_structure ─> distinct groups or not ("stable": k = 1 when not)
    positions of eligible rows ─ cluster_base ─> BaseClusters ─ cluster_groups ─> opinion groups
                                                                              └─ group_stability
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.categories import Thresholds, classify_statements
from assembly.analysis.clustering import MAX_GROUPS, cluster_base, cluster_groups, group_stability
from assembly.analysis.consensus import find_consensus, group_aware_consensus
from assembly.analysis.crossfit import cross_fit_tallies
from assembly.analysis.eligibility import select_eligible_participants
from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.priority import statement_priorities
from assembly.analysis.projection import (
    fit_pca,
    project_participants,
    project_statements,
    statement_extremity,
)
from assembly.analysis.representative import select_representative_statements
from assembly.analysis.result import ANALYSIS_VERSION, AnalysisResult, StatementInfo
from assembly.analysis.structure import detect_structure
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
    given_groups: Mapping[int, int] | None = None,
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
        depend on the order of the input, on the participant ids or on the seed (see
        :mod:`assembly.analysis.clustering`), reports a single group when the votes hold no more
        structure than chance (:mod:`assembly.analysis.structure`), and measures each group's
        stability.
    seed : int, default 0
        Seeds the random choices that depend on it (the "polis" PCA's start vector); the same
        input and seed give bit-identical results. The "stable" groups do not depend on it.
    thresholds : Thresholds, optional
        Rules of the statement categories; default ``Thresholds()``.
    excluded_participant_ids : iterable of int
        Participants removed from the analysis altogether (e.g. banned by a moderator).
    given_groups : mapping of participant id to group id, optional
        Use these groups instead of forming them (e.g. pol.is's published groups, from a
        participants-votes.csv): everything else is computed for them. Participants it does not
        list are not placed in a group; group ids are numbered 0, 1, ... in ascending order. No
        structure test or stability figure is computed.

    Returns
    -------
    AnalysisResult

    Raises
    ------
    ValueError
        On an unknown ``method``, a statement listed twice, or ``given_groups`` placing none of the
        participants.

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

    placed = participant_projection[eligible]
    base = cluster_base(placed, method=method, seed=seed)
    # The structure test gates the default method only: "polis" keeps pol.is's answer, always >= 2 groups.
    structure = detect_structure(matrix, eligible) if method == "stable" and given_groups is None else None
    max_groups = 1 if structure is not None and not structure.distinct else MAX_GROUPS
    groups = cluster_groups(base, method=method, seed=seed, max_groups=max_groups)
    group_labels = np.full(matrix.shape[0], NOT_COUNTED, dtype=np.int64)
    if given_groups is None:
        group_labels[eligible] = groups.labels[base.labels]
        n_groups = groups.n_groups
        stability = group_stability(placed, base, groups) if method == "stable" else np.zeros(0)
    else:
        group_labels, n_groups = _given_labels(matrix.participant_ids, given_groups)
        eligible = group_labels != NOT_COUNTED
        stability = np.zeros(0)

    overall = tally_votes(matrix, np.zeros(matrix.shape[0], np.int64), n_groups=1)
    by_group = tally_votes(matrix, group_labels, n_groups=n_groups)
    held_out = cross_fit_tallies(matrix, group_labels, n_groups)
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
        n_groups=n_groups,
        groups_given=given_groups is not None,
        structure=structure,
        group_stability=stability,
        silhouettes=groups.silhouettes,
        overall_tallies=overall,
        group_tallies=by_group,
        representative=select_representative_statements(by_group, statement_ids=sids, excluded=excluded),
        consensus=find_consensus(overall, statement_ids=sids, excluded=excluded),
        group_aware_consensus=group_aware_consensus(by_group),
        priorities=statement_priorities(by_group, extremity, is_meta=is_meta),
        categories=classify_statements(
            overall, by_group, excluded=excluded, thresholds=thresholds, friction_tallies=held_out
        ),
    )


def _given_labels(
    participant_ids: NDArray[np.int64], given: Mapping[int, int]
) -> tuple[NDArray[np.int64], int]:
    """Each matrix row's group from ``given`` (ids renumbered 0, 1, ... in ascending order), and k."""
    numbering = {group: index for index, group in enumerate(sorted({int(g) for g in given.values()}))}
    labels = np.array(
        [
            numbering.get(int(given[int(p)]), NOT_COUNTED) if int(p) in given else NOT_COUNTED
            for p in participant_ids
        ],
        dtype=np.int64,
    )
    if not np.any(labels != NOT_COUNTED):
        raise ValueError("given_groups places none of the participants who voted")
    return labels, int(labels.max()) + 1
