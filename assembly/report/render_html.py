"""The self-contained HTML report: one file, inline CSS and SVG, no scripts, prints well on A4.

Two lengths: the compact report (the default) charts the strongest statements of each category, close
to the paper's results chapter, and leaves the rest to the appendix table of every statement; the full
report charts more and tables every placed and inconclusive statement under its category. Its texts are
in the language in force (:mod:`assembly.report.language`), set as the page's ``lang``.
"""

from __future__ import annotations

from html import escape
from importlib import resources

import jinja2

from assembly.analysis.vocabulary import CATEGORIES
from assembly.report.assisted import assisted_label, footprint_sentence, takeaway_lines
from assembly.report.figures import category_charts, chart_limit, map_chart, meta_table
from assembly.report.language import gettext as _
from assembly.report.model import Report, StatementView, UnpublishedStatement, notation
from assembly.report.themes import NO_THEME, theme_counts
from assembly.report.wording import (
    agree_votes,
    categories_intro,
    compute_sentence,
    group_size,
    groups_intro,
    moderation_summary,
    more_in_appendix,
    more_placed,
    more_unpublished,
    number,
    shares_votes,
    unpublished_note,
    votes_before,
)

__all__ = ["COMPACT_UNPUBLISHED_PER_THEME", "render_html"]

# The compact report lists this many unpublished submissions per theme (a conversation with 162 rejected
# statements gave seven pages of them); the full report lists them all.
COMPACT_UNPUBLISHED_PER_THEME = 10


def _category_names() -> dict[str, str]:
    return {
        "consensus": _("consensus"),
        "majority-disagree": _("majority disagrees"),
        "friction": _("friction"),
        "uncertainty": _("uncertainty"),
    }


def category_names(view: StatementView) -> list[tuple[str, str]]:
    """(name, state) for each category the statement is flagged in, in the report's category order."""
    names = _category_names()
    return [(names[k], view.flags[k]) for k in CATEGORIES if k in view.flags]


def _badges(view: StatementView) -> str:
    inconclusive = _("(inconclusive)")
    return " ".join(
        f'<span class="badge{" inconclusive" if state == "inconclusive" else ""}">'
        f"{escape(name)}{' ' + escape(inconclusive) if state == 'inconclusive' else ''}</span>"
        for name, state in category_names(view)
    )


def paragraphs(text: str) -> list[str]:
    """Split a description into paragraphs at blank lines."""
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def unpublished_by_theme(report: Report) -> list[tuple[str | None, list[UnpublishedStatement]]]:
    """Unpublished statements by theme, in the report's theme order (one unnamed list without themes)."""
    items = report.moderation.unpublished
    if not report.themes:
        return [(None, list(items))] if items else []
    order = [t.name for t in report.themes]
    out: list[tuple[str | None, list[UnpublishedStatement]]] = []
    for name in order:
        members = [u for u in items if (u.theme or NO_THEME) == name]
        if members:
            out.append((name, members))
    return out


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("assembly.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(report: Report, *, full: bool = False, charts_per_category: int | None = None) -> str:
    """Render the report as one self-contained HTML document (UTF-8 text).

    ``charts_per_category`` statements of each category get a chart (by default a few, or more when
    ``full``: :func:`chart_limit`); the full report tables the rest under the category, the compact one
    points to the appendix, which lists every published statement in both.
    """
    limit = chart_limit(full) if charts_per_category is None else charts_per_category
    templates = resources.files("assembly.report").joinpath("templates")
    css = templates.joinpath("report.css").read_text(encoding="utf-8")
    phone_css = templates.joinpath("report-phone.css").read_text(encoding="utf-8")
    template = _environment().get_template("report.html")
    return template.render(
        r=report,
        css=css,
        phone_css=phone_css,
        n=number,
        groups_intro=groups_intro(report),
        categories_intro=categories_intro(report),
        moderation_summary=moderation_summary(report.headline),
        unpublished_note=unpublished_note,
        compute_sentence=compute_sentence,
        badges=_badges,
        description=paragraphs(report.description),
        map=map_chart(report),
        meta=meta_table(report),
        charts=category_charts(report, limit=limit),
        chart_limit=limit,
        full=full,
        _=_,
        group_size=group_size,
        agree_votes=agree_votes,
        shares_votes=shares_votes,
        notation=notation,
        votes_before=votes_before,
        more_in_appendix=more_in_appendix,
        more_unpublished=more_unpublished,
        unpublished_limit=COMPACT_UNPUBLISHED_PER_THEME,
        more_placed=more_placed,
        unpublished_by_theme=unpublished_by_theme(report),
        theme_counts=theme_counts,
        no_theme=NO_THEME,
        paragraphs=paragraphs,
        assisted_label=assisted_label,
        footprint_sentence=footprint_sentence,
        takeaway_lines=takeaway_lines,
    )
