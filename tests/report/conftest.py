"""Fixtures for the report tests: the hand-made consultation of consultation.py and its report."""

from __future__ import annotations

import copy

import pytest

from assembly.analysis.types import VoteLog
from assembly.dataset import Dataset
from tests.report.consultation import ANALYSIS, POSITIONS, THRESHOLDS, make_dataset


@pytest.fixture
def dataset() -> Dataset:
    return make_dataset()


@pytest.fixture
def analysis() -> dict:
    return copy.deepcopy(ANALYSIS)


@pytest.fixture
def positions() -> dict:
    return dict(POSITIONS)


@pytest.fixture
def thresholds() -> dict:
    return dict(THRESHOLDS)


@pytest.fixture
def report(dataset, analysis, positions, thresholds):
    """The hand-made consultation's report, with staff names, a measurement and checksums."""
    from assembly.report.compute import ComputeRecord
    from tests.report.consultation import report_from_json

    return report_from_json(
        dataset,
        analysis,
        positions=positions,
        thresholds=thresholds,
        group_names={"A": "Boundary-setters"},
        compute=ComputeRecord(0.42, 180_000_000),
        source_checksums={"votes.csv": "ab" * 32},
    )


@pytest.fixture
def empty_report(dataset, thresholds):
    """The same consultation before anyone voted."""
    from tests.report.consultation import report_from_json

    dataset.votes = VoteLog.empty()
    return report_from_json(dataset, None, positions=None, thresholds=thresholds)


@pytest.fixture
def rejected_text() -> str:
    """The text of the consultation's one rejected statement (id 3)."""
    return "BUY CHEAP WATCHES"
