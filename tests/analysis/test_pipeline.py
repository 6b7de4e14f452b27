"""run_analysis end to end: invariants on any input, moderation, reproducibility, the public surface."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assembly
import assembly.analysis
from assembly.analysis.pipeline import run_analysis
from assembly.analysis.result import ANALYSIS_VERSION, AnalysisResult, StatementInfo
from assembly.analysis.types import Moderation, VoteLog

METHODS = ("polis", "stable")

votes_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 9), st.integers(-1, 1), st.integers(0, 50)),
    max_size=250,
)


def _log(events: list[tuple[int, int, int, int]]) -> VoteLog:
    if not events:
        return VoteLog.empty()
    p, s, v, t = zip(*events, strict=True)
    return VoteLog.from_rows(p, s, v, t)


def _planted_log(n: int = 80, n_statements: int = 15, seed: int = 0) -> VoteLog:
    """Three camps with different views, 25% of votes missing."""
    rng = np.random.default_rng(seed)
    views = rng.choice([-1, 1], size=(3, n_statements))
    events = []
    for p in range(n):
        for s in range(n_statements):
            if rng.random() < 0.25:
                continue
            vote = views[p % 3, s] if rng.random() < 0.9 else 0
            events.append((p, s, int(vote), int(rng.integers(0, 10_000))))
    return _log(events)


def _same(a: AnalysisResult, b: AnalysisResult) -> bool:
    """Bit-identical map, placement and groups."""
    return (
        np.array_equal(a.matrix.participant_ids, b.matrix.participant_ids)
        and np.array_equal(a.eligible, b.eligible)
        and np.array_equal(a.pca.center, b.pca.center)
        and np.array_equal(a.pca.components, b.pca.components)
        and np.array_equal(a.participant_projection, b.participant_projection)
        and np.array_equal(a.group_labels, b.group_labels)
        and a.silhouettes == b.silhouettes
    )


@settings(max_examples=60, deadline=None)
@given(votes_strategy, st.sampled_from(METHODS))
def test_any_votes_give_at_most_five_groups_covering_exactly_the_eligible(
    events: list[tuple[int, int, int, int]], method: str
) -> None:
    """Check that every eligible participant is in exactly one of at most 5 groups, and nobody else is."""
    result = run_analysis(_log(events), method=method)  # type: ignore[arg-type]
    assert 0 <= result.n_groups <= 5
    assert np.array_equal(result.group_labels >= 0, result.eligible)
    assert set(result.group_labels[result.eligible].tolist()) == set(range(result.n_groups))
    assert np.isfinite(result.participant_projection).all()
    assert result.group_tallies.agree.shape == (result.n_groups, result.matrix.shape[1])


@settings(max_examples=40, deadline=None)
@given(votes_strategy, st.sampled_from(METHODS))
def test_votes_on_a_rejected_statement_change_nothing_in_the_map_or_groups(
    events: list[tuple[int, int, int, int]], method: str
) -> None:
    """Check that changing every vote on a rejected statement leaves the map and the groups as they were."""
    rejected = 9
    flipped = [(p, s, -v if s == rejected else v, t) for p, s, v, t in events]
    infos = [StatementInfo(rejected, Moderation.REJECTED)]
    a = run_analysis(_log(events), statements=infos, method=method)  # type: ignore[arg-type]
    b = run_analysis(_log(flipped), statements=infos, method=method)  # type: ignore[arg-type]
    assert _same(a, b)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "events",
    [
        [],
        [(1, s, 1, s) for s in range(5)],
        [(p, 0, (-1) ** p, p) for p in range(20)],
        [(p, s, 0, p) for p in range(20) for s in range(8)],
        [(p, s, 1 if s % 2 else -1, p) for p in range(20) for s in range(8)],
    ],
    ids=["no-votes", "one-participant", "one-statement", "all-passes", "identical-participants"],
)
def test_degenerate_consultations_are_analysed(events: list[tuple[int, int, int, int]], method: str) -> None:
    """Check that tiny or uniform consultations give a result with every field the right shape."""
    result = run_analysis(_log(events), method=method)  # type: ignore[arg-type]
    n_participants, n_statements = result.matrix.shape
    assert result.eligible.shape == (n_participants,)
    assert result.priorities.shape == result.group_aware_consensus.shape == (n_statements,)
    assert len(result.categories) == n_statements
    assert result.n_groups <= max(n_participants, 0)


@pytest.mark.parametrize("method", METHODS)
def test_same_input_and_seed_give_bit_identical_results(method: str) -> None:
    """Check that two runs on the same votes agree to the last bit."""
    log = _planted_log()
    assert _same(run_analysis(log, method=method), run_analysis(log, method=method))  # type: ignore[arg-type]


def test_planted_camps_are_found() -> None:
    """Check that three camps voting differently come out as three groups, camp for camp."""
    result = run_analysis(_planted_log(n=120))
    camp = result.matrix.participant_ids % 3
    pairs = set(zip(camp.tolist(), result.group_labels.tolist(), strict=True))
    assert result.n_groups == 3 and len(pairs) == 3


def test_rejected_and_meta_statements_leave_the_opinion_math_pending_ones_stay() -> None:
    """Check which moderation states become excluded columns (pol.is mod-out = rejected or meta)."""
    log = _planted_log(n_statements=6)
    infos = [
        StatementInfo(0, Moderation.REJECTED),
        StatementInfo(1, Moderation.PENDING),
        StatementInfo(2, Moderation.ACCEPTED, is_meta=True),
        StatementInfo(3, Moderation.ACCEPTED),
    ]
    result = run_analysis(log, statements=infos)
    assert result.matrix.excluded.tolist() == [True, False, True, False, False, False]
    assert np.all(result.pca.components[:, [0, 2]] == 0)


def test_meta_statements_get_the_fixed_routing_priority() -> None:
    """Check that a meta statement's priority is pol.is's 7 squared."""
    result = run_analysis(_planted_log(n_statements=4), statements=[StatementInfo(1, is_meta=True)])
    assert result.priorities[1] == 49.0


def test_excluded_participants_leave_the_analysis() -> None:
    """Check that participants excluded by a moderator are not in the matrix or any count."""
    log = _planted_log()
    result = run_analysis(log, excluded_participant_ids=[0, 1, 2])
    assert not set(result.matrix.participant_ids.tolist()) & {0, 1, 2}
    assert result.overall_tallies.seen.sum() == result.matrix.n_cells


def test_group_tallies_count_the_votes_of_group_members_only() -> None:
    """Check that group tallies add up to the votes of eligible participants, overall ones to all votes."""
    events = [(p, s, 1, p) for p in range(30) for s in range(9)] + [(99, 0, 1, 1000)]
    result = run_analysis(_log(events))
    assert not result.eligible[result.matrix.participant_ids == 99].any()
    assert result.group_tallies.seen.sum() == 30 * 9
    assert result.overall_tallies.seen.sum() == 30 * 9 + 1


def test_polis_method_orders_participants_as_polis() -> None:
    """Check that "polis" rows follow pol.is (first statement voted, then id) and "stable" rows follow ids."""
    log = _log([(5, 0, 1, 0), (3, 1, 1, 1), (9, 0, -1, 2), (3, 2, 0, 3)])
    assert run_analysis(log, method="polis").matrix.participant_ids.tolist() == [5, 9, 3]
    assert run_analysis(log, method="stable").matrix.participant_ids.tolist() == [3, 5, 9]


def test_settings_are_recorded_in_the_result() -> None:
    """Check that method, seed and Assembly's version travel with the result."""
    result = run_analysis(_planted_log(), method="polis", seed=7)
    assert (result.method, result.seed, result.version) == ("polis", 7, assembly.__version__)
    assert ANALYSIS_VERSION == assembly.__version__


def test_a_statement_listed_twice_is_refused() -> None:
    """Check that duplicate statement ids raise ValueError naming the id."""
    with pytest.raises(ValueError, match=r"\[4\]"):
        run_analysis(_planted_log(), statements=[StatementInfo(4), StatementInfo(4, Moderation.REJECTED)])


def test_an_unknown_method_is_refused() -> None:
    """Check that a misspelt method raises ValueError before any work."""
    with pytest.raises(ValueError, match="'pollis'"):
        run_analysis(_planted_log(), method="pollis")  # type: ignore[arg-type]


def test_every_public_name_resolves() -> None:
    """Check that assembly.analysis exports exactly the names in __all__, each importable."""
    for name in assembly.analysis.__all__:
        assert getattr(assembly.analysis, name) is not None
    with pytest.raises(AttributeError):
        assembly.analysis.not_a_step  # noqa: B018
