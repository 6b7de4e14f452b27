"""The results page's per-theme chapter.

Built by the report's own :func:`assembly.report.themes.build_theme_chapter` from the statements the
page shows (disclosed, visible to participants), so the page and the report agree statement for
statement; its words are in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from assembly.analysis.categories import Thresholds
from assembly.consultations.datasets import export_theme_notes, statement_records
from assembly.consultations.models import Consultation
from assembly.dataset import Dataset
from assembly.report.model import AssistedText, StatementView, ThemeSection
from assembly.report.sections import build_categories
from assembly.report.themes import build_theme_chapter
from assembly.results.assisted import assisted_texts
from assembly.results.presentation import ResultsPage

__all__ = ["ThemeBlock", "theme_blocks"]


@dataclass(frozen=True)
class ThemeBlock:
    """One theme on the results page: its section, and each category's statements as views."""

    section: ThemeSection
    categories: list[tuple[str, list[StatementView]]]  # (category title, statements)
    avenues: list[str]  # paragraphs
    summary: AssistedText | None = None  # the approved language-model summary, labelled where shown


def theme_blocks(consultation: Consultation, page: ResultsPage) -> list[ThemeBlock]:
    """The per-theme chapter of ``page`` (empty when the consultation uses no themes)."""
    from assembly.report.language import speaking
    from assembly.report.render_html import paragraphs
    from assembly.results.report import report_language

    by_id = {v.id: v for v in page.statements}
    record = Dataset(statements=statement_records(consultation), name=consultation.slug)
    with speaking(report_language()):
        categories = build_categories(
            page.statements, page.thresholds or Thresholds(), n_groups=len(page.groups), interval_label=""
        )
        sections = build_theme_chapter(record, page.statements, categories, export_theme_notes(consultation))
    assisted = assisted_texts(consultation) if sections else ()
    return [
        ThemeBlock(
            section=s,
            categories=[(c.title, [by_id[i] for i in c.statement_ids]) for c in s.categories],
            avenues=paragraphs(s.avenues),
            summary=next((a for a in assisted if a.kind == "theme-summary" and a.theme == s.name), None),
        )
        for s in sections
    ]
