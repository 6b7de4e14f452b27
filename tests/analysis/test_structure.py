"""No invented groups, no seed lottery (issue 12, items 1 and 3), as specifications.

- Votes drawn independently at random hold no opinion groups: the default method must say so
  (one group) on at least 18 of 20 data sets of each shape.
- Planted groups must be found, with a high stability figure.
- The default method's groups and flags do not change with the seed on any shipped conversation.

The data generators are written here (not ``assembly simulate``), so that what they plant is plain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.pipeline import run_analysis
from assembly.analysis.result import StatementInfo
from assembly.analysis.serialize import analysis_to_json
from assembly.analysis.structure import MAX_NULLS, detect_structure
from assembly.analysis.types import VoteLog
from assembly.polis import read_export
from tests.analysis.conftest import OPEN_DATA

DATA_SETS = 20
SHAPES = {  # participants, statements, share of cells voted
    "300x40 dense": (300, 40, 1.0),
    "1000x100 at 30%": (1000, 100, 0.3),
    "150x30 dense": (150, 30, 1.0),
}
CONVERSATIONS = sorted(p.name for p in OPEN_DATA.iterdir() if p.is_dir())


def random_votes(rng: np.random.Generator, n: int, m: int, density: float) -> VoteLog:
    """Independent votes: each statement has its own agree / disagree / pass margins (drawn from a
    Dirichlet, so some are lopsided), each participant votes on each statement with probability
    ``density``, and every vote is drawn independently of every other."""
    margins = rng.dirichlet([2.0, 2.0, 1.0], size=m)
    rows, cols = np.nonzero(rng.random((n, m)) < density)
    cumulative = np.cumsum(margins, axis=1)[cols]
    choice = (rng.random(len(cols))[:, None] > cumulative).sum(axis=1)
    values = np.array([1, -1, 0])[np.minimum(choice, 2)]
    return VoteLog.from_rows(rows, cols, values)


def planted_votes(rng: np.random.Generator) -> tuple[VoteLog, np.ndarray, np.ndarray]:
    """372 participants x 40 statements at 70% density; groups of 32% and 68%. On 10 statements the
    small group agrees with probability 0.8 and the large one 0.2 (else disagree); on the other 30
    both groups agree with the same, statement-specific probability. Returns the votes, each
    participant's planted group and the split statements."""
    n, m = 372, 40
    group = (np.arange(n) >= round(0.32 * n)).astype(np.int64)
    split = np.arange(10)
    agree = np.repeat(rng.uniform(0.2, 0.8, m)[None, :], 2, axis=0)
    agree[0, split], agree[1, split] = 0.8, 0.2
    rows, cols = np.nonzero(rng.random((n, m)) < 0.7)
    values = np.where(rng.random(len(rows)) < agree[group[rows], cols], 1, -1)
    return VoteLog.from_rows(rows, cols, values), group, split


@pytest.mark.parametrize("shape", SHAPES)
def test_random_votes_give_no_distinct_groups(shape: str) -> None:
    """Check that on at least 18 of 20 random data sets the default method reports one group, and
    that the published structure test then says why (p above 0.05)."""
    rng = np.random.default_rng(12)
    single = 0
    for _ in range(DATA_SETS):
        result = run_analysis(random_votes(rng, *SHAPES[shape]))
        assert result.structure is not None
        assert (result.n_groups == 1) == (not result.structure.distinct)
        if result.n_groups == 1:
            assert result.structure.p_value > 0.05
            assert len(result.group_stability) == 0
            single += 1
    assert single >= 18


def test_planted_groups_are_found_and_stable() -> None:
    """Check that two planted groups (32% / 68%, 10 of 40 statements split 80/20) pass the structure
    test with its smallest p-value, are found as two groups matching the planted ones, and score as
    highly stable (bootstrap Jaccard at least 0.85)."""
    log, planted, _ = planted_votes(np.random.default_rng(7))
    result = run_analysis(log)
    assert result.structure is not None and result.structure.distinct
    assert result.structure.p_value == pytest.approx(1 / (MAX_NULLS + 1))
    assert result.n_groups == 2
    found = result.group_labels[result.eligible]
    truth = planted[result.matrix.participant_ids[result.eligible]]
    agreement = max(np.mean(found == truth), np.mean(found == 1 - truth))
    assert agreement >= 0.95
    assert result.group_stability.shape == (2,) and np.all(result.group_stability >= 0.85)


def test_structure_test_stops_at_the_first_null_that_reaches_the_observed_value() -> None:
    """Check Besag-Clifford's sequential rule on a matrix with no structure: the test stops as soon as
    one null reaches the observed value, with p = 1 / (nulls drawn)."""
    matrix = build_vote_matrix(random_votes(np.random.default_rng(3), 150, 30, 1.0))
    test = detect_structure(matrix, np.ones(matrix.shape[0], bool))
    assert test.n_exceeding == 1 and test.null_max >= test.statistic
    assert test.p_value == pytest.approx(1 / test.n_nulls)
    assert not test.distinct


def test_structure_test_ignores_rows_outside_the_tested_set_and_excluded_statements() -> None:
    """Check that participants not placed in groups and rejected statements do not enter the
    statistic: adding such votes changes nothing."""
    log, _, _ = planted_votes(np.random.default_rng(1))
    matrix = build_vote_matrix(log)
    rows = np.ones(matrix.shape[0], bool)
    base = detect_structure(matrix, rows)
    extra = VoteLog.from_rows(
        np.concatenate([log.participant_ids, np.full(40, 10_000), np.arange(372)]),
        np.concatenate([log.statement_ids, np.arange(40), np.full(372, 99)]),
        np.concatenate([log.values, np.ones(40), np.where(np.arange(372) % 2, 1, -1)]),
    )
    bigger = build_vote_matrix(extra, excluded_statement_ids=[99])
    in_rows = bigger.participant_ids != 10_000
    assert detect_structure(bigger, in_rows) == base


def test_given_too_few_participants_the_structure_test_reports_no_groups() -> None:
    """Check the degenerate case: two participants cannot show structure (p = 1, not distinct)."""
    matrix = build_vote_matrix(VoteLog.from_rows([1, 1, 2, 2], [10, 11, 10, 11], [1, 1, -1, -1]))
    test = detect_structure(matrix, np.ones(2, bool))
    assert (test.distinct, test.p_value, test.n_nulls) == (False, 1.0, 0)


def _groups_and_flags(doc: dict[str, Any]) -> tuple[Any, ...]:
    flags = [(s["id"], sorted(s["flags"].items())) for s in doc["statements"]]
    return json.dumps(doc["groups"]), json.dumps(flags), json.dumps(doc["structure"])


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_groups_and_flags_do_not_change_with_the_seed(name: str) -> None:
    """Check that seeds 0 and 9 give the same groups (members and stability figures), the same
    flags and the same structure test on a shipped conversation: the default method's grouping
    reads no seed."""
    dataset = read_export(OPEN_DATA / name)
    infos = [StatementInfo(s.id, s.moderation, s.is_meta) for s in dataset.statements]
    docs = [
        analysis_to_json(run_analysis(dataset.votes, statements=infos, seed=seed), dataset) for seed in (0, 9)
    ]
    assert _groups_and_flags(docs[0]) == _groups_and_flags(docs[1])


def test_seed_is_still_recorded(open_data: Callable[[str], Any]) -> None:
    """Check that the seed a run was given is still recorded in its result, though the default
    method's groups do not depend on it."""
    conversation = open_data("london.youth.policing")
    assert run_analysis(conversation.votes, seed=5).seed == 5
