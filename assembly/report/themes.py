"""The report's per-theme chapter, after the 2025 paper's results chapter: for each theme, how many
statements were submitted and published, which of them the analysis places clearly in each category
(consensus, majority disagrees, friction, uncertainty) and the staff's "avenues for further work".

The categories come from the disclosed analysis (:mod:`assembly.disclosure`): a statement whose figures
are withheld is placed in no category here either. The counts are counts of statements, not of people.
The results page (:mod:`assembly.results.themes`) and the report share :func:`build_theme_chapter`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assembly.dataset import Dataset
from assembly.report.language import ngettext
from assembly.report.model import CategorySection, StatementView, ThemeCategory, ThemeSection
from assembly.report.wording import number

__all__ = ["NO_THEME", "ThemeNote", "build_theme_chapter", "theme_counts"]

NO_THEME = "No theme"


@dataclass(frozen=True)
class ThemeNote:
    """What staff keep for a theme besides its statements, in the order they list their themes.

    Text written for a theme (today the avenues for further work; later, drafted summaries with their
    provenance) travels to the report through this record."""

    name: str
    avenues: str = ""


def _members(dataset: Dataset, views: Sequence[StatementView]) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Published statement ids and every submitted (non-meta) statement's count, per theme name."""
    published = {v.id for v in views if not v.is_meta}
    members: dict[str, list[int]] = {}
    submitted: dict[str, int] = {}
    for s in sorted(dataset.statements, key=lambda s: s.id):
        if s.is_meta:  # meta statements describe the participants, not a theme
            continue
        theme = s.theme or NO_THEME
        members.setdefault(theme, [])
        submitted[theme] = submitted.get(theme, 0) + 1
        if s.id in published:
            members[theme].append(s.id)
    return members, submitted


def build_theme_chapter(
    dataset: Dataset,
    views: Sequence[StatementView],
    categories: Sequence[CategorySection],
    notes: Sequence[ThemeNote] = (),
) -> list[ThemeSection]:
    """One section per theme: the noted themes first in their order (those with a statement or an
    avenues text), then other themes by their first statement, then the statements without a theme.
    Empty when no statement has a theme and no note has text.

    ``views`` are the published statements; ``categories`` the report's category sections (each
    theme lists its statements that are *placed* in them, in the category's order)."""
    members, submitted = _members(dataset, views)
    avenues = {n.name: n.avenues.strip() for n in notes}
    if not any(name != NO_THEME for name in members) and not any(avenues.values()):
        return []
    order = [n.name for n in notes if submitted.get(n.name) or avenues.get(n.name)]
    order += [t for t in members if t not in avenues and t != NO_THEME]  # members: in first-id order
    if NO_THEME in members and NO_THEME not in order:
        order.append(NO_THEME)
    out = []
    for name in order:
        ids = tuple(members.get(name, ()))
        inside = set(ids)
        placed = [
            ThemeCategory(
                key=c.key,
                title=c.title,
                statement_ids=tuple(e.statement_id for e in c.placed if e.statement_id in inside),
            )
            for c in categories
        ]
        out.append(
            ThemeSection(
                name=name,
                statement_ids=ids,
                unpublished=submitted.get(name, 0) - len(ids),
                submitted=submitted.get(name, 0),
                categories=tuple(c for c in placed if c.statement_ids),
                avenues=avenues.get(name, ""),
            )
        )
    return out


def theme_counts(section: ThemeSection) -> str:
    """E.g. "12 statements submitted, 7 published." in the report's language."""
    submitted = ngettext("%(n)s statement submitted", "%(n)s statements submitted", section.submitted) % {
        "n": number(section.submitted)
    }
    published = ngettext("%(n)s published", "%(n)s published", section.published) % {
        "n": number(section.published)
    }
    return f"{submitted}, {published}."
