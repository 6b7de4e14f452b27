"""Shared helpers for the pol.is import / export tests: the shipped data and small hand-made exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assembly.dataset import Dataset

ROOT = Path(__file__).resolve().parents[2]
OPEN_DATA = ROOT / "data" / "polis-open-data"
POLIS_FIXTURES = ROOT / "tests" / "fixtures" / "polis-math"
CONVERSATIONS = sorted(p for p in OPEN_DATA.iterdir() if p.is_dir())
FIXTURES = sorted(p for p in POLIS_FIXTURES.iterdir() if p.is_dir())


@pytest.fixture(params=CONVERSATIONS, ids=lambda p: p.name)
def conversation(request: pytest.FixtureRequest) -> Path:
    """Each openData conversation folder in turn."""
    return request.param


@pytest.fixture(params=FIXTURES, ids=lambda p: p.name)
def api_fixture(request: pytest.FixtureRequest) -> Path:
    """Each pol.is API JSON fixture folder in turn."""
    return request.param


@pytest.fixture
def make_export(tmp_path: Path) -> Callable[..., Path]:
    """Write a small export folder: ``make_export(votes="...", comments="...")`` -> folder path.

    Keyword names map to file names (``participants_votes`` -> ``participants-votes.csv``); values
    are the file's text, or bytes written as they are.
    """

    def make(folder: str = "export", **files: str | bytes) -> Path:
        directory = tmp_path / folder
        directory.mkdir(parents=True, exist_ok=True)
        for key, content in files.items():
            name = key.replace("_", "-")
            name = name if "." in name else f"{name}.csv"
            path = directory / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return directory

    return make


def assert_same_dataset(a: Dataset, b: Dataset, *, summary: bool = True) -> None:
    """Statements, every vote row (order, values, times), participants and, optionally, the summary."""
    assert a.statements == b.statements
    for field in ("participant_ids", "statement_ids", "values"):
        np.testing.assert_array_equal(getattr(a.votes, field), getattr(b.votes, field), err_msg=field)
    if a.votes.timestamps is None or b.votes.timestamps is None:
        assert a.votes.timestamps is None and b.votes.timestamps is None
    else:
        np.testing.assert_array_equal(a.votes.timestamps, b.votes.timestamps)
    assert a.participants == b.participants
    if summary:
        assert a.summary == b.summary


@pytest.fixture
def same_dataset() -> Callable[..., None]:
    """The dataset comparison, as a fixture (test modules do not import conftest)."""
    return assert_same_dataset
