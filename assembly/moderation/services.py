"""Every moderation action, each written together with its log entry in one transaction.

Statements: :func:`accept_statements`, :func:`reject_statements`, :func:`requeue_statements`,
:func:`set_meta`, :func:`correct_statement`. Participants: :func:`exclude_participant`,
:func:`include_participant`. Reading: :func:`queue`, :func:`near_duplicates`, :func:`export_log_csv`,
:func:`corrections_by_statement`.

All take statement or participant *numbers* (as participants and exports see them) and work in bulk;
an unknown number or a reason that is not one of the consultation's criteria raises a
``ValidationError`` and changes nothing. An action that changes nothing (accepting an accepted
statement) is not logged.
Pol.is equivalents named below: compdemocracy/polis 08e03eb1, docs/explanation/polis-math.md §1, §2.2.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assembly.analysis.types import Moderation
from assembly.consultations.errors import InvalidStatementError
from assembly.consultations.models import Consultation, Participant, Statement, VoteEvent
from assembly.consultations.services import validate_statement_text
from assembly.consultations.similar import index_for
from assembly.consultations.texts import SimilarStatement, duplicate_key
from assembly.moderation.models import Action, ModerationLogEntry

# Reasons for excluding a participant (the issue names spam and coordinated voting).
# The code is what the log stores; the label is what moderators read.
EXCLUSION_REASONS = {
    "spam": gettext_lazy("Spam"),
    "coordinated-voting": gettext_lazy("Coordinated or automated voting"),
    "multiple-accounts": gettext_lazy("Several accounts of one person"),
    "other": gettext_lazy("Other (see the note)"),
}
# Near-duplicate suggestions shown per pending statement in the queue.
SUGGESTIONS_PER_STATEMENT = 3
# Pending statements shown per page of the queue.
QUEUE_PAGE_SIZE = 50


def _numbers(values: Iterable[object]) -> list[int]:
    try:
        numbers = sorted({int(str(v)) for v in values})
    except ValueError:
        raise ValidationError(_("Statement and participant numbers are whole numbers.")) from None
    if not numbers:
        raise ValidationError(_("Choose at least one statement."))
    return numbers


def _statements(consultation: Consultation, numbers: Iterable[object]) -> list[Statement]:
    wanted = _numbers(numbers)
    found = list(
        Statement.objects.select_for_update()
        .filter(consultation=consultation, number__in=wanted)
        .order_by("number")
    )
    missing = sorted(set(wanted) - {s.number for s in found})
    if missing:
        raise ValidationError(
            _("This consultation has no statement number %(numbers)s.")
            % {"numbers": ", ".join(str(n) for n in missing)}
        )
    return found


def _check_reason(consultation: Consultation, reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    criteria = [str(c) for c in consultation.moderation_criteria]
    if not reason:
        if required and criteria:
            raise ValidationError(_("Choose the criterion the statement does not meet."))
        return ""
    if reason not in criteria:
        raise ValidationError(
            _("“%(reason)s” is not one of this consultation's criteria.") % {"reason": reason}
        )
    return reason


def _set_moderation(
    consultation: Consultation,
    numbers: Iterable[object],
    state: Moderation,
    action: Action,
    *,
    actor: Any,
    reason: str,
    note: str,
    author_note: str = "",
) -> list[ModerationLogEntry]:
    now = timezone.now()
    author_note = (author_note or "").strip()
    entries = []
    with transaction.atomic():
        for statement in _statements(consultation, numbers):
            if statement.moderation == state.value:
                continue
            before = {"moderation": statement.moderation}
            statement.moderation = state.value
            statement.moderation_reason = reason
            statement.moderated_at = None if state is Moderation.PENDING else now
            # The note belongs to this decision: a later one without a note clears it. Kept on the
            # statement only, never in the log (whose notes are published in its export).
            statement.author_note = author_note
            statement.save(update_fields=["moderation", "moderation_reason", "moderated_at", "author_note"])
            entries.append(
                _log(
                    consultation,
                    action,
                    actor,
                    before,
                    {"moderation": state.value},
                    statement=statement,
                    reason=reason,
                    note=note,
                    now=now,
                )
            )
    return entries


def _log(
    consultation: Consultation,
    action: Action,
    actor: Any,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    statement: Statement | None = None,
    participant: Participant | None = None,
    reason: str = "",
    note: str = "",
    now: Any = None,
) -> ModerationLogEntry:
    return ModerationLogEntry.objects.create(
        consultation=consultation,
        action=action,
        statement=statement,
        participant=participant,
        actor=actor if getattr(actor, "pk", None) else None,
        before=before,
        after=after,
        reason=reason,
        note=(note or "").strip(),
        created_at=now or timezone.now(),
    )


def publish_consultation(consultation: Consultation, *, actor: Any, now: Any = None) -> bool:
    """Publish a draft: from now on anyone may see it (and join it from its opening date), and the
    log says who published it when. False, and nothing logged, when it was published already."""
    now = now or timezone.now()
    with transaction.atomic():
        published = Consultation.objects.filter(pk=consultation.pk, published_at__isnull=True).update(
            published_at=now, updated_at=now
        )
        if published:
            _log(consultation, Action.PUBLISH, actor, {"published": False}, {"published": True}, now=now)
    consultation.refresh_from_db(fields=["published_at", "updated_at"])
    return bool(published)


def accept_statements(
    consultation: Consultation,
    numbers: Sequence[object],
    *,
    actor: Any,
    reason: str = "",
    note: str = "",
    author_note: str = "",
) -> list[ModerationLogEntry]:
    """Publish statements to participants. ``reason``, if given, must be one of the criteria.
    ``author_note``: shown to each statement's author only (not logged, never published).

    Pol.is equivalent: moderating a comment in (``mod`` = 1).
    """
    reason = _check_reason(consultation, reason, required=False)
    return _set_moderation(
        consultation,
        numbers,
        Moderation.ACCEPTED,
        Action.ACCEPT,
        actor=actor,
        reason=reason,
        note=note,
        author_note=author_note,
    )


def reject_statements(
    consultation: Consultation,
    numbers: Sequence[object],
    *,
    actor: Any,
    reason: str,
    note: str = "",
    author_note: str = "",
) -> list[ModerationLogEntry]:
    """Withdraw statements from participants, the analysis and the results, with the criterion they miss.

    Their votes stay in the database (and in the pol.is export, marked ``moderated`` = -1). The author
    reads the criterion's rejection wording (what was missing,
    :meth:`~assembly.consultations.models.Consultation.rejection_wording`) and ``author_note``.

    Pol.is equivalent: moderating a comment out (``mod`` = -1).
    """
    reason = _check_reason(consultation, reason, required=True)
    return _set_moderation(
        consultation,
        numbers,
        Moderation.REJECTED,
        Action.REJECT,
        actor=actor,
        reason=reason,
        note=note,
        author_note=author_note,
    )


def requeue_statements(
    consultation: Consultation, numbers: Sequence[object], *, actor: Any, note: str = ""
) -> list[ModerationLogEntry]:
    """Put statements back in the queue (undo an accept or a reject)."""
    return _set_moderation(
        consultation, numbers, Moderation.PENDING, Action.REQUEUE, actor=actor, reason="", note=note
    )


def set_meta(
    consultation: Consultation, numbers: Sequence[object], *, is_meta: bool, actor: Any, note: str = ""
) -> list[ModerationLogEntry]:
    """Mark statements as meta (about participants, not the topic: voted on, left out of the groups), or undo.

    Pol.is equivalent: ``is_meta``.
    """
    action = Action.MARK_META if is_meta else Action.UNMARK_META
    entries = []
    with transaction.atomic():
        for statement in _statements(consultation, numbers):
            if statement.is_meta == is_meta:
                continue
            statement.is_meta = is_meta
            statement.save(update_fields=["is_meta"])
            entries.append(
                _log(
                    consultation,
                    action,
                    actor,
                    {"is_meta": not is_meta},
                    {"is_meta": is_meta},
                    statement=statement,
                    note=note,
                )
            )
    return entries


def correct_statement(
    consultation: Consultation, number: object, *, text: object, actor: Any, note: str = ""
) -> ModerationLogEntry | None:
    """Correct a typo in a statement's text, logged with the old and the new text.

    Allowed only while no one but its author has voted on it: a vote answers the text it was cast on,
    so a text others voted on is never changed under their votes (reject it, or add a new statement,
    instead). That covers "before publishing" in pre-moderation and a statement just shown in
    post-moderation alike. The author sees the correction on their "my statements" page. The new text
    follows the submission rules (at most 140 characters, not a duplicate of another statement); a
    text that does not change is not logged (None).
    """
    try:
        cleaned = validate_statement_text(text)
    except InvalidStatementError as exc:
        raise ValidationError(exc.message) from None
    with transaction.atomic():
        (statement,) = _statements(consultation, [number])
        if statement.text == cleaned:
            return None
        others = VoteEvent.objects.filter(statement=statement)
        if statement.author_id is not None:
            others = others.exclude(participant_id=statement.author_id)
        if others.exists():
            raise ValidationError(
                _(
                    "Statement %(number)d cannot be corrected: others have voted on its text. Reject it "
                    "or add a new statement instead."
                )
                % {"number": statement.number}
            )
        key = duplicate_key(cleaned)
        twin = (
            Statement.objects.filter(consultation=consultation, normalised_text=key)
            .exclude(pk=statement.pk)
            .values_list("number", flat=True)
            .first()
        )
        if twin is not None:
            raise ValidationError(_("Statement %(number)d already says this.") % {"number": twin})
        before = {"text": statement.text}
        statement.text, statement.normalised_text = cleaned, key
        statement.save(update_fields=["text", "normalised_text"])
        return _log(
            consultation, Action.CORRECT, actor, before, {"text": cleaned}, statement=statement, note=note
        )


def corrections_by_statement(statements: Iterable[Statement]) -> dict[int, list[ModerationLogEntry]]:
    """The text corrections of each statement (by primary key), oldest first: for its author's page."""
    out: dict[int, list[ModerationLogEntry]] = {}
    entries = ModerationLogEntry.objects.filter(
        action=Action.CORRECT, statement__in=list(statements)
    ).order_by("created_at", "id")
    for entry in entries:
        out.setdefault(entry.statement_id, []).append(entry)  # type: ignore[arg-type]
    return out


def _participant(consultation: Consultation, number: object) -> Participant:
    (wanted,) = _numbers([number])
    participant = (
        Participant.objects.select_for_update().filter(consultation=consultation, number=wanted).first()
    )
    if participant is None:
        raise ValidationError(
            _("This consultation has no participant number %(number)s.") % {"number": wanted}
        )
    return participant


def _set_excluded(
    consultation: Consultation, number: object, excluded: bool, *, actor: Any, reason: str, note: str
) -> ModerationLogEntry | None:
    with transaction.atomic():
        participant = _participant(consultation, number)
        if participant.excluded == excluded:
            return None
        participant.excluded = excluded
        participant.save(update_fields=["excluded"])
        action = Action.EXCLUDE if excluded else Action.INCLUDE
        return _log(
            consultation,
            action,
            actor,
            {"excluded": not excluded},
            {"excluded": excluded},
            participant=participant,
            reason=reason,
            note=note,
        )


def exclude_participant(
    consultation: Consultation, number: object, *, actor: Any, reason: str, note: str = ""
) -> ModerationLogEntry | None:
    """Leave a participant's votes out of the analysis (they stay stored, flagged in the export).

    The participant is not told and can go on voting. ``reason`` is a key of :data:`EXCLUSION_REASONS`.
    Undo with :func:`include_participant`.

    Pol.is equivalent: none (pol.is advises filtering such voters after the fact).
    """
    if reason not in EXCLUSION_REASONS:
        raise ValidationError(_("Choose a reason for the exclusion."))
    return _set_excluded(consultation, number, True, actor=actor, reason=reason, note=note)


def include_participant(
    consultation: Consultation, number: object, *, actor: Any, note: str = ""
) -> ModerationLogEntry | None:
    """Undo :func:`exclude_participant`: the participant's votes count again."""
    return _set_excluded(consultation, number, False, actor=actor, reason="", note=note)


def queue(
    consultation: Consultation, *, state: Moderation | None = Moderation.PENDING
) -> QuerySet[Statement]:
    """Statements to review, oldest first; ``state=None`` for all of them."""
    statements = Statement.objects.filter(consultation=consultation).select_related("theme")
    if state is not None:
        statements = statements.filter(moderation=state.value)
    return statements.order_by("created_at", "number")


def near_duplicates(
    consultation: Consultation, statements: Iterable[Statement]
) -> dict[int, list[SimilarStatement]]:
    """For each statement, the most similar *other* statements that are not rejected (number -> list)."""
    not_rejected = Statement.objects.filter(consultation=consultation).exclude(
        moderation=Moderation.REJECTED.value
    )
    index = index_for(consultation, "moderation", lambda: not_rejected)
    return {
        s.number: index.query(s.text, limit=SUGGESTIONS_PER_STATEMENT, exclude=s.number) for s in statements
    }


LOG_COLUMNS = ("time", "action", "statement", "participant", "before", "after", "reason", "note", "moderator")


def export_log_csv(consultation: Consultation) -> str:
    """The moderation log as CSV, without personal data.

    Moderators appear as "moderator 1", "moderator 2"... (numbered by their first action in this
    consultation); statements and participants by their numbers (as in the pol.is export), never by
    text, token or external id. Times are UTC, ISO 8601. Oldest first. Reasons and notes that a
    spreadsheet would run as formulas are neutralised (:func:`assembly.polis.neutralise_text`).
    """
    from assembly.polis import neutralise_text

    pseudonyms: dict[int | None, str] = {None: ""}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LOG_COLUMNS)
    entries = (
        ModerationLogEntry.objects.filter(consultation=consultation)
        .select_related("statement", "participant")
        .order_by("created_at", "id")
    )
    for entry in entries:
        if entry.actor_id not in pseudonyms:
            pseudonyms[entry.actor_id] = f"moderator {len(pseudonyms)}"
        writer.writerow(
            [
                entry.created_at.astimezone(UTC).isoformat(timespec="seconds"),
                entry.action,
                entry.statement.number if entry.statement is not None else "",
                entry.participant.number if entry.participant is not None else "",
                _state_text(entry.before),
                _state_text(entry.after),
                neutralise_text(entry.reason),
                neutralise_text(entry.note),
                pseudonyms[entry.actor_id],
            ]
        )
    return out.getvalue()


def participant_log(participant: Participant) -> list[dict[str, Any]]:
    """The moderation done about ``participant``, oldest first, for their own data download
    (:func:`assembly.consultations.privacy.participant_data`, key ``moderation_of_participant``)."""
    entries = ModerationLogEntry.objects.filter(participant=participant).order_by("created_at", "id")
    return [
        {"action": e.action, "reason": e.reason, "note": e.note, "at": e.created_at.isoformat()}
        for e in entries
    ]


def _state_text(state: dict[str, Any]) -> str:
    """``key=value; ...``; a statement's text (a correction's before and after) is never written, only
    that it was there: the export promises statements by number, never by text."""
    return "; ".join(
        f"{k}=" + ("(text)" if k == "text" else str(v).lower() if isinstance(v, bool) else str(v))
        for k, v in sorted(state.items())
    )
