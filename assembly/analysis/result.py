"""What one analysis run produces: every intermediate step's output, with the settings used.

Downstream code (the JSON document, the report, the web platform) renders from an
:class:`AnalysisResult` and never recomputes a step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.categories import StatementCategories, Thresholds
from assembly.analysis.clustering import BaseClusters, GroupClustering
from assembly.analysis.consensus import Consensus
from assembly.analysis.matrix import VoteMatrix
from assembly.analysis.projection import PCA
from assembly.analysis.representative import RepresentativeStatement
from assembly.analysis.structure import StructureTest
from assembly.analysis.tallies import Tallies
from assembly.analysis.types import Moderation

__all__ = ["ANALYSIS_VERSION", "AnalysisResult", "StatementInfo"]

ANALYSIS_VERSION = "0.1.0"
"""Assembly's version, recorded in every result. The analysis may not import the rest of Assembly,
so it is repeated here; tests/analysis/test_pipeline.py checks it equals ``assembly.__version__``."""


@dataclass(frozen=True)
class StatementInfo:
    """The facts about a statement that the analysis needs besides its votes.

    Attributes
    ----------
    id : int
    moderation : Moderation
        Rejected statements are left out of the opinion math (their votes still count towards
        eligibility). Pending ones stay in, as in pol.is (docs/explanation/polis-math.md §2.2, item 5).
    is_meta : bool
        Meta (demographic) statements are left out of the opinion math like rejected ones, and
        get a fixed routing priority.
    """

    id: int
    moderation: Moderation = Moderation.ACCEPTED
    is_meta: bool = False

    @property
    def excluded(self) -> bool:
        """Left out of the opinion math (pol.is ``mod-out``)."""
        return self.moderation is Moderation.REJECTED or self.is_meta


@dataclass(frozen=True, eq=False)
class AnalysisResult:
    """Everything :func:`assembly.analysis.run_analysis` computed, in pipeline order.

    Arrays over participants follow ``matrix.participant_ids``; arrays over statements follow
    ``matrix.statement_ids`` (statements with at least one vote).

    Attributes
    ----------
    method : {"stable", "polis"}
    seed : int
    version : str
        Assembly's version that produced the result.
    thresholds : Thresholds
        The statement categories' rules.
    matrix : VoteMatrix
        Latest votes; ``matrix.excluded`` marks rejected and meta statements.
    vote_counts : int64 array (n_participants,)
        Statements each participant voted on, passes and excluded statements included.
    eligible : bool array (n_participants,)
        Participants placed in opinion groups (pol.is ``in-conv``).
    pca : PCA
    participant_projection : float64 array (n_participants, 2)
        Every participant's place on the opinion map, eligible or not.
    statement_projection : float64 array (n_statements, 2)
        Where a participant agreeing with only that statement would sit.
    statement_extremity : float64 array (n_statements,)
        Length of ``statement_projection``.
    base_clusters : BaseClusters
        Over the eligible participants, in matrix row order.
    group_clustering : GroupClustering
    group_labels : int64 array (n_participants,)
        Opinion group of each participant, -1 when not placed.
    n_groups : int
    groups_given : bool
        The groups were given (e.g. pol.is's published ones), not formed by the analysis.
    structure : StructureTest or None
        Whether the votes hold more structure than chance ("stable" method; None for "polis" and
        for given groups). When they do not, ``n_groups`` is 1.
    group_stability : float64 array (n_groups,) or empty
        Each group's mean bootstrap Jaccard ("stable" method, 2 groups or more; else empty).
    silhouettes : dict of int to float
        Mean silhouette for each number of groups tried.
    overall_tallies : Tallies
        One row: every participant's latest votes.
    group_tallies : Tallies
        One row per opinion group: its members' latest votes.
    representative : list of list of RepresentativeStatement
        Per group.
    consensus : Consensus
    group_aware_consensus : float64 array (n_statements,)
    priorities : float64 array (n_statements,)
        Routing weight of each statement.
    categories : list of StatementCategories
        One per statement column.
    """

    method: Literal["polis", "stable"]
    seed: int
    version: str
    thresholds: Thresholds
    matrix: VoteMatrix
    vote_counts: NDArray[np.int64]
    eligible: NDArray[np.bool_]
    pca: PCA
    participant_projection: NDArray[np.float64]
    statement_projection: NDArray[np.float64]
    statement_extremity: NDArray[np.float64]
    base_clusters: BaseClusters
    group_clustering: GroupClustering
    group_labels: NDArray[np.int64]
    n_groups: int
    groups_given: bool
    structure: StructureTest | None
    group_stability: NDArray[np.float64]
    silhouettes: dict[int, float]
    overall_tallies: Tallies
    group_tallies: Tallies
    representative: list[list[RepresentativeStatement]]
    consensus: Consensus
    group_aware_consensus: NDArray[np.float64]
    priorities: NDArray[np.float64]
    categories: list[StatementCategories]
