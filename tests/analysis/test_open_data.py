"""Groups from raw votes on real pol.is conversations (openData), compared with the export's groups.

As in docs/explanation/polis-math.md §5.2, the participants clustered are the export's grouped set (non-blank
group-id): pol.is's own set comes from a history the export does not fully preserve. Agreement is
the adjusted Rand index over grouped participants. The minimums are those the pol.is algorithm
itself reaches from a cold start (§5.2: 1.00, 0.99 and 0.81).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from assembly.analysis.clustering import cluster_base, cluster_groups
from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.pipeline import run_analysis
from assembly.analysis.projection import fit_pca, project_participants
from assembly.analysis.result import AnalysisResult, StatementInfo
from assembly.analysis.types import VoteLog

POLIS_MINIMUM = {
    "bg2050-volunteers": 0.95,
    "scoop-hivemind.biodiversity": 0.95,
    "scoop-hivemind.taxes": 0.75,
}
STABLE_MINIMUM = 0.75


def _groups_of_export_set(conversation: Any, method: str) -> tuple[dict[int, int], int]:
    """Group label of each participant the export grouped, computed from the raw votes."""
    matrix = build_vote_matrix(
        conversation.votes,
        excluded_statement_ids=conversation.excluded_statement_ids,
        row_order="polis" if method == "polis" else "sorted",
    )
    points = project_participants(matrix, fit_pca(matrix, method=method))  # type: ignore[arg-type]
    grouped = np.isin(matrix.participant_ids, list(conversation.math["groups"]))
    base = cluster_base(points[grouped], method=method)  # type: ignore[arg-type]
    groups = cluster_groups(base, method=method)  # type: ignore[arg-type]
    labels = groups.labels[base.labels]
    return dict(zip(matrix.participant_ids[grouped].tolist(), labels.tolist(), strict=True)), groups.n_groups


def _agreement(ours: dict[int, int], theirs: dict[int, int]) -> float:
    ids = sorted(theirs)
    return float(adjusted_rand_score([theirs[i] for i in ids], [ours[i] for i in ids]))


def _statements(conversation: Any) -> list[StatementInfo]:
    return [
        StatementInfo(sid, moderation, conversation.is_meta.get(sid, False))
        for sid, moderation in conversation.moderation.items()
    ]


@pytest.mark.parametrize("name", sorted(POLIS_MINIMUM))
def test_polis_method_finds_the_exports_groups(name: str, open_data: Callable[[str], Any]) -> None:
    """Check that pol.is's cold start from raw votes gives the export's number of groups and its partition."""
    conversation = open_data(name)
    ours, n_groups = _groups_of_export_set(conversation, "polis")
    assert n_groups == len(set(conversation.math["groups"].values()))
    assert _agreement(ours, conversation.math["groups"]) >= POLIS_MINIMUM[name]


@pytest.mark.parametrize("name", sorted(POLIS_MINIMUM))
def test_stable_method_agrees_with_the_exports_groups(name: str, open_data: Callable[[str], Any]) -> None:
    """Check that the order-independent groups still largely agree with pol.is's."""
    conversation = open_data(name)
    ours, _ = _groups_of_export_set(conversation, "stable")
    assert _agreement(ours, conversation.math["groups"]) >= STABLE_MINIMUM


def _shuffled_rows(votes: VoteLog, rng: np.random.Generator) -> VoteLog:
    order = rng.permutation(len(votes))
    assert votes.timestamps is not None
    return VoteLog(
        votes.participant_ids[order], votes.statement_ids[order], votes.values[order], votes.timestamps[order]
    )


def _identical(a: AnalysisResult, b: AnalysisResult) -> bool:
    return (
        np.array_equal(a.eligible, b.eligible)
        and np.array_equal(a.pca.center, b.pca.center)
        and np.array_equal(a.pca.components, b.pca.components)
        and np.array_equal(a.participant_projection, b.participant_projection)
        and np.array_equal(a.group_labels, b.group_labels)
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(POLIS_MINIMUM))
def test_stable_results_do_not_depend_on_the_order_of_vote_rows(
    name: str, open_data: Callable[[str], Any]
) -> None:
    """Check that 10 shuffles of the vote rows give bit-identical placement, map and groups."""
    conversation = open_data(name)
    statements = _statements(conversation)
    reference = run_analysis(conversation.votes, statements=statements)
    rng = np.random.default_rng(11)
    for _ in range(10):
        shuffled = run_analysis(_shuffled_rows(conversation.votes, rng), statements=statements)
        assert _identical(reference, shuffled)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(POLIS_MINIMUM))
def test_stable_groups_survive_relabelled_participants(name: str, open_data: Callable[[str], Any]) -> None:
    """Check that renaming every participant (a random permutation of ids) leaves the groups (ARI >= 0.95)."""
    conversation = open_data(name)
    votes = conversation.votes
    ids = np.unique(votes.participant_ids)
    new_id = dict(zip(ids.tolist(), np.random.default_rng(5).permutation(ids).tolist(), strict=True))
    renamed = VoteLog(
        np.array([new_id[p] for p in votes.participant_ids.tolist()], dtype=np.int64),
        votes.statement_ids,
        votes.values,
        votes.timestamps,
    )
    statements = _statements(conversation)
    before, after = run_analysis(votes, statements=statements), run_analysis(renamed, statements=statements)
    label_before = dict(
        zip(before.matrix.participant_ids.tolist(), before.group_labels.tolist(), strict=True)
    )
    label_after = dict(zip(after.matrix.participant_ids.tolist(), after.group_labels.tolist(), strict=True))
    pairs = [(label_before[p], label_after[new_id[p]]) for p in ids.tolist()]
    grouped = [(a, b) for a, b in pairs if a >= 0 and b >= 0]
    assert len(grouped) >= 0.99 * sum(a >= 0 for a, _ in pairs)
    assert adjusted_rand_score(*zip(*grouped, strict=True)) >= 0.95
