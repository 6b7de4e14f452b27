"""Specification of the plain-text summary and the paper's share notation."""

from __future__ import annotations

import json
from pathlib import Path

from assembly.analysis.document import AnalysisDocument, VoteCounts
from assembly.analysis.summary import format_shares, format_summary

EXAMPLE = Path(__file__).parent / "data" / "analysis-v1-london-youth-policing.json"


def test_shares_use_the_papers_notation() -> None:
    """Check that shares print as the paper prints them: shares of all votes on the statement."""
    assert format_shares(VoteCounts(91, 3, 5)) == "(92% agree, 3% disagree, 5% pass)"  # 99 votes
    assert format_shares(VoteCounts(7, 2, 1)) == "(70% agree, 20% disagree, 10% pass)"


def test_summary_headings_are_the_vocabularys_with_the_documents_thresholds() -> None:
    """Check that each category heading carries the title and the threshold the document holds."""
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    raw["format_version"] = 2
    raw["thresholds"] = {"consensus": 0.7}
    text = format_summary(AnalysisDocument.from_json(raw))
    assert "\nConsensus (70% or more agree): " in text
    assert "\nMajority disagrees (60% or more disagree): " in text
    assert "\nFriction between opinion groups (support differs by 30 points or more): " in text
    assert "\nUncertainty (30% or more pass): " in text
