"""A participant's own data: all of it as one JSON document, and its erasure.

What erasure does, under either policy (:class:`~assembly.consultations.models.ErasurePolicy`, chosen
per consultation and shown to participants before they take part):

- the participant can no longer be recognised: their token, external id and invite are removed from
  the participant row, so no cookie, link or id acts as them again; the row keeps only its
  pseudonymous number, so numbers are never given to someone else;
- their statements lose their author; those other participants cannot see (rejected, or awaiting
  moderation under pre-moderation) also lose their text, replaced by :data:`ERASED_TEXT`; the others
  keep their text, because other participants voted on them and the results quote them;
- ``delete`` policy: their votes and vote history are deleted, so they leave the analysis and the
  exports at its next run; ``keep anonymised`` policy: their votes stay, under the pseudonymous number.

Moderation log entries about them stay (numbers only, never texts or identities). On SQLite, what was
erased is overwritten in the database file and emptied from its write-ahead log when the erasure
commits (:mod:`assembly.config.sqlite.files`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from assembly.analysis.types import Moderation
from assembly.analysis.types import Vote as VoteValue
from assembly.config.sqlite.files import checkpoint_after_erasure
from assembly.consultations.models import VOTE_ORDER, ErasurePolicy, Participant, Statement, Vote, VoteEvent
from assembly.moderation.models import ModerationLogEntry

__all__ = ["DATA_FORMAT", "ERASED_TEXT", "ErasureOutcome", "erase_participant", "participant_data"]

# The version of the download's layout, so a reader can tell which fields to expect.
DATA_FORMAT = "assembly-participant-data/1"
# What an unpublished statement says after its author erased their data (stored data, not interface).
ERASED_TEXT = "[erased at its author's request]"
_VOTE_NAMES = {int(v): v.name.lower() for v in VoteValue}


def _time(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _identified_by(participant: Participant) -> str:
    if participant.invite_id is not None:
        return "invite"
    if participant.xid:
        return "external id"
    return "browser cookie"


def participant_data(participant: Participant, *, language: str) -> dict[str, Any]:
    """Everything stored about ``participant``, as a JSON-ready document.

    Parameters
    ----------
    participant : Participant
        Who asks (identified by their own cookie, link token or external id).
    language : str
        Their interface language, the one setting kept for them (in a cookie).
    """
    consultation = participant.consultation
    votes = (
        Vote.objects.filter(participant=participant).select_related("statement").order_by("statement__number")
    )
    history = (
        VoteEvent.objects.filter(participant=participant).select_related("statement").order_by(*VOTE_ORDER)
    )
    statements = Statement.objects.filter(author=participant).select_related("theme").order_by("number")
    log = ModerationLogEntry.objects.filter(participant=participant).order_by("created_at", "id")
    return {
        "format": DATA_FORMAT,
        "exported_at": _time(timezone.now()),
        "consultation": {
            "slug": consultation.slug,
            "title": consultation.title,
            "question": consultation.question,
            "on_erasure": {
                "policy": consultation.erasure_policy,
                "means": str(ErasurePolicy(consultation.erasure_policy).label),
            },
        },
        "participant": {
            "number": participant.number,
            "joined_at": _time(participant.created_at),
            "identified_by": _identified_by(participant),
            "external_id": participant.xid,
            "excluded_from_analysis": participant.excluded,
        },
        "settings": {"language": language},
        "votes": [
            {
                "statement": v.statement.number,
                "statement_text": v.statement.text,
                "vote": _VOTE_NAMES[v.value],
                "first_cast_at": _time(v.created_at),
                "last_changed_at": _time(v.updated_at),
            }
            for v in votes
        ],
        "vote_history": [
            {"statement": e.statement.number, "vote": _VOTE_NAMES[e.value], "cast_at": _time(e.created_at)}
            for e in history
        ],
        "statements": [
            {
                "number": s.number,
                "text": s.text,
                "submitted_at": _time(s.created_at),
                "moderation": Moderation(s.moderation).name.lower(),
                "reason": s.moderation_reason,
                "note_to_author": s.author_note,
                "moderated_at": _time(s.moderated_at),
                "meta": s.is_meta,
                "theme": s.theme.name if s.theme_id else None,
            }
            for s in statements
        ],
        "moderation_of_participant": [
            {"action": e.action, "reason": e.reason, "note": e.note, "at": _time(e.created_at)} for e in log
        ],
    }


@dataclass(frozen=True)
class ErasureOutcome:
    """What an erasure removed."""

    policy: str
    votes_deleted: int
    vote_records_deleted: int
    statements_detached: int
    texts_erased: int


def erase_participant(participant: Participant) -> ErasureOutcome:
    """Erase ``participant``'s data following their consultation's published policy (module docstring).

    All or nothing; the participant row stays as a pseudonymous number with ``erased_at`` set, which
    also tells the analysis runner that the data changed.
    """
    policy = participant.consultation.erasure_policy
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        authored = Statement.objects.filter(author=participant)
        shown = Statement.objects.visible_to_participants(participant.consultation)
        unpublished = authored.exclude(pk__in=shown.values("pk"))
        texts_erased = unpublished.update(text=ERASED_TEXT, normalised_text="")
        statements_detached = authored.update(author=None)
        votes_deleted = records_deleted = 0
        if policy == ErasurePolicy.DELETE:
            votes_deleted, _ = Vote.objects.filter(participant=participant).delete()
            records_deleted, _ = VoteEvent.objects.filter(participant=participant).delete()
        participant.token_hash = None
        participant.xid = None
        participant.invite = None
        participant.erased_at = timezone.now()
        participant.save(update_fields=["token_hash", "xid", "invite", "erased_at"])
        # Once committed, out of SQLite's write-ahead log too (the old texts and votes are still there).
        transaction.on_commit(checkpoint_after_erasure, robust=True)  # an erasure done stays done
    return ErasureOutcome(policy, votes_deleted, records_deleted, statements_detached, texts_erased)
