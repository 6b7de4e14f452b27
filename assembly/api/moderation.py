"""Moderation (staff only): the queue with near-duplicate suggestions, decisions on statements (accept,
reject with a criterion, back to the queue, meta), excluding and re-including participants.

Decisions are validated by the moderators' :class:`DecisionForm` / :class:`ExclusionForm` and applied by
:mod:`assembly.moderation.services`, which log every change, exactly as the moderation pages do.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from assembly.accounts.access import Level, declare
from assembly.analysis.types import Moderation
from assembly.api.access import moderator_auth
from assembly.api.errors import check_form
from assembly.api.schemas import (
    DecisionIn,
    DecisionOut,
    ErrorOut,
    ExclusionIn,
    NoteIn,
    ParticipantStateOut,
    QueueItemOut,
)
from assembly.consultations.models import Consultation, Participant
from assembly.moderation import services
from assembly.moderation.forms import DecisionForm, ExclusionForm
from assembly.moderation.views import DECIDE

router = Router(tags=["moderation"], auth=moderator_auth)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# The queue's filter: moderation state, or every statement.
STATES = {"pending": Moderation.PENDING, "accepted": Moderation.ACCEPTED, "rejected": Moderation.REJECTED}


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
    criteria; an unknown statement number refuses the whole decision. Statements already in the
    requested state are left alone (and not listed in ``changed``)."""
    consultation = _consultation(slug)
    form = DecisionForm(payload.dict(include={"action", "reason", "note"}), consultation=consultation)
    decision = check_form(form)
    entries = DECIDE[decision["action"]](consultation, payload.statements, request.user, decision)
    return {"changed": [entry.statement.number for entry in entries]}


def _participant_state(consultation: Consultation, number: int) -> Participant:
    return Participant.objects.get(consultation=consultation, number=number)


@router.post(
    "/consultations/{slug}/moderation/participants/{number}/exclude",
    response={200: ParticipantStateOut, **ERRORS},
    summary="Exclude a participant from the analysis (staff)",
)
@declare(Level.MODERATOR)
def exclude(request: HttpRequest, slug: str, number: int, payload: ExclusionIn) -> Any:
    """Their votes leave the analysis (they stay stored, flagged in the export); undo with ``include``."""
    consultation = _consultation(slug)
    data = check_form(ExclusionForm(payload.dict()))
    services.exclude_participant(
        consultation, number, actor=request.user, reason=data["reason"], note=data["note"]
    )
    return _participant_state(consultation, number)


@router.post(
    "/consultations/{slug}/moderation/participants/{number}/include",
    response={200: ParticipantStateOut, **ERRORS},
    summary="Count an excluded participant's votes again (staff)",
)
@declare(Level.MODERATOR)
def include(request: HttpRequest, slug: str, number: int, payload: NoteIn) -> Any:
    consultation = _consultation(slug)
    services.include_participant(consultation, number, actor=request.user, note=payload.note)
    return _participant_state(consultation, number)
