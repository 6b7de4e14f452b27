"""The moderation log in words: "Participant 12 excluded by alice: Spam", not "excluded: False -> True".

The log keeps its before and after states (the CSV export prints them for analysts); the moderators'
page reads each entry as a sentence naming the statement or participant, the moderator and the reason.
An action this module does not know yet reads as its label, so a new action never breaks the page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from assembly.moderation.models import Action, ModerationLogEntry
from assembly.moderation.services import EXCLUSION_REASONS

__all__ = ["describe"]

SENTENCES: dict[str, Callable[[], str]] = {
    Action.ACCEPT: lambda: _("Statement %(statement)s accepted by %(who)s"),
    Action.REJECT: lambda: _("Statement %(statement)s rejected by %(who)s"),
    Action.REQUEUE: lambda: _("Statement %(statement)s returned to the queue by %(who)s"),
    Action.MARK_META: lambda: _("Statement %(statement)s marked as meta by %(who)s"),
    Action.UNMARK_META: lambda: _("Statement %(statement)s no longer marked as meta, by %(who)s"),
    Action.CORRECT: lambda: _("Statement %(statement)s corrected by %(who)s: “%(old)s” became “%(new)s”"),
    Action.EXCLUDE: lambda: _("Participant %(participant)s excluded by %(who)s"),
    Action.INCLUDE: lambda: _("Participant %(participant)s included again by %(who)s"),
    Action.PUBLISH: lambda: _("Consultation published by %(who)s"),
    Action.THEME: lambda: _("Statement %(statement)s filed under the theme “%(theme)s” by %(who)s"),
}


def _UNFILED() -> str:  # noqa: N802 (used like SENTENCES' entries): a theme change to no theme at all
    return _("Statement %(statement)s taken out of its theme by %(who)s")


def _reason(entry: ModerationLogEntry) -> str:
    if entry.action == Action.EXCLUDE:
        return str(EXCLUSION_REASONS.get(entry.reason, entry.reason))
    return entry.reason


def describe(entry: ModerationLogEntry) -> str:
    """One entry as a sentence, with its reason after a colon (the note is shown beside it)."""
    sentence = SENTENCES.get(entry.action)
    if entry.action == Action.THEME and not entry.after.get("theme"):
        sentence = _UNFILED
    if sentence is None:
        return str(entry.get_action_display())
    who = entry.actor.get_username() if entry.actor_id and entry.actor else _("a removed account")
    text = sentence() % {
        "statement": entry.statement.number if entry.statement_id and entry.statement else "?",
        "participant": entry.participant.number if entry.participant_id and entry.participant else "?",
        "who": who,
        "old": entry.before.get("text", ""),
        "new": entry.after.get("text", ""),
        "theme": entry.after.get("theme", ""),
    }
    reason = _reason(entry)
    return _("%(what)s: %(reason)s") % {"what": text, "reason": reason} if reason else text
