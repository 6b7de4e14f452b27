"""The Markdown report, for editing into a paper: the same sections as the HTML, charts as SVG files.

:func:`render_markdown` returns the text and the chart files it links to (``charts/<id>.svg``); each
chart is followed by its data table, so the Markdown reads completely without the images.
"""

from __future__ import annotations

import re

from assembly.charts import Chart
from assembly.report.assisted import assisted_label, footprint_sentence, takeaway_lines
from assembly.report.figures import category_charts, chart_limit, map_chart, meta_table
from assembly.report.language import gettext as _
from assembly.report.model import Report, StatementView, notation
from assembly.report.render_html import category_names, paragraphs, unpublished_by_theme
from assembly.report.themes import NO_THEME, theme_counts
from assembly.report.wording import (
    categories_intro,
    compute_sentence,
    group_stability_sentence,
    groups_intro,
    moderation_summary,
    more_in_appendix,
    more_placed,
    number,
    shares_votes,
    unpublished_note,
)

__all__ = ["CHART_DIR", "render_markdown"]

CHART_DIR = "charts"
# Characters that start emphasis, code, links, HTML, headings, table cells or (&) entity references
# anywhere in a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
# A line starting like a list item ("- ", "+ ", "1. ") would become one.
_BULLET_START = re.compile(r"^([-+])(?=\s)")
_NUMBER_START = re.compile(r"^(\d+)([.)])(?=\s)")


def md(text: str) -> str:
    """Escape plain text for Markdown: it prints as written, never as formatting."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _NUMBER_START.sub(r"\1\\\2", _BULLET_START.sub(r"\\\1", escaped))


def _quote(view: StatementView) -> str:
    return f"“{md(view.text)}” (#{view.id})"


def _categories(view: StatementView) -> str:
    names = [
        f"{name}{' (inconclusive)' if state == 'inconclusive' else ''}"
        for name, state in category_names(view)
    ]
    return ", ".join(names) or "–"


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> list[str]:
    align = ["---" if j < numeric_from else "---:" for j in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return out


def _figure(chart: Chart, alt: str, charts: dict[str, str]) -> list[str]:
    """An image link to the chart's SVG file (recorded in ``charts``), then its data table."""
    path = f"{CHART_DIR}/{chart.chart_id}.svg"
    charts[path] = chart.svg
    return [f"![{alt}]({path})", "", chart.table.to_markdown(), ""]


def _headline(r: Report) -> list[str]:
    h = r.headline
    rows = [
        [_("Participants who voted"), number(h.participants)],
        [_("Placed in opinion groups"), number(h.placed)],
        [_("Opinion groups"), number(h.groups)],
        [_("Votes (latest per participant and statement)"), number(h.votes)],
        [_("Vote records, changed votes included"), number(h.vote_records)],
        [_("Statements submitted"), number(h.statements_submitted)],
        [_("Statements published"), number(h.statements_published)],
    ]
    if h.seed_known:
        rows.append(
            [
                _("Published: seed / written by participants"),
                f"{number(h.published_seed)} / {number(h.published_by_participants)}",
            ]
        )
    rows.append(
        [
            _("Accepted / rejected / awaiting moderation"),
            f"{number(h.accepted)} / {number(h.rejected)} / {number(h.pending)}",
        ]
    )
    rows.append([_("Meta statements (about the participants)"), number(h.meta)])
    if h.excluded_participants:
        rows.append([_("Participants excluded by moderators"), number(h.excluded_participants)])
    if h.first_vote:
        rows.append(
            [
                _("First and last vote"),
                _("%(first)s to %(last)s") % {"first": h.first_vote, "last": h.last_vote},
            ]
        )
    out = [f"## 1. {_('Headline figures')}", "", *_table([_("Figure"), _("Value")], rows)]
    if not h.seed_known:
        out += ["", _("The source does not say which statements were seed statements.")]
    return out


def _groups(r: Report, charts: dict[str, str]) -> list[str]:
    out = [f"## 2. {_('Opinion groups')}", ""]
    if not r.groups:
        return out + [_("There are no opinion groups to show.")]
    out += [md(groups_intro(r)), ""]
    chart = map_chart(r)
    if chart is not None:
        out += _figure(
            chart, _("Opinion map: each mark is a participant; those close together voted alike"), charts
        )
    meta = meta_table(r)
    if meta is not None:
        out += [f"### {_('Who is in each group')}", "", meta.to_markdown(), ""]
    for g in r.groups:
        out += [
            f"### {md(g.heading)}",
            "",
            f"{number(g.size)} participants, {g.share_pct}% of those placed in groups."
            + (f" {md(group_stability_sentence(g))}" if g.stability is not None else ""),
            "",
        ]
        if g.representative:
            rows = []
            for rep in g.representative:
                rows.append(
                    [
                        _quote(r.statement(rep.statement_id)),
                        rep.direction,
                        f"{rep.inside.agree_pct}% agree ({number(rep.inside.votes)} votes)",
                        f"{rep.outside.agree_pct}% agree ({number(rep.outside.votes)} votes)",
                    ]
                )
            out += _table(
                [
                    _("Statement that sets the group apart"),
                    _("The group leans to"),
                    _("In the group"),
                    _("Everyone else"),
                ],
                rows,
                numeric_from=2,
            ) + [""]
        else:
            out += [_("No statement sets this group apart clearly enough to be called representative."), ""]
    return out


def _categories_section(r: Report, charts: dict[str, str], limit: int, *, full: bool) -> list[str]:
    out = [
        f"## 3. {_('Consensus, disagreement, friction and uncertainty')}",
        "",
        md(categories_intro(r)),
        "",
    ]
    drawn = category_charts(r, limit=limit)
    for c in r.categories:
        out += [f"### {c.title}", "", f"*{md(c.rule)}*", ""]
        if c.note:
            out += [md(c.note), ""]
        if not c.placed and not c.inconclusive and not c.note:
            out += [_("No statement falls in this category."), ""]
        for e in c.placed[:limit]:
            s = r.statement(e.statement_id)
            out += [
                f"{_quote(s)}",
                "",
                f"{shares_votes(s.shares)}; {md(e.evidence)}.",
                "",
            ]
            chart = drawn.get(f"{c.key}-s{s.id}")
            if chart is not None:
                out += _figure(
                    chart, _("Votes on statement %(id)s, overall and by group") % {"id": s.id}, charts
                )
        rest = c.placed[limit:]
        if rest and not full:
            out += [f"*{md(more_in_appendix(len(rest)))}*", ""]
        elif rest:
            rows = []
            for e in rest:
                s = r.statement(e.statement_id)
                rows.append([_quote(s), notation(s.shares), number(s.shares.votes), md(e.evidence)])
            out += [
                f"*{md(more_placed(len(rest), c.title))}*",
                "",
                *_table([_("Statement"), _("Shares"), _("Votes"), _("Evidence")], rows),
                "",
            ]
        if c.inconclusive:
            unconfirmed = _("%(category)s cannot be confirmed with these votes") % {
                "category": c.title.lower()
            }
            out += [f"**{_('Inconclusive')}** ({unconfirmed}):", ""]
            for e in c.inconclusive:
                s = r.statement(e.statement_id)
                out.append(f"- {_quote(s)} {shares_votes(s.shares)}; {md(e.evidence)}.")
            out.append("")
    return out


def _takeaways(r: Report) -> list[str]:
    takeaways = r.assisted_for("takeaways")
    if takeaways is None:
        return []
    lines = takeaway_lines(takeaways)
    return [
        f"## {_('Key takeaways')}",
        "",
        *(f"- {md(line)}" for line in lines),
        "",
        f"*{md(assisted_label(takeaways))}*",
    ]


def _themes(r: Report) -> list[str]:
    out = [f"## 4. {_('Themes')}", ""]
    if not r.themes:
        return out + [_("No themes were assigned to the statements.")]
    for t in r.themes:
        name = _("No theme") if t.name == NO_THEME else t.name
        out += [f"### {md(name)}", "", theme_counts(t), ""]
        summary = r.assisted_for("theme-summary", t.name)
        if summary is not None:
            out += [md(summary.text), "", f"*{md(assisted_label(summary))}*", ""]
        for c in t.categories:
            out += [f"#### {md(c.title)}", ""]
            out += [
                f"- {_quote(r.statement(i))} {shares_votes(r.statement(i).shares)}." for i in c.statement_ids
            ]
            out.append("")
        if t.statement_ids:
            rows = [
                [_quote(s), notation(s.shares), number(s.shares.votes), _categories(s)]
                for s in (r.statement(i) for i in t.statement_ids)
            ]
            out += _table([_("Statement"), _("Shares"), _("Votes"), _("Categories")], rows) + [""]
        else:
            out += [_("No published statement in this theme."), ""]
        if t.unpublished:
            out += [f"{unpublished_note(t.unpublished)}: see Submissions and moderation.", ""]
        if t.avenues:
            out += [f"#### {_('Avenues for further work')}", ""]
            out += [line for p in paragraphs(t.avenues) for line in (md(p), "")]
    return out


def _moderation(r: Report) -> list[str]:
    h, m = r.headline, r.moderation
    out = [
        f"## 5. {_('Submissions and moderation')}",
        "",
        moderation_summary(h),
        "",
    ]
    if m.decisions_by_reason:
        out += _table(
            [_("Decision"), _("Reason"), _("Statements")],
            [[d, md(reason), number(n)] for d, reason, n in m.decisions_by_reason],
            numeric_from=2,
        ) + [""]
    elif not m.criteria_known:
        out += [
            _("The moderation log is not part of this source, so the reasons for decisions are not known."),
            "",
        ]
    out += [f"### {_('Submitted but not published')}", ""]
    if not m.unpublished:
        return out + [_("Every submitted statement was published.")]
    for theme, items in unpublished_by_theme(r):
        if theme:
            out += [f"#### {md(theme)}", ""]
        for u in items:
            line = f"- “{md(u.text)}” (#{u.id}): {u.moderation}"
            line += f" ({md(u.reason)})" if u.reason else ""
            line += f"; {number(u.votes)} votes before it was taken out" if u.votes else ""
            out.append(line + ".")
        out.append("")
    return out


def _method(r: Report) -> list[str]:
    m = r.method
    out = [f"## 6. {_('Method')}", ""]
    for p in m.explanation:
        out += [md(p), ""]
    out += [
        f"### {_('Who is placed in a group')}",
        "",
        md(m.eligibility_rule),
        "",
        f"### {_('Rules and thresholds')}",
        "",
    ]
    if m.rules:
        out += _table([_("Rule"), _("Meaning")], [[md(a), md(b)] for a, b in m.rules], numeric_from=2) + [""]
    else:
        out += [_("The analysis did not run, so no thresholds were applied."), ""]
    out += [
        f"### {_('Reproducing these results')}",
        "",
        *_table(
            [_("Setting"), _("Value")],
            [
                [_("Analysis method"), m.method or _("not run")],
                [_("Random seed"), str(m.seed)],
                [_("Assembly version"), m.software_version],
            ]
            + ([[_("Analysis version"), m.analysis_version]] if m.analysis_version else []),
            numeric_from=2,
        ),
        "",
    ]
    if m.checksums:
        out += _table(
            [_("Input file"), "SHA-256"], [[md(n), f"`{d}`"] for n, d in m.checksums], numeric_from=2
        ) + [""]
    out += [f"### {_('Computing cost')}", ""]
    c = m.compute
    if r.model_footprint is not None:
        out += [md(footprint_sentence(r.model_footprint)), ""]
    if c is None:
        return out + [_("The computing cost was not measured for this report.")]
    out += [
        md(compute_sentence(c)),
        "",
        _("Assumptions behind the estimate:"),
        "",
    ]
    return out + [f"- {md(a)}" for a in c.assumptions]


def _appendix(r: Report) -> list[str]:
    out = [f"## {_('Appendix: all published statements')}", ""]
    if not r.statements:
        return out + [_("No statement has been published.")]
    rows = [
        [
            _quote(s)
            + (" (meta)" if s.is_meta else "")
            + (" " + md(_("Original: “%(text)s”") % {"text": s.original}) if s.original else ""),
            *(
                [notation(s.shares)] * 4
                if s.shares.withheld
                else [number(c) for c in (s.shares.agree, s.shares.disagree, s.shares.passes, s.shares.votes)]
            ),
            _categories(s),
        ]
        for s in r.statements
    ]
    return out + _table(
        [_("Statement"), _("Agree"), _("Disagree"), _("Pass"), _("Votes"), _("Categories")], rows
    )


def render_markdown(
    report: Report, *, full: bool = False, charts_per_category: int | None = None
) -> tuple[str, dict[str, str]]:
    """Render the report as Markdown.

    Parameters
    ----------
    report : Report
    full : bool
        The full report (more charts, every placed statement under its category) instead of the compact.
    charts_per_category : int, optional
        Statements drawn as a chart in each category (by default :func:`chart_limit`); the full report
        tables the rest, the compact one points to the appendix.

    Returns
    -------
    text : str
        The Markdown document.
    charts : dict of str to str
        SVG files the document links to, by relative path (``charts/<chart id>.svg``).
    """
    r = report
    limit = chart_limit(full) if charts_per_category is None else charts_per_category
    charts: dict[str, str] = {}
    subtitle = (
        _("Results of the consultation, votes up to %(date)s.") % {"date": r.as_of}
        if r.as_of
        else _("Results of the consultation.")
    )
    if r.source_url:
        subtitle += f" {_('Source:')} <{r.source_url}>."
    lines = [f"# {md(r.title)}", "", subtitle, ""]
    for p in paragraphs(r.description):
        lines += [md(p), ""]
    for notice in r.notices:
        lines += [f"> **Note.** {md(notice)}", ""]
    for part in (
        _headline(r),
        _takeaways(r),
        _groups(r, charts),
        _categories_section(r, charts, limit, full=full),
        _themes(r),
        _moderation(r),
        _method(r),
        _appendix(r),
    ):
        lines += [*part, ""]
    footer = f"Generated by Assembly {r.method.software_version} from “{md(r.source_name)}”"
    if r.method.method:
        footer += f" with the {r.method.method} method and seed {r.method.seed}"
    lines += ["---", "", footer + "." + (f" {md(r.attribution)}" if r.attribution else "")]
    text = "\n".join(lines).rstrip("\n") + "\n"
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text, dict(sorted(charts.items()))
