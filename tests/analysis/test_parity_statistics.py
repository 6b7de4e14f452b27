"""Parity of the statistics with pol.is's own output (docs/explanation/polis-math.md §8, check 8).

Each fixture holds the votes pol.is saw and the ``math-pca2.json`` its math worker produced. Given
pol.is's own groups (each group's base clusters expanded to participants), our tallies,
representative statements, consensus, group-aware consensus and priorities must equal pol.is's.

Sign: these ``votes.json`` files were saved by red-dwarf, which had already negated pol.is's
agree = -1, so they hold agree = +1 (our convention) and are read as they are. The first test
pins that down.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assembly.analysis.consensus import find_consensus, group_aware_consensus
from assembly.analysis.matrix import VoteMatrix, build_vote_matrix
from assembly.analysis.priority import statement_priorities
from assembly.analysis.representative import select_representative_statements
from assembly.analysis.tallies import Tallies, tally_votes
from assembly.analysis.types import VoteLog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "polis-math"
NAMES = ("below-100-ptpts", "25ptpt-3gp-no-strict-with-meta", "50ptpt-3gp-strict-no-meta")
# 50ptpt was computed while pol.is's truthy-0 bug (#1961, 2025) set every priority to 49.
PRIORITY_NAMES = ("below-100-ptpts", "25ptpt-3gp-no-strict-with-meta")
TOLERANCE = 1e-9


def _get(row: dict[str, Any], *names: str) -> Any:
    """A field under either spelling the fixtures use (pid/tid or participant_id/statement_id)."""
    return next(row[n] for n in names if n in row)


@dataclass(frozen=True)
class Case:
    """One fixture read into our types, with pol.is's stored output."""

    matrix: VoteMatrix
    groups: Tallies
    overall: Tallies
    group_ids: list[int]
    math: dict[str, Any]
    authors: dict[int, int]

    def column(self, statement_id: int) -> int:
        return int(np.searchsorted(self.matrix.statement_ids, statement_id))


@cache
def load(name: str) -> Case:
    folder = FIXTURES / name
    votes = json.loads((folder / "votes.json").read_text())
    comments = json.loads((folder / "comments.json").read_text())
    math = json.loads((folder / "math-pca2.json").read_text())
    log = VoteLog.from_rows(
        [_get(v, "pid", "participant_id") for v in votes],
        [_get(v, "tid", "statement_id") for v in votes],
        [int(v["vote"]) for v in votes],  # already agree = +1 (see the module docstring)
        [float(v["modified"]) for v in votes],
    )
    matrix = build_vote_matrix(log, excluded_statement_ids=math["mod-out"])
    base = math["base-clusters"]
    members = dict(zip(base["id"], base["members"], strict=True))
    group_of = {
        pid: index
        for index, group in enumerate(math["group-clusters"])
        for base_id in group["members"]
        for pid in members[base_id]
    }
    labels = np.array([group_of.get(int(p), -1) for p in matrix.participant_ids], dtype=np.int64)
    n_groups = len(math["group-clusters"])
    return Case(
        matrix=matrix,
        groups=tally_votes(matrix, labels, n_groups=n_groups),
        overall=tally_votes(matrix, np.zeros(matrix.shape[0], dtype=np.int64)),
        group_ids=[g["id"] for g in math["group-clusters"]],
        math=math,
        authors={
            int(_get(c, "tid", "statement_id")): int(_get(c, "pid", "participant_id")) for c in comments
        },
    )


@pytest.mark.parametrize("name", NAMES)
def test_fixture_votes_already_use_agree_positive(name: str) -> None:
    """Check that authors' own votes are mostly +1 in votes.json, so +1 means agree there.

    pol.is makes every author agree with their own statement when submitting it.
    """
    case = load(name)
    m = case.matrix
    pairs = zip(m.participant_ids[m.row].tolist(), m.statement_ids[m.col].tolist(), strict=True)
    own = np.array([case.authors.get(statement) == participant for participant, statement in pairs])
    own_votes = m.value[own]
    assert (own_votes == 1).sum() > 0.6 * (own_votes != 0).sum()


@pytest.mark.parametrize("name", NAMES)
def test_columns_are_polis_statement_order(name: str) -> None:
    """Check that the matrix columns are pol.is's ``tids`` (the order every comparison relies on)."""
    case = load(name)
    assert case.matrix.statement_ids.tolist() == case.math["tids"]


@pytest.mark.parametrize("name", NAMES)
def test_group_tallies_equal_polis_group_votes(name: str) -> None:
    """Check that A, D and S per group and statement equal pol.is's ``group-votes``."""
    case = load(name)
    for g, gid in enumerate(case.group_ids):
        stored = case.math["group-votes"][str(gid)]["votes"]
        for j, sid in enumerate(case.matrix.statement_ids):
            entry = stored.get(str(sid), {"A": 0, "D": 0, "S": 0})
            ours = (case.groups.agree[g, j], case.groups.disagree[g, j], case.groups.seen[g, j])
            assert ours == (entry["A"], entry["D"], entry["S"]), (gid, int(sid))


@pytest.mark.parametrize("name", NAMES)
def test_group_aware_consensus_equals_polis(name: str) -> None:
    """Check that group-aware consensus equals pol.is's for every statement, excluded ones included."""
    case = load(name)
    stored = case.math["group-aware-consensus"]
    ours = group_aware_consensus(case.groups)
    assert len(stored) == len(ours)
    expected = np.array([stored[str(s)] for s in case.matrix.statement_ids])
    assert np.max(np.abs(ours - expected)) < TOLERANCE


@pytest.mark.parametrize("name", PRIORITY_NAMES)
def test_priorities_equal_polis(name: str) -> None:
    """Check that priorities from the group counts and stored extremity equal pol.is's.

    pol.is uses the previous update's counts; these blobs were quiescent, so those are the current ones.
    """
    case = load(name)
    is_meta = np.isin(case.matrix.statement_ids, case.math["meta-tids"])
    ours = statement_priorities(case.groups, case.math["pca"]["comment-extremity"], is_meta=is_meta)
    stored = case.math["comment-priorities"]
    expected = np.array([stored[str(s)] for s in case.matrix.statement_ids])
    assert np.max(np.abs(ours - expected)) < TOLERANCE


@pytest.mark.parametrize("name", NAMES)
def test_consensus_equals_polis(name: str) -> None:
    """Check that both consensus lists equal pol.is's: same statements, order and every field."""
    case = load(name)
    ours = find_consensus(
        case.overall, statement_ids=case.matrix.statement_ids, excluded=case.matrix.excluded
    )
    for direction in ("agree", "disagree"):
        stored = case.math["consensus"][direction]
        mine = getattr(ours, direction)
        assert [e.statement_id for e in mine] == [e["tid"] for e in stored]
        for e, s in zip(mine, stored, strict=True):
            assert (e.n_success, e.n_trials) == (s["n-success"], s["n-trials"])
            assert e.p_success == pytest.approx(s["p-success"], abs=TOLERANCE)
            assert e.p_test == pytest.approx(s["p-test"], abs=TOLERANCE)
            assert e.column == case.column(e.statement_id)


@pytest.mark.parametrize("name", NAMES)
def test_representative_statements_equal_polis(name: str) -> None:
    """Check that each group's representative statements equal pol.is's ``repness``, entry by entry.

    repness-test is compared as float32 (pol.is stores it as a Java float and prints its shortest text).
    """
    case = load(name)
    ours = select_representative_statements(
        case.groups, statement_ids=case.matrix.statement_ids, excluded=case.matrix.excluded
    )
    for g, gid in enumerate(case.group_ids):
        stored = case.math["repness"][str(gid)]
        assert [e.statement_id for e in ours[g]] == [e["tid"] for e in stored], gid
        for e, s in zip(ours[g], stored, strict=True):
            assert e.direction == s["repful-for"]
            assert (e.n_success, e.n_trials) == (s["n-success"], s["n-trials"])
            assert e.p_success == pytest.approx(s["p-success"], abs=TOLERANCE)
            assert e.p_test == pytest.approx(s["p-test"], abs=TOLERANCE)
            assert e.repness == pytest.approx(s["repness"], abs=TOLERANCE)
            assert np.float32(e.repness_test) == np.float32(s["repness-test"])
            assert e.best_agree == s.get("best-agree", False)
            assert e.n_agree == s.get("n-agree")
