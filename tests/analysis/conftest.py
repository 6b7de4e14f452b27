"""Loaders for the reference data used by the analysis tests.

Two sources, both read with the standard library only (the import package is tested on its own):

- ``tests/fixtures/polis-math/<name>/``: pol.is API dumps (``votes.json``, ``comments.json``) and
  pol.is's own math output (``math-pca2.json``). These ``votes.json`` files hold agree = +1 (as
  red-dwarf saved them), not the raw API's -1: ``comments.json``'s ``agree_count`` equals the number
  of +1 votes, and authors' votes on their own statements are mostly +1 (28 of 43, 46 of 57, 16 of
  26; the rest passes or -1). ``math-pca2.json`` itself is in pol.is's agree = -1 convention.
- ``data/polis-open-data/<name>/``: pol.is openData CSV exports (agree = +1 already).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from assembly.analysis.types import Moderation, VoteLog

ROOT = Path(__file__).resolve().parents[2]
POLIS_FIXTURES = ROOT / "tests" / "fixtures" / "polis-math"
OPEN_DATA = ROOT / "data" / "polis-open-data"


@dataclass(frozen=True)
class Conversation:
    """Votes and statement flags of one conversation, plus pol.is's stored answers."""

    name: str
    votes: VoteLog
    moderation: dict[int, Moderation]
    is_meta: dict[int, bool]
    math: dict[str, Any]  # math-pca2.json for fixtures; {"groups": {participant id: group id}} for openData

    @property
    def excluded_statement_ids(self) -> list[int]:
        """Rejected or meta statements (pol.is ``mod-out``)."""
        return sorted(
            s for s, m in self.moderation.items() if m is Moderation.REJECTED or self.is_meta.get(s, False)
        )


def _field(row: dict[str, Any], *names: str) -> Any:
    for name in names:
        if name in row:
            return row[name]
    raise KeyError(names)


@cache
def load_polis_fixture(name: str) -> Conversation:
    """Read one pol.is API dump; both field spellings (pid/tid and participant_id/statement_id) occur."""
    folder = POLIS_FIXTURES / name
    votes = json.loads((folder / "votes.json").read_text())
    comments = json.loads((folder / "comments.json").read_text())
    log = VoteLog.from_rows(
        [_field(v, "pid", "participant_id") for v in votes],
        [_field(v, "tid", "statement_id") for v in votes],
        [int(v["vote"]) for v in votes],  # already agree = +1 (see the module docstring)
        [float(v["modified"]) for v in votes],
    )
    moderation = {
        int(_field(c, "tid", "statement_id")): Moderation.from_polis(_field(c, "mod", "moderated"))
        for c in comments
    }
    is_meta = {int(_field(c, "tid", "statement_id")): bool(c["is_meta"]) for c in comments}
    math = json.loads((folder / "math-pca2.json").read_text())
    return Conversation(name, log, moderation, is_meta, math)


@cache
def load_open_data(name: str) -> Conversation:
    """Read an openData export: votes.csv, comments.csv and the group ids of participants-votes.csv."""
    folder = OPEN_DATA / name
    with (folder / "votes.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    log = VoteLog.from_rows(
        [int(r["voter-id"]) for r in rows],
        [int(r["comment-id"]) for r in rows],
        [int(float(r["vote"])) for r in rows],
        [float(r["timestamp"]) for r in rows],
    )
    with (folder / "comments.csv").open(newline="") as f:
        comments = list(csv.DictReader(f))
    moderation = {int(c["comment-id"]): Moderation.from_polis(int(c["moderated"])) for c in comments}
    is_meta = {int(c["comment-id"]): c.get("is-meta", "false").strip().lower() == "true" for c in comments}
    with (folder / "participants-votes.csv").open(newline="") as f:
        groups = {
            int(r["participant"]): int(r["group-id"]) for r in csv.DictReader(f) if r["group-id"].strip()
        }
    return Conversation(name, log, moderation, is_meta, {"groups": groups})


@pytest.fixture
def polis_fixture() -> Callable[[str], Conversation]:
    """Load a pol.is math fixture by folder name."""
    return load_polis_fixture


@pytest.fixture
def open_data() -> Callable[[str], Conversation]:
    """Load an openData conversation by folder name."""
    return load_open_data
