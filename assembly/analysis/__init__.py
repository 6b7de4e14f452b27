"""Assembly's analysis: pure functions from votes to opinion groups and statement statistics.

numpy, scipy and scikit-learn only: no Django, no file or network access, no printing. Every step is
one public function; :func:`run_analysis` calls them in order and returns one :class:`AnalysisResult`.

Modules, in pipeline order (each depends only on those above it):

    types           Vote (agree = +1), Moderation, VoteLog
    vocabulary      category order, titles and rules, group letters, rounded percents (words shared
                    by every view of the analysis; no step depends on them but categories' order)
    matrix          VoteLog -> VoteMatrix, sparse latest votes (build_vote_matrix)
    eligibility     who is placed in groups (select_eligible_participants; pol.is in-conv)
    projection      PCA of the imputed matrix, participants and statements on the map
                    (fit_pca, project_participants, project_statements, statement_extremity)
    structure       are there opinion groups at all? a permutation test (detect_structure)
    clustering      base clusters, then 2-5 opinion groups chosen by silhouette, each group's
                    stability (cluster_base, cluster_groups, group_stability)
    tallies         agree / disagree / seen counts per group and statement (tally_votes)
    intervals       confidence intervals for shares and differences of shares
    representative  what sets each group apart (select_representative_statements; pol.is repness)
    consensus       majority statements and group-aware consensus
    priority        which statement to show next
    categories      consensus / majority disagree / uncertainty / friction, with evidence
    result          StatementInfo (moderation facts) and AnalysisResult
    pipeline        run_analysis
    document        AnalysisDocument: the typed contract every view reads, to_json / from_json
    serialize       AnalysisResult -> AnalysisDocument (analysis_document, analysis_to_json)

Data flow::

    VoteLog -> VoteMatrix -> eligible rows ----------------------.
                          -> PCA -> positions -> base clusters -> groups -> group tallies -> statistics
                          -> overall tallies ------------------------------------------^

Names are imported lazily, so ``import assembly.analysis.types`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "PCA",
    "AnalysisResult",
    "BaseClusters",
    "GroupClustering",
    "Moderation",
    "StatementInfo",
    "Vote",
    "VoteLog",
    "VoteMatrix",
    "build_vote_matrix",
    "classify_statements",
    "cluster_base",
    "cluster_groups",
    "detect_structure",
    "find_consensus",
    "fit_pca",
    "group_aware_consensus",
    "group_stability",
    "project_participants",
    "project_statements",
    "run_analysis",
    "select_eligible_participants",
    "select_representative_statements",
    "statement_extremity",
    "statement_priorities",
    "tally_votes",
]

_HOME = {
    "Moderation": "types",
    "Vote": "types",
    "VoteLog": "types",
    "VoteMatrix": "matrix",
    "build_vote_matrix": "matrix",
    "select_eligible_participants": "eligibility",
    "PCA": "projection",
    "fit_pca": "projection",
    "project_participants": "projection",
    "project_statements": "projection",
    "statement_extremity": "projection",
    "BaseClusters": "clustering",
    "GroupClustering": "clustering",
    "cluster_base": "clustering",
    "cluster_groups": "clustering",
    "group_stability": "clustering",
    "detect_structure": "structure",
    "tally_votes": "tallies",
    "select_representative_statements": "representative",
    "find_consensus": "consensus",
    "group_aware_consensus": "consensus",
    "statement_priorities": "priority",
    "classify_statements": "categories",
    "StatementInfo": "result",
    "AnalysisResult": "result",
    "run_analysis": "pipeline",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'assembly.analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(f"assembly.analysis.{module}"), name)


if TYPE_CHECKING:
    from assembly.analysis.categories import classify_statements
    from assembly.analysis.clustering import (
        BaseClusters,
        GroupClustering,
        cluster_base,
        cluster_groups,
        group_stability,
    )
    from assembly.analysis.consensus import find_consensus, group_aware_consensus
    from assembly.analysis.eligibility import select_eligible_participants
    from assembly.analysis.matrix import VoteMatrix, build_vote_matrix
    from assembly.analysis.pipeline import run_analysis
    from assembly.analysis.priority import statement_priorities
    from assembly.analysis.projection import (
        PCA,
        fit_pca,
        project_participants,
        project_statements,
        statement_extremity,
    )
    from assembly.analysis.representative import select_representative_statements
    from assembly.analysis.result import AnalysisResult, StatementInfo
    from assembly.analysis.structure import detect_structure
    from assembly.analysis.tallies import tally_votes
    from assembly.analysis.types import Moderation, Vote, VoteLog
