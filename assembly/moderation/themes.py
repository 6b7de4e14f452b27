"""Themes on every statement: filing statements under a theme (one or many at once, logged), the staff's
"avenues for further work" per theme, and the candidate themes of :mod:`assembly.assist.suggest` that staff
accept (under the suggested name or another: renaming), merge (several into one theme) or discard.

A statement has at most one theme, as in the 2025 paper, where every submission was sorted into one of
seven. Accepting a suggestion files only the statements that have no theme yet: a person's earlier
choice is never overwritten by a suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assembly.consultations.models import Consultation, Statement, Theme, ThemeSuggestion
from assembly.moderation.models import Action, ModerationLogEntry
from assembly.moderation.services import _log, _statements

__all__ = [
    "AVENUES_MAX_LENGTH",
    "accept_suggestions",
    "discard_suggestions",
    "file_under_theme",
    "refresh_suggestions",
    "save_avenues",
    "theme_of",
]

AVENUES_MAX_LENGTH = 5000


def theme_of(consultation: Consultation, theme_id: object) -> Theme | None:
    """The consultation's theme with this id; ``None`` for an empty value (no theme)."""
    if theme_id in (None, ""):
        return None
    try:
        return consultation.themes.get(pk=int(str(theme_id)))
    except (ValueError, Theme.DoesNotExist):
        raise ValidationError(_("This consultation has no such theme.")) from None


def file_under_theme(
    consultation: Consultation, numbers: Sequence[object], theme: Theme | None, *, actor: Any, note: str = ""
) -> list[ModerationLogEntry]:
    """File statements (any moderation state) under ``theme``, or under none; one log entry per change.

    Unknown statement numbers refuse the whole change."""
    if theme is not None and theme.consultation_id != consultation.pk:
        raise ValidationError(_("This consultation has no such theme."))
    entries = []
    with transaction.atomic():
        for statement in _statements(consultation, numbers):
            if statement.theme_id == (theme.pk if theme else None):
                continue
            before = {"theme": statement.theme.name if statement.theme_id and statement.theme else ""}
            statement.theme = theme
            statement.save(update_fields=["theme"])
            entries.append(
                _log(
                    consultation,
                    Action.THEME,
                    actor,
                    before,
                    {"theme": theme.name if theme else ""},
                    statement=statement,
                    note=note,
                )
            )
    return entries


def save_avenues(theme: Theme, text: str) -> None:
    """Store the staff's "avenues for further work" for ``theme`` (spaces trimmed)."""
    text = (text or "").strip()
    if len(text) > AVENUES_MAX_LENGTH:
        raise ValidationError(_("Write at most %(limit)d characters.") % {"limit": AVENUES_MAX_LENGTH})
    theme.avenues = text
    theme.save(update_fields=["avenues"])


def refresh_suggestions(consultation: Consultation, *, n_themes: int | None = None) -> list[ThemeSuggestion]:
    """Replace the consultation's suggestions by new ones computed from every submission not rejected
    (seed statements included: they are part of what the themes must cover).

    Raises :class:`assembly.assist.suggest.AssistUnavailableError` without the ``assist`` extra."""
    from assembly.assist.suggest import suggest_themes

    texts = (
        Statement.objects.filter(consultation=consultation)
        .exclude(moderation="rejected")
        .values_list("number", "text")
    )
    found = suggest_themes(list(texts), n_themes=n_themes)
    with transaction.atomic():
        consultation.theme_suggestions.all().delete()
        return [
            ThemeSuggestion.objects.create(
                consultation=consultation,
                label=s.label[:200],
                keywords=list(s.keywords),
                statement_numbers=list(s.statement_ids),
                position=i,
            )
            for i, s in enumerate(found)
        ]


def _suggestions(consultation: Consultation, ids: Sequence[object]) -> list[ThemeSuggestion]:
    try:
        wanted = sorted({int(str(i)) for i in ids})
    except ValueError:
        raise ValidationError(_("Choose at least one suggestion.")) from None
    found = list(consultation.theme_suggestions.filter(pk__in=wanted).order_by("position", "id"))
    if not wanted or len(found) != len(wanted):
        raise ValidationError(_("Choose at least one suggestion."))
    return found


def accept_suggestions(
    consultation: Consultation, ids: Sequence[object], *, name: str, actor: Any
) -> tuple[Theme, int]:
    """Accept one suggestion, or merge several, as the theme ``name`` (created if new, else the existing
    theme of that name): their statements that have no theme yet are filed under it (logged), and the
    suggestions are removed. Returns the theme and how many statements were filed."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the theme a name."))
    if len(name) > 200:
        raise ValidationError(_("A theme's name has at most 200 characters."))
    with transaction.atomic():
        chosen = _suggestions(consultation, ids)
        theme = consultation.themes.filter(name=name).first()
        if theme is None:
            position = consultation.themes.count()
            theme = Theme.objects.create(consultation=consultation, name=name, position=position)
        numbers = sorted({int(n) for s in chosen for n in s.statement_numbers})
        untagged = list(
            Statement.objects.filter(
                consultation=consultation, number__in=numbers, theme__isnull=True
            ).values_list("number", flat=True)
        )
        entries = file_under_theme(consultation, untagged, theme, actor=actor) if untagged else []
        ThemeSuggestion.objects.filter(pk__in=[s.pk for s in chosen]).delete()
    return theme, len(entries)


def discard_suggestions(consultation: Consultation, ids: Sequence[object]) -> int:
    """Remove suggestions; nothing else changes. Returns how many were removed."""
    chosen = _suggestions(consultation, ids)
    ThemeSuggestion.objects.filter(pk__in=[s.pk for s in chosen]).delete()
    return len(chosen)
