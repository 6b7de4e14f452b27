"""Moderation (staff only): the queue with near-duplicate suggestions, decisions on statements (accept,
reject with a criterion, back to the queue, meta), filing statements under a theme, excluding and
re-including participants.

Decisions are validated by the moderators' :class:`DecisionForm` / :class:`ExclusionForm` and applied by
:mod:`assembly.moderation.services`, which log every change, exactly as the moderation pages do.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Router

from assembly.accounts.access import Level, declare
from assembly.analysis.types import Moderation
from assembly.api.access import moderator_auth, theme_named
from assembly.api.errors import ApiError, check_form
from assembly.api.schemas import (
    NUMBER_MAX,
    DecisionIn,
    DecisionOut,
    ErrorOut,
    ExclusionIn,
    NoteIn,
    ParticipantStateOut,
    QueueItemOut,
    ThemeFilingIn,
)
from assembly.consultations.models import Consultation, Participant, Statement
from assembly.moderation import services, themes
from assembly.moderation.forms import DecisionForm, ExclusionForm
from assembly.moderation.views import DECIDE

router = Router(tags=["moderation"], auth=moderator_auth)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# The queue's filter: moderation state, or every statement.
STATES = {"pending": Moderation.PENDING, "accepted": Moderation.ACCEPTED, "rejected": Moderation.REJECTED}
# A participant's number in the path: the numbers the database can hold.
ParticipantNumber = Path(..., ge=0, le=NUMBER_MAX, description="The participant's number.")


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


@router.get(
    "/consultations/{slug}/moderation/queue",
    response={200: list[QueueItemOut], **ERRORS},
    summary="The moderation queue (staff)",
)
@declare(Level.MODERATOR)
def queue(
    request: HttpRequest, slug: str, state: Literal["pending", "accepted", "rejected", "all"] = "pending"
) -> Any:
    """Statements in ``state``, oldest first, each with its most similar other statements."""
    consultation = _consultation(slug)
    statements = list(services.queue(consultation, state=STATES.get(state)).select_related("author"))
    similar = services.near_duplicates(consultation, statements)
    for statement in statements:
        statement.similar = similar[statement.number]
    return statements


@router.post(
    "/consultations/{slug}/moderation/decisions",
    response={200: DecisionOut, **ERRORS},
    summary="Accept, reject, requeue or mark statements as meta (staff)",
)
@declare(Level.MODERATOR)
def decide(request: HttpRequest, slug: str, payload: DecisionIn) -> Any:
    """One decision on one or many statements. ``reject`` needs a ``reason`` among the consultation's
    criteria (a reason that is not one of them: 404); an unknown statement number refuses the whole
    decision (404). Statements already in the requested state are left alone (and not listed in
    ``changed``)."""
    consultation = _consultation(slug)
    reason = payload.reason.strip()
    if reason and reason not in [str(c) for c in consultation.moderation_criteria]:
        message = _("“%(reason)s” is not one of this consultation's criteria.") % {"reason": reason}
        raise ApiError(404, "unknown_criterion", message, "reason")
    _check_statements(consultation, payload.statements)
    # The reason as checked above: the form's choice field would not trim it.
    data = {
        "action": payload.action,
        "reason": reason,
        "note": payload.note,
        "author_note": payload.author_note,
    }
    form = DecisionForm(data, consultation=consultation)
    decision = check_form(form)
    entries = DECIDE[decision["action"]](consultation, payload.statements, request.user, decision)
    return {"changed": [entry.statement.number for entry in entries]}


def _check_statements(consultation: Consultation, numbers: list[int]) -> None:
    """ApiError 404 naming the numbers the consultation has no statement for."""
    found = Statement.objects.filter(consultation=consultation, number__in=numbers)
    missing = sorted(set(numbers) - set(found.values_list("number", flat=True)))
    if missing:
        message = _("This consultation has no statement number %(numbers)s.") % {
            "numbers": ", ".join(str(n) for n in missing)
        }
        raise ApiError(404, "statement_not_found", message, "statements")


@router.post(
    "/consultations/{slug}/moderation/themes",
    response={200: DecisionOut, **ERRORS},
    summary="File statements under a theme, or under none (staff)",
)
@declare(Level.MODERATOR)
def file_under_theme(request: HttpRequest, slug: str, payload: ThemeFilingIn) -> Any:
    """Statements of any moderation state; each change is logged. An unknown theme or statement number
    refuses the whole change (404). Statements already under that theme are not listed in ``changed``."""
    consultation = _consultation(slug)
    theme = theme_named(consultation, payload.theme)
    _check_statements(consultation, payload.statements)
    entries = themes.file_under_theme(
        consultation, payload.statements, theme, actor=request.user, note=payload.note
    )
    return {"changed": [entry.statement.number for entry in entries]}


def _participant(consultation: Consultation, number: int) -> Participant:
    """The consultation's participant with this number; ApiError 404 when there is none."""
    participant = Participant.objects.filter(consultation=consultation, number=number).first()
    if participant is None:
        message = _("This consultation has no participant number %(number)s.") % {"number": number}
        raise ApiError(404, "participant_not_found", message, "number")
    return participant


@router.post(
    "/consultations/{slug}/moderation/participants/{number}/exclude",
    response={200: ParticipantStateOut, **ERRORS},
    summary="Exclude a participant from the analysis (staff)",
)
@declare(Level.MODERATOR)
def exclude(request: HttpRequest, slug: str, payload: ExclusionIn, number: int = ParticipantNumber) -> Any:
    """Their votes leave the analysis (they stay stored, flagged in the export); undo with ``include``.
    An unknown participant number: 404."""
    consultation = _consultation(slug)
    _participant(consultation, number)
    data = check_form(ExclusionForm(payload.dict()))
    services.exclude_participant(
        consultation, number, actor=request.user, reason=data["reason"], note=data["note"]
    )
    return _participant(consultation, number)


@router.post(
    "/consultations/{slug}/moderation/participants/{number}/include",
    response={200: ParticipantStateOut, **ERRORS},
    summary="Count an excluded participant's votes again (staff)",
)
@declare(Level.MODERATOR)
def include(request: HttpRequest, slug: str, payload: NoteIn, number: int = ParticipantNumber) -> Any:
    """An unknown participant number: 404."""
    consultation = _consultation(slug)
    _participant(consultation, number)
    services.include_participant(consultation, number, actor=request.user, note=payload.note)
    return _participant(consultation, number)
