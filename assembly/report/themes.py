"""The report's per-theme chapter, after the 2025 paper's results chapter: for each theme, how many
statements were submitted and published, which of them the analysis places clearly in each category
(consensus, majority disagrees, friction, uncertainty) and the staff's "avenues for further work".

The categories come from the disclosed analysis (:mod:`assembly.disclosure`): a statement whose figures
are withheld is placed in no category here either. The counts are counts of statements, not of people.
The results page (:mod:`assembly.results.themes`) and the report share :func:`build_theme_chapter`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assembly.dataset import Dataset
from assembly.errors import InputError
from assembly.report.language import ngettext
from assembly.report.model import CategorySection, StatementView, ThemeCategory, ThemeSection
from assembly.report.wording import number

__all__ = [
    "NO_THEME",
    "THEME_NOTES_FILE",
    "ThemeNote",
    "build_theme_chapter",
    "read_theme_notes",
    "theme_counts",
    "write_theme_notes",
]

NO_THEME = "No theme"
# The staff's themes in their order with their avenues, beside a pol.is export (an Assembly addition).
THEME_NOTES_FILE = "theme-notes.csv"


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


def write_theme_notes(notes: Sequence[ThemeNote], path: str | Path) -> Path:
    """Write ``theme-notes.csv`` (``theme,avenues``, in the staff's order); texts a spreadsheet would run
    as formulas are neutralised, as in the rest of the export."""
    from assembly.polis import neutralise_text

    path = Path(path)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["theme", "avenues"])
    writer.writerows([neutralise_text(n.name), neutralise_text(n.avenues)] for n in notes)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def read_theme_notes(path: str | Path) -> list[ThemeNote]:
    """Read ``theme-notes.csv``, in file order.

    Raises
    ------
    InputError
        Not UTF-8, no ``theme`` column, an empty or repeated theme name (file and line named).
    """
    from assembly.polis import restore_text

    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    reader = csv.DictReader(io.StringIO(content))
    if reader.fieldnames is None or "theme" not in reader.fieldnames:
        raise InputError("missing the 'theme' column", file=str(path), line=1)
    notes: list[ThemeNote] = []
    for row in reader:
        name = restore_text((row.get("theme") or "").strip())
        if not name:
            raise InputError("a theme without a name", file=str(path), line=reader.line_num, column="theme")
        if any(n.name == name for n in notes):
            raise InputError(f"the theme {name!r} is listed twice", file=str(path), line=reader.line_num)
        notes.append(ThemeNote(name=name, avenues=restore_text((row.get("avenues") or "").strip())))
    return notes
