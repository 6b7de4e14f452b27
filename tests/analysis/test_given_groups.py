"""Reproducing pol.is's published groups (issue 12, item 5): given pol.is's groups, everything else is
computed for them, and equals pol.is's own math output on the math fixtures.

``run_analysis(given_groups=...)`` is what ``assembly analyze --polis-groups`` and ``assembly report
--polis-groups`` call with the group ids of an export's participants-votes.csv.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assembly.analysis.pipeline import run_analysis
from assembly.analysis.result import AnalysisResult, StatementInfo
from assembly.analysis.types import VoteLog
from assembly.cli import main
from tests.analysis.conftest import OPEN_DATA, load_open_data, load_polis_fixture
from tests.analysis.test_parity_statistics import NAMES, PRIORITY_NAMES, TOLERANCE

CSV_EXPORT = OPEN_DATA / "scoop-hivemind.taxes"


def _polis_groups(math: dict) -> dict[int, int]:
    """pol.is's groups from its math output: each group's base clusters expanded to participants."""
    base = math["base-clusters"]
    members = dict(zip(base["id"], base["members"], strict=True))
    return {
        int(pid): int(group["id"])
        for group in math["group-clusters"]
        for b in group["members"]
        for pid in members[b]
    }


def _given_run(name: str) -> tuple[AnalysisResult, dict]:
    fixture = load_polis_fixture(name)
    infos = [StatementInfo(s, m, fixture.is_meta.get(s, False)) for s, m in fixture.moderation.items()]
    result = run_analysis(
        fixture.votes, statements=infos, method="polis", given_groups=_polis_groups(fixture.math)
    )
    return result, fixture.math


@pytest.mark.parametrize("name", NAMES)
def test_given_polis_groups_reproduce_polis_statistics(name: str) -> None:
    """Check that with pol.is's groups given, group votes, representative statements, consensus and
    group-aware consensus equal pol.is's math output for every group and statement."""
    result, math = _given_run(name)
    assert result.groups_given and result.structure is None and len(result.group_stability) == 0
    assert result.n_groups == len(math["group-clusters"])
    sids = result.matrix.statement_ids
    for g, group in enumerate(math["group-clusters"]):
        stored = math["group-votes"][str(group["id"])]["votes"]
        for j, sid in enumerate(sids):
            entry = stored.get(str(sid), {"A": 0, "D": 0, "S": 0})
            t = result.group_tallies
            assert (t.agree[g, j], t.disagree[g, j], t.seen[g, j]) == (entry["A"], entry["D"], entry["S"])
        mine, theirs = result.representative[g], math["repness"][str(group["id"])]
        assert [(r.statement_id, r.direction) for r in mine] == [(s["tid"], s["repful-for"]) for s in theirs]
        for r, s in zip(mine, theirs, strict=True):
            assert (r.n_success, r.n_trials) == (s["n-success"], s["n-trials"])
            assert abs(r.repness - s["repness"]) < TOLERANCE and abs(r.p_test - s["p-test"]) < TOLERANCE
    for direction in ("agree", "disagree"):
        mine_c = getattr(result.consensus, direction)
        assert [c.statement_id for c in mine_c] == [c["tid"] for c in math["consensus"][direction]]
    expected = np.array([math["group-aware-consensus"][str(s)] for s in sids])
    assert np.max(np.abs(result.group_aware_consensus - expected)) < TOLERANCE


@pytest.mark.parametrize("name", PRIORITY_NAMES)
def test_given_polis_groups_are_placed_exactly_as_given(name: str) -> None:
    """Check that every participant pol.is grouped is in the same group, and nobody else is placed."""
    result, math = _given_run(name)
    given = _polis_groups(math)
    order = sorted({g for g in given.values()})
    for pid, label in zip(result.matrix.participant_ids, result.group_labels, strict=True):
        assert label == (order.index(given[int(pid)]) if int(pid) in given else -1)
    assert result.eligible.sum() == sum(int(p) in given for p in result.matrix.participant_ids)


def test_given_groups_that_place_nobody_are_refused() -> None:
    """Check that groups naming no participant who voted are an error, not an empty analysis."""
    log = VoteLog.from_rows([1, 2], [10, 10], [1, -1])
    with pytest.raises(ValueError, match="places none of the participants"):
        run_analysis(log, given_groups={99: 0})


def test_analyze_polis_groups_uses_the_exports_group_ids(capsys: pytest.CaptureFixture[str]) -> None:
    """Check that ``assembly analyze --polis-groups --json`` groups exactly the participants of
    participants-votes.csv with a group id, as pol.is grouped them, and says the groups were given."""
    assert main(["analyze", str(CSV_EXPORT), "--polis-groups", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    published = load_open_data(CSV_EXPORT.name).math["groups"]
    assert doc["group_source"] == "given" and doc["structure"] is None
    ids = sorted(set(published.values()))
    assert [g["members"] for g in doc["groups"]] == [
        sorted(p for p, g in published.items() if g == gid) for gid in ids
    ]
    assert all(g["stability"] is None for g in doc["groups"])


def test_polis_groups_without_group_ids_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that --polis-groups on an export without participants-votes.csv exits 1 naming the option."""
    for name in ("comments.csv", "votes.csv"):
        (tmp_path / name).write_bytes((CSV_EXPORT / name).read_bytes())
    assert main(["analyze", str(tmp_path), "--polis-groups"]) == 1
    err = capsys.readouterr().err
    assert "--polis-groups: the source assigns no opinion groups" in err and err.count("\n") == 1


def test_report_polis_groups_writes_the_given_groups(tmp_path: Path) -> None:
    """Check that ``assembly report --polis-groups`` writes a report whose analysis has the given groups."""
    out = tmp_path / "out"
    assert (
        main(
            [
                "report",
                str(CSV_EXPORT),
                "--polis-groups",
                "--out",
                str(out),
                "--format",
                "json",
                "--no-compute",
            ]
        )
        == 0
    )
    analysis = json.loads((out / "report.json").read_text(encoding="utf-8"))["analysis"]
    assert analysis["group_source"] == "given"
    assert len(analysis["groups"]) == len(set(load_open_data(CSV_EXPORT.name).math["groups"].values()))
