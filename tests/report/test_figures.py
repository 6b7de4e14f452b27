"""The report's charts and the group-composition table."""

from assembly.report.figures import category_charts, map_chart, meta_table, statement_chart


def test_meta_table_shows_each_groups_share_and_hides_small_cells(dataset, analysis, positions, thresholds):
    """Check the meta statement's row: everyone's share is shown; a group with 10 agreeing and 6 not
    shows 63%; a group with 1 agreeing (fewer than 5 on that side) is hidden."""
    from tests.report.consultation import report_from_json

    analysis["statements"][4]["groups"]["0"] = {"agree": 10, "disagree": 6, "pass": 0}
    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    table = meta_table(report)
    assert table.columns == ("Statement", "Everyone", "Group A", "Group B")
    assert table.rows == (("“I work in a library.” #4", "56% (9)", "63% (16)", "hidden (5)"),)


def test_meta_table_is_absent_without_meta_statements_or_groups(report, empty_report):
    """Check that there is no table when no statement is meta, nor when there are no groups."""
    assert meta_table(empty_report) is None


def test_statement_chart_has_a_bar_for_everyone_and_each_group(report):
    """Check that statement 1's chart has a row for everyone and one per group, with the agree interval."""
    chart = statement_chart(report, report.statement(1), chart_id="x")
    assert [row[0] for row in chart.table.rows] == ["All participants", "Boundary-setters", "Group B"]
    assert chart.table.rows[0][-1] == "19–73%"


def test_no_chart_for_a_statement_without_votes(empty_report):
    """Check that a statement nobody voted on gets no chart (rather than an empty one)."""
    assert statement_chart(empty_report, empty_report.statement(0), chart_id="x") is None
    assert map_chart(empty_report) is None


def test_category_charts_are_limited_per_category(dataset, analysis, positions, thresholds):
    """Check that only the `limit` strongest statements placed in a category are drawn."""
    from tests.report.consultation import report_from_json

    for s in analysis["statements"][:3]:
        s["flags"] = {"consensus": "clear"}
    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    assert sorted(category_charts(report, limit=2)) == ["consensus-s0", "consensus-s1"]  # 90%, 44%; not 33%
