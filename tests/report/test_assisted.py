"""Approved language-model text in the report (issue 16 item 3-4): the key takeaways and a theme's
summary are printed with their label (model, prompt hash, date of approval) in HTML, Markdown and JSON;
the model's calls join the computing cost with the energy assumption; a report without them has no
trace of the assistant (its JSON no keys)."""

from __future__ import annotations

import html as htmllib
import json

import pytest

from assembly.report.language import speaking
from assembly.report.model import AssistedText, ModelFootprint
from assembly.report.render_html import render_html
from assembly.report.render_json import render_json
from assembly.report.render_markdown import render_markdown
from tests.report.consultation import report_from_json

HASH = "0123456789abcdef" * 4
TAKEAWAYS = AssistedText(
    "takeaways",
    "Transparency is wanted (#0).\n- Use cases split the groups (#1).",
    "m-7b",
    HASH,
    "2026-12-01",
)
SUMMARY = AssistedText(
    "theme-summary", "Use cases divide (#1).", "m-7b", HASH, "2026-12-02", theme="Use cases"
)
FOOTPRINT = ModelFootprint(calls=3, prompt_tokens=900, completion_tokens=150, seconds=36.0, watts=350)
LABEL = (
    "Drafted by a language model (m-7b; prompt SHA-256 0123456789ab…), checked for citations and "
    "approved by staff on"
)


@pytest.fixture
def assisted_report(dataset, analysis, positions, thresholds):
    return report_from_json(
        dataset,
        analysis,
        positions=positions,
        thresholds=thresholds,
        assisted=(TAKEAWAYS, SUMMARY),
        model_footprint=FOOTPRINT,
    )


def test_html_labels_the_takeaways_and_the_theme_summary(assisted_report):
    with speaking("en"):
        html = htmllib.unescape(render_html(assisted_report))
    takeaways = html[html.index('<section id="takeaways"') : html.index('<section id="groups"')]
    assert "<li>Transparency is wanted (#0).</li>" in takeaways
    assert "<li>Use cases split the groups (#1).</li>" in takeaways
    assert f"{LABEL} 2026-12-01." in takeaways
    themes = html[html.index('<section id="themes"') : html.index('<section id="moderation"')]
    use_cases = themes[themes.index("<h3>Use cases</h3>") :]
    assert "Use cases divide (#1)." in use_cases and f"{LABEL} 2026-12-02." in use_cases
    assert "at an assumed 350 W drawn by the model's server while it answered, about 3.5 Wh" in html
    assert "called 3 times: 900 prompt and 150 completion tokens, 36.0 s in all" in html


def test_markdown_labels_them_too(assisted_report):
    with speaking("en"):
        text, _charts = render_markdown(assisted_report)
    # "#" is escaped so that no Markdown viewer reads a heading or a link reference into it
    takeaways = "## Key takeaways\n\n- Transparency is wanted (\\#0).\n- Use cases split the groups (\\#1).\n"
    assert takeaways in text
    assert f"*{LABEL} 2026-12-01.*" in text
    assert "Use cases divide (\\#1)." in text and "about 3.5 Wh" in text


def test_json_carries_the_provenance_and_the_footprint(assisted_report):
    data = json.loads(render_json(assisted_report))["report"]
    assert data["assisted"][1] == {
        "kind": "theme-summary",
        "text": "Use cases divide (#1).",
        "model": "m-7b",
        "prompt_sha256": HASH,
        "approved_on": "2026-12-02",
        "theme": "Use cases",
    }
    assert data["model_footprint"]["energy_wh"] == pytest.approx(3.5)


def test_a_report_without_the_assistant_has_no_trace_of_it(report):
    data = json.loads(render_json(report))["report"]
    assert "assisted" not in data and "model_footprint" not in data
    with speaking("en"):
        html = render_html(report)
    assert "takeaways" not in html and "language model" not in html
