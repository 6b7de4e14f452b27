"""Specification of the analysis JSON document (docs/reference/analysis-json.md)."""

from __future__ import annotations

import csv
import json
import pathlib

import pytest

from assembly.analysis.serialize import analysis_to_json, participant_positions, run_record_analysis
from assembly.analysis.types import Moderation, VoteLog
from assembly.dataset import Dataset, Statement

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOP_LEVEL_KEYS = {
    "participants",
    "in_conv",
    "groups",
    "statements",
    "repness",
    "consensus",
    "pca",
    "priorities",
    "group_source",
    "structure",
    "method",
    "seed",
    "version",
    "format_version",
    "thresholds",
}


def _tiny_dataset() -> Dataset:
    # Two camps of 10 participants over 8 statements; statement 7 is rejected, statement 8 has no votes.
    pids, sids, values = [], [], []
    for p in range(20):
        for s in range(8):
            camp = 1 if p < 10 else -1
            value = camp if s % 2 == 0 else -camp
            if s == 5:
                value = 1  # everyone agrees with statement 5
            pids.append(p)
            sids.append(s)
            values.append(value)
    statements = [Statement(id=s, text=f"statement {s}") for s in range(9)]
    statements[7].moderation = Moderation.REJECTED
    return Dataset(statements=statements, votes=VoteLog.from_rows(pids, sids, values), name="tiny")


@pytest.fixture(scope="module")
def tiny_doc() -> dict:
    dataset = _tiny_dataset()
    return analysis_to_json(run_record_analysis(dataset, seed=3), dataset)


def test_document_has_exactly_the_documented_top_level_keys(tiny_doc: dict) -> None:
    """Check that the document's top-level keys are exactly the documented ones."""
    assert set(tiny_doc) == TOP_LEVEL_KEYS
    assert tiny_doc["method"] == "stable" and tiny_doc["seed"] == 3


def test_document_is_json_serialisable_and_deterministic() -> None:
    """Check that two runs with the same seed give the same JSON text."""
    dataset = _tiny_dataset()
    first = json.dumps(analysis_to_json(run_record_analysis(dataset, seed=1), dataset))
    second = json.dumps(analysis_to_json(run_record_analysis(dataset, seed=1), dataset))
    assert first == second


def test_statement_counts_are_latest_votes_of_all_participants(tiny_doc: dict) -> None:
    """Check that each statement's agree / disagree / pass counts equal a hand count of the votes."""
    by_id = {s["id"]: s for s in tiny_doc["statements"]}
    assert (by_id[0]["agree"], by_id[0]["disagree"], by_id[0]["pass"]) == (10, 10, 0)
    assert (by_id[5]["agree"], by_id[5]["disagree"], by_id[5]["pass"]) == (20, 0, 0)


def test_unvoted_statement_is_listed_with_zero_counts_and_no_flags(tiny_doc: dict) -> None:
    """Check that a statement nobody voted on appears with zero counts, no flags and a null GAC."""
    s8 = next(s for s in tiny_doc["statements"] if s["id"] == 8)
    assert (s8["agree"], s8["disagree"], s8["pass"]) == (0, 0, 0)
    assert s8["flags"] == {} and s8["group_aware_consensus"] is None


def test_rejected_statement_carries_its_state_and_no_flags(tiny_doc: dict) -> None:
    """Check that a rejected statement is marked rejected and is never flagged into a category."""
    s7 = next(s for s in tiny_doc["statements"] if s["id"] == 7)
    assert s7["moderation"] == "rejected"
    assert s7["flags"] == {}
    assert 7 not in [r["statement"] for reps in tiny_doc["repness"].values() for r in reps]


def test_groups_partition_the_eligible_participants(tiny_doc: dict) -> None:
    """Check that every in_conv participant is in exactly one group, and the two planted camps are found."""
    members = [p for g in tiny_doc["groups"] for p in g["members"]]
    assert sorted(members) == sorted(tiny_doc["in_conv"])
    assert len(members) == len(set(members))
    camps = sorted(sorted(g["members"]) for g in tiny_doc["groups"])
    assert camps == [list(range(10)), list(range(10, 20))]


def test_consensus_statement_is_flagged_and_listed(tiny_doc: dict) -> None:
    """Check that a statement everyone agrees with is flagged consensus and is in pol.is's agree list."""
    s5 = next(s for s in tiny_doc["statements"] if s["id"] == 5)
    assert s5["flags"].get("consensus") == "clear"
    assert 5 in [c["statement"] for c in tiny_doc["consensus"]["agree"]]


def test_positions_cover_every_voter() -> None:
    """Check that the opinion-map positions name every participant who voted."""
    dataset = _tiny_dataset()
    positions = participant_positions(run_record_analysis(dataset))
    assert sorted(positions) == list(range(20))


def test_counts_match_participants_votes_csv_on_real_data() -> None:
    """Check that on a real export each statement's counts equal participants-votes.csv's latest votes."""
    from assembly.polis import read_export

    folder = ROOT / "data" / "polis-open-data" / "scoop-hivemind.taxes"
    dataset = read_export(folder)
    doc = analysis_to_json(run_record_analysis(dataset), dataset)
    expected: dict[int, list[int]] = {}
    with open(folder / "participants-votes.csv", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        first = header.index("n-disagree") + 1
        for row in reader:
            for sid, cell in zip(header[first:], row[first:], strict=True):
                counts = expected.setdefault(int(sid), [0, 0, 0])
                if cell.strip():
                    counts[{1: 0, -1: 1, 0: 2}[int(float(cell))]] += 1
    got = {s["id"]: [s["agree"], s["disagree"], s["pass"]] for s in doc["statements"] if s["id"] in expected}
    assert got == expected
    assert doc["participants"] == sum(1 for _ in open(folder / "participants-votes.csv")) - 1
