"""The report's per-theme chapter (issue 16 item 1), on the hand-made consultation of consultation.py:
statement #1 ("Use cases") is its one clear friction statement; #0 is consensus but inconclusive, #2
uncertainty but inconclusive; #3 (Data) is rejected and #5 (Use cases) pending, never shown."""

from __future__ import annotations

import json

import pytest

from assembly.report.language import speaking
from assembly.report.render_html import render_html
from assembly.report.render_json import render_json
from assembly.report.render_markdown import render_markdown
from assembly.report.themes import ThemeNote
from tests.report.consultation import report_from_json


def _report(dataset, analysis, positions, thresholds, notes=()):
    return report_from_json(dataset, analysis, positions=positions, thresholds=thresholds, theme_notes=notes)


def test_each_theme_counts_submitted_and_published_statements(dataset, analysis, positions, thresholds):
    """Check the counts: Data 2 submitted (one rejected) 1 published; Use cases 2 and 1; the meta
    statement counts in no theme."""
    themes = _report(dataset, analysis, positions, thresholds).themes
    assert [(t.name, t.submitted, t.published, t.unpublished) for t in themes] == [
        ("Transparency", 1, 1, 0),
        ("Use cases", 2, 1, 1),
        ("Data", 2, 1, 1),
    ]


def test_only_clearly_placed_statements_are_listed_under_a_category(dataset, analysis, positions, thresholds):
    """Check that Use cases lists #1 as friction and that the inconclusive #0 and #2 give their themes
    no category."""
    themes = {t.name: t for t in _report(dataset, analysis, positions, thresholds).themes}
    assert [(c.key, c.statement_ids) for c in themes["Use cases"].categories] == [("friction", (1,))]
    assert themes["Transparency"].categories == () and themes["Data"].categories == ()


def test_the_staffs_order_and_avenues_come_from_the_notes(dataset, analysis, positions, thresholds):
    """Check that noted themes come first in the notes' order with their avenues; a noted theme with no
    statement and no text is left out; other themes follow by their first statement."""
    notes = [ThemeNote("Data", "  Agree on open licences.  "), ThemeNote("Empty"), ThemeNote("Transparency")]
    themes = _report(dataset, analysis, positions, thresholds, notes).themes
    assert [(t.name, t.avenues) for t in themes] == [
        ("Data", "Agree on open licences."),
        ("Transparency", ""),
        ("Use cases", ""),
    ]


def test_a_noted_theme_with_avenues_but_no_statement_is_kept(dataset, analysis, positions, thresholds):
    """Check that avenues written for a theme that has no statement yet still reach the report, before
    the five non-meta statements without a theme."""
    for s in dataset.statements:
        s.theme = None
    themes = _report(dataset, analysis, positions, thresholds, [ThemeNote("Later", "Ask again.")]).themes
    assert [(t.name, t.submitted, t.avenues) for t in themes] == [
        ("Later", 0, "Ask again."),
        ("No theme", 5, ""),
    ]


def test_every_format_prints_the_chapter(dataset, analysis, positions, thresholds):
    """Check that HTML, Markdown and JSON carry the counts, the friction statement and the avenues, and
    that the French report translates the chapter's words."""
    notes = [ThemeNote("Use cases", "Write a shared catalogue policy.")]
    report = _report(dataset, analysis, positions, thresholds, notes)
    html = render_html(report)
    chapter = html[html.index('id="themes-h"') : html.index('id="moderation-h"')]
    assert "2 statements submitted, 1 published." in chapter
    assert "<h4>Friction between opinion groups</h4>" in chapter
    assert (
        "<h4>Avenues for further work</h4>" in chapter
        and "<p>Write a shared catalogue policy.</p>" in chapter
    )
    markdown, _charts = render_markdown(report)
    assert "#### Avenues for further work\n\nWrite a shared catalogue policy." in markdown
    assert "2 statements submitted, 1 published." in markdown
    use_cases = next(
        t for t in json.loads(render_json(report))["report"]["themes"] if t["name"] == "Use cases"
    )
    assert use_cases["submitted"] == 2 and use_cases["avenues"] == "Write a shared catalogue policy."
    assert use_cases["categories"] == [
        {"key": "friction", "title": "Friction between opinion groups", "statement_ids": [1]}
    ]
    with speaking("fr"):
        french = render_html(_report(dataset, analysis, positions, thresholds, notes))
    assert "Pistes pour la suite" in french


def test_theme_notes_survive_their_file(tmp_path):
    """Check that theme-notes.csv gives back the notes written, a formula-like text included."""
    from assembly.report.themes import read_theme_notes, write_theme_notes

    notes = [ThemeNote("Climate", "=SUM(A1)\n\nSecond paragraph, with a comma."), ThemeNote("Bias")]
    assert read_theme_notes(write_theme_notes(notes, tmp_path / "theme-notes.csv")) == notes
    assert (
        (tmp_path / "theme-notes.csv")
        .read_text(encoding="utf-8")
        .startswith("theme,avenues\nClimate,\"'=SUM")
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,avenues\nClimate,x\n", "missing the 'theme' column"),
        ("theme,avenues\n,x\n", "line 2"),
        ("theme,avenues\nClimate,x\nClimate,y\n", "listed twice"),
    ],
)
def test_a_bad_theme_notes_file_is_refused_naming_where(tmp_path, content, message):
    from assembly.errors import InputError
    from assembly.report.themes import read_theme_notes

    path = tmp_path / "theme-notes.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_theme_notes(path)
