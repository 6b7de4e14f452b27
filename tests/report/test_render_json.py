"""The JSON report."""

import json

from assembly.report.render_json import render_json


def test_json_holds_the_sections_and_the_analysis(report):
    """Check the top-level keys, a headline figure, a statement's notation and the group labels."""
    doc = json.loads(render_json(report))
    assert (doc["format"], doc["format_version"]) == ("assembly-report", 1)
    r = doc["report"]
    assert r["headline"]["vote_records"] == 40
    statement = next(s for s in r["statements"] if s["id"] == 2)
    assert statement["notation"] == "(33% agree, 11% disagree, 56% pass)"
    assert statement["shares"] == {
        "agree": 3,
        "disagree": 1,
        "pass": 5,
        "votes": 9,
        "agree_pct": 33,
        "disagree_pct": 11,
        "pass_pct": 56,
    }
    assert [g["label"] for g in r["groups"]] == ["Boundary-setters", "Group B"]
    assert "map_points" not in r and doc["analysis"]["method"] == "stable"


def test_rejected_statements_appear_only_in_the_moderation_section(report, rejected_text):
    """Check that the rejected statement is only under report.moderation, not in the analysis or elsewhere."""
    doc = json.loads(render_json(report))
    moderation = doc["report"].pop("moderation")
    assert rejected_text in json.dumps(moderation)
    assert rejected_text not in json.dumps(doc)
    assert all(s["id"] != 3 for s in doc["analysis"]["statements"])


def test_same_report_gives_identical_bytes(report):
    """Check that the JSON text is the same twice (sorted keys, fixed indentation)."""
    assert render_json(report) == render_json(report)
    assert render_json(report).endswith("}\n")
