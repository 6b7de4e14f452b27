"""The self-contained HTML report."""

import re
import xml.etree.ElementTree as ET

from assembly.report.render_html import render_html

SVG = re.compile(r"<svg .*?</svg>", re.DOTALL)


def _section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_html_is_self_contained(report):
    """Check that the page loads nothing: no scripts, no stylesheets or images from elsewhere."""
    html = render_html(report)
    assert "<script" not in html and "<link" not in html and " src=" not in html
    assert "<style>" in html and html.count("<svg ") == 2  # the opinion map and statement 1's friction bars


def test_every_chart_is_well_formed_svg_with_a_table_beside_it(report):
    """Check that each inline SVG parses as XML and that a table with the chart's id follows it."""
    html = render_html(report)
    charts = SVG.findall(html)
    assert charts
    for svg in charts:
        chart_id = ET.fromstring(svg).get("id")
        after = html[html.index(svg) + len(svg) :]
        assert f'<table class="data" id="{chart_id}-table">' in after.split("<svg ")[0]


def test_rejected_statements_appear_only_in_the_moderation_section(report, rejected_text):
    """Check that the rejected statement's text is printed once, in the moderation section, nowhere else."""
    html = render_html(report)
    moderation = _section(html, "moderation")
    assert moderation.count(rejected_text) == 1
    assert html.replace(moderation, "").count(rejected_text) == 0


def test_shares_are_printed_the_papers_way(report):
    """Check that statement 2 reads "(33% agree, 11% disagree, 56% pass)" with its 9 votes."""
    assert "(33% agree, 11% disagree, 56% pass), 9 votes" in render_html(report)


def test_same_inputs_give_identical_bytes(dataset, analysis, positions, thresholds):
    """Check that building and rendering the same inputs twice gives byte-identical HTML."""
    from tests.report.consultation import report_from_json

    def once():
        return render_html(
            report_from_json(
                dataset,
                analysis,
                positions=positions,
                thresholds=thresholds,
                group_names={"A": "Boundary-setters"},
            )
        )

    assert once() == once()


def test_statement_text_is_escaped(report, dataset, analysis, positions, thresholds):
    """Check that markup in a statement is shown as text, never run."""
    from tests.report.consultation import report_from_json

    dataset.statements[0].text = "<script>alert(1)</script> & more"
    html = render_html(report_from_json(dataset, analysis, positions=positions, thresholds=thresholds))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_a_consultation_without_votes_renders_without_charts(empty_report):
    """Check that the no-votes report renders, says why it is empty, and draws no empty chart."""
    html = render_html(empty_report)
    assert "<svg" not in html
    assert "No votes have been cast yet" in html
    assert "There are no opinion groups to show." in html


def test_statements_beyond_the_chart_limit_are_listed_in_a_table(dataset, analysis, positions, thresholds):
    """Check that in the full report with one chart per category, the second consensus statement is a
    table row, not a chart."""
    from tests.report.consultation import report_from_json

    analysis["statements"][0]["flags"] = {"consensus": "clear"}
    analysis["statements"][2]["flags"] = {"consensus": "clear"}
    html = render_html(
        report_from_json(dataset, analysis, positions=positions, thresholds=thresholds),
        full=True,
        charts_per_category=1,
    )
    assert 'id="consensus-s0"' in html and 'id="consensus-s2"' not in html
    assert "1 more statement in “Consensus”, strongest first, without a chart" in html
    table = html[html.index("1 more statement in") :]
    assert '“Heritage data should be open for AI training.” <span class="sid">#2</span>' in table
