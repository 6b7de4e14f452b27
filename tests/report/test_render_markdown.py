"""The Markdown report and its chart files."""

import xml.etree.ElementTree as ET

from assembly.report.render_markdown import md, render_markdown


def test_every_chart_file_is_linked_and_followed_by_its_table(report):
    """Check that each SVG file is linked from the text, parses as XML, and its table follows the link."""
    text, charts = render_markdown(report)
    assert sorted(charts) == ["charts/friction-s1.svg", "charts/opinion-map.svg"]
    for path, svg in charts.items():
        assert ET.fromstring(svg).get("role") == "img"
        after = text[text.index(f"]({path})") :]
        assert "| --- |" in after.split("![")[0]  # a table before the next image


def test_rejected_statements_appear_only_in_the_moderation_section(report, rejected_text):
    """Check that the rejected statement's text is printed once, under "5. Submissions and moderation"."""
    text, charts = render_markdown(report)
    start = text.index("## 5. Submissions and moderation")
    moderation = text[start : text.index("## 6. Method")]
    assert moderation.count(rejected_text) == 1
    assert text.replace(moderation, "").count(rejected_text) == 0
    assert not any(rejected_text in svg for svg in charts.values())


def test_shares_and_headline_are_printed(report):
    """Check the paper's notation for statement 2 and a headline row."""
    text, _ = render_markdown(report)
    assert "(33% agree, 11% disagree, 56% pass), 9 votes" in text
    assert "| Vote records, changed votes included | 40 |" in text


def test_markdown_special_characters_in_statements_are_escaped():
    """Check that *, _, |, #, brackets and list-like starts are escaped; plain parentheses are left alone."""
    assert md("a *b* _c_ | #d [e](f) (g)") == "a \\*b\\* \\_c\\_ \\| \\#d \\[e\\](f) (g)"
    assert (md("- item"), md("12. twelve"), md("1999 was")) == ("\\- item", "12\\. twelve", "1999 was")


def test_same_report_gives_identical_text_and_files(report):
    """Check that rendering twice gives the same text and the same chart files."""
    assert render_markdown(report) == render_markdown(report)


def test_a_consultation_without_votes_renders_without_charts(empty_report):
    """Check that the no-votes report renders as Markdown with its notice and no chart files."""
    text, charts = render_markdown(empty_report)
    assert charts == {} and "No votes have been cast yet" in text


def test_statements_beyond_the_chart_limit_are_listed_in_a_table(dataset, analysis, positions, thresholds):
    """Check that in the full report with one chart per category, the second consensus statement is a
    row, not a chart file."""
    from tests.report.consultation import report_from_json

    analysis["statements"][0]["flags"] = {"consensus": "clear"}
    analysis["statements"][2]["flags"] = {"consensus": "clear"}
    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    text, charts = render_markdown(report, full=True, charts_per_category=1)
    assert "charts/consensus-s0.svg" in charts and "charts/consensus-s2.svg" not in charts
    assert "*1 more statement in “Consensus”, strongest first, without a chart*" in text
    assert (
        "| “Heritage data should be open for AI training.” (#2) | (33% agree, 11% disagree, 56% pass) | 9 |"
        in text
    )
