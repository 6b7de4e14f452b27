"""The report's charts, drawn from the report model (the same charts for HTML, Markdown and PDF)."""

from __future__ import annotations

from assembly.analysis.document import VoteCounts
from assembly.charts import BarRow, Chart, DataTable, MapSeries, opinion_map, vote_bars
from assembly.disclosure import MIN_CELL
from assembly.report.language import chart_words, integer
from assembly.report.language import gettext as _
from assembly.report.model import Report, StatementView

__all__ = [
    "COMPACT_CHARTS_PER_CATEGORY",
    "MAX_CHARTS_PER_CATEGORY",
    "MIN_CELL_PEOPLE",
    "category_charts",
    "chart_limit",
    "map_chart",
    "meta_table",
    "statement_chart",
]

# Small-cell suppression in "Who is in each group": a group's share on a meta statement is hidden when
# fewer than this many participants stand on one side of it (but not none), so that in a professional
# community where many know each other no one's self-description can be singled out in a group
# (peer-platforms.md, gap 7: "hide cells under 5 people").
MIN_CELL_PEOPLE = MIN_CELL

# Statements drawn as a chart in each category, strongest first. A category of hundreds of charts is no
# longer read as figures (a simulated 1,000-statement consultation gave 641 friction charts and an 8 MB
# page); the statements after these are listed in a table with the same numbers.
MAX_CHARTS_PER_CATEGORY = 20
# The compact report (the default) charts the strongest few of each category, as the paper's results
# chapter does; every statement stays in the appendix table. The 316-statement biodiversity conversation
# prints in 23 pages instead of 56 (docs/reliability-log.md, issue 14 item 10).
COMPACT_CHARTS_PER_CATEGORY = 3


def chart_limit(full: bool) -> int:
    """Statements charted in each category: a few in the compact report, more in the full one."""
    return MAX_CHARTS_PER_CATEGORY if full else COMPACT_CHARTS_PER_CATEGORY


def statement_chart(report: Report, view: StatementView, *, chart_id: str) -> Chart | None:
    """Stacked bars for everyone and each group, with agree intervals; ``None`` when nobody voted."""
    if view.shares.votes == 0:
        return None
    s = view.shares
    rows = [BarRow(_("All participants"), s.agree, s.disagree, s.passes, view.intervals.get("agree"))]
    rows += [
        BarRow(g.label, g.shares.agree, g.shares.disagree, g.shares.passes, g.agree_interval)
        for g in view.groups
        if not g.shares.withheld  # too few voters to publish (assembly.disclosure): no bar
    ]
    return vote_bars(
        rows,
        chart_id=chart_id,
        title=f"#{view.id}: {view.text}",
        interval_name=report.confidence_label,
        words=chart_words(),
    )


def map_chart(report: Report) -> Chart | None:
    """The opinion map, or ``None`` when no participant is placed on it."""
    points = report.map_points
    if points is None or not any(len(xs) for xs, _ in points.groups):
        return None
    groups = [MapSeries(g.label, xs, ys) for g, (xs, ys) in zip(report.groups, points.groups, strict=True)]
    unplaced = MapSeries(_("Not placed in a group"), *points.unplaced) if points.unplaced else None
    return opinion_map(
        groups,
        chart_id="opinion-map",
        title=_("Opinion map: %(title)s") % {"title": report.title},
        unplaced=unplaced,
        words=chart_words(),
    )


def category_charts(report: Report, *, limit: int = MAX_CHARTS_PER_CATEGORY) -> dict[str, Chart]:
    """A chart for each of the first ``limit`` statements placed in each category, keyed
    "<category>-s<statement id>" (unique ids on the page)."""
    out = {}
    for section in report.categories:
        for entry in section.placed[:limit]:
            chart_id = f"{section.key}-s{entry.statement_id}"
            chart = statement_chart(report, report.statement(entry.statement_id), chart_id=chart_id)
            if chart is not None:
                out[chart_id] = chart
    return out


def meta_table(report: Report) -> DataTable | None:
    """Who is in each group: the agree share of everyone and of each group on each meta statement
    ("I work in a museum"); ``None`` without meta statements or groups."""
    metas = [s for s in report.statements if s.is_meta]
    if not metas or not report.groups:
        return None

    def cell(shares: VoteCounts, *, suppress: bool) -> str:
        if shares.withheld:
            return _("withheld")
        if shares.votes == 0:
            return "–"
        others = shares.votes - shares.agree
        if suppress and (0 < shares.agree < MIN_CELL_PEOPLE or 0 < others < MIN_CELL_PEOPLE):
            return _("hidden (%(votes)s)") % {"votes": integer(shares.votes)}
        return f"{shares.agree_pct}% ({integer(shares.votes)})"

    columns = (_("Statement"), _("Everyone"), *(g.label for g in report.groups))
    rows = tuple(
        (
            f"“{s.text}” #{s.id}",
            cell(s.shares, suppress=False),
            *(cell(g.shares, suppress=True) for g in s.groups),
        )
        for s in metas
    )
    caption = _(
        "Meta statements describe the participants: the share who agree (and how many voted), by group. "
        "A group's share is hidden when fewer than %(limit)d of its voters are on one side."
    ) % {"limit": MIN_CELL_PEOPLE}
    return DataTable(
        caption=caption, columns=columns, rows=rows, numeric=(False,) + (True,) * (len(columns) - 1)
    )
