"""What participants do: read the published statements, get the next one, vote, submit, and see their
own votes and submissions with the moderators' decisions.

A participant's first vote or submission creates them and returns their token (``participant_token``,
also in the ``X-Participant-Token`` response header); later calls send it back in that header. The
participant and the action are written in one transaction: a refused vote leaves no participant.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router, Status
from ninja.pagination import paginate

from assembly.accounts.access import Level, declare
from assembly.api.access import PARTICIPANT_HEADER, acting_participant, readable_consultation, theme_named
from assembly.api.errors import ApiError
from assembly.api.pagination import NumberPages
from assembly.api.schemas import (
    NUMBER_MAX,
    ErrorOut,
    NextOut,
    StatementOut,
    SubmissionCreatedOut,
    SubmissionIn,
    SubmissionOut,
    VoteCastOut,
    VoteIn,
    VoteOut,
    VoteValueIn,
)
from assembly.consultations import services
from assembly.consultations.identity import Identity
from assembly.consultations.models import Consultation, Participant, Statement, Vote
from assembly.consultations.views.participate import _card_context as card_context  # the page's own choice

router = Router(tags=["participation"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


def _known_participant(request: HttpRequest, consultation: Consultation) -> Participant:
    participant, _token = acting_participant(request, consultation, create=False)
    if participant is None:
        raise ApiError(
            401,
            "participant_token_required",
            _("Send your participant token in the %(header)s header.") % {"header": PARTICIPANT_HEADER},
            PARTICIPANT_HEADER,
        )
    return participant


def _with_token(response: HttpResponse, token: str | None) -> None:
    if token:
        response[PARTICIPANT_HEADER] = token


@router.get(
    "/consultations/{slug}/statements",
    response={200: list[StatementOut], **ERRORS},
    summary="List the statements participants see, a page at a time",
)
@paginate(NumberPages)
@declare(Level.PUBLIC)
def list_statements(request: HttpRequest, slug: str) -> Any:
    """Accepted statements, plus pending ones in post-moderation. Never rejected ones.

    By number, at most `limit` (default 100) a page; follow `next` (the path of the next page, null on the
    last one) to read them all. A page starts after the number `after`, so statements added, accepted or
    rejected meanwhile never shift the pages: each statement is listed at most once."""
    consultation = readable_consultation(request, slug)
    return Statement.objects.visible_to_participants(consultation).select_related("theme")


@router.get(
    "/consultations/{slug}/statements/next",
    response={200: NextOut, **ERRORS},
    summary="The next statement to vote on",
)
@declare(Level.PUBLIC)
def next_statement(request: HttpRequest, slug: str) -> Any:
    """Drawn with the routing priorities of the latest analysis (uniformly among unseen statements before
    the first one), like the participant page. Null once the participant has voted on every statement
    or the consultation is not open."""
    consultation = readable_consultation(request, slug)
    participant, _token = acting_participant(request, consultation, create=False)
    return card_context(consultation, Identity(consultation, participant))


@router.post(
    "/consultations/{slug}/votes",
    response={200: VoteCastOut, **ERRORS},
    summary="Vote on a statement (or change a vote)",
)
@declare(Level.PUBLIC)
def cast_vote(request: HttpRequest, slug: str, payload: VoteIn, response: HttpResponse) -> Any:
    """Records the vote; a second vote on the same statement replaces the first (both stay in the
    history). Refused on closed consultations, unknown or hidden statements, and values other than
    1, -1, 0."""
    consultation = readable_consultation(request, slug)
    participant, token = acting_participant(request, consultation, create=False)  # a read: before the write
    # A newcomer is created in the vote's transaction, so a refused first vote leaves no participant; a
    # known participant's vote needs no outer transaction (on SQLite it would hold the only write lock
    # while the vote reads its statement).
    with transaction.atomic() if participant is None else nullcontext():
        if participant is None:
            participant, token = acting_participant(request, consultation, create=True)
        value = services.cast_vote(participant, statement_number=payload.statement, value=payload.value)
    _with_token(response, token)
    return {"statement": payload.statement, "value": int(value), "participant_token": token}


@router.put(
    "/consultations/{slug}/votes/{number}",
    response={200: VoteCastOut, **ERRORS},
    summary="Change the vote on one statement",
)
@declare(Level.PUBLIC)
def change_vote(
    request: HttpRequest,
    slug: str,
    number: Annotated[int, Path(ge=0, le=NUMBER_MAX)],
    payload: VoteValueIn,
    response: HttpResponse,
) -> Any:
    """The same as posting a vote, addressed by the statement's number."""
    return cast_vote(request, slug, VoteIn(statement=number, value=payload.value), response)


@router.get(
    "/consultations/{slug}/votes",
    response={200: list[VoteOut], **ERRORS},
    summary="Your votes",
)
@declare(Level.PARTICIPANT)
def my_votes(request: HttpRequest, slug: str) -> Any:
    """The calling participant's live votes, by statement number."""
    consultation = readable_consultation(request, slug)
    participant = _known_participant(request, consultation)
    rows = Vote.objects.filter(participant=participant).order_by("statement__number")
    return [{"statement": n, "value": v} for n, v in rows.values_list("statement__number", "value")]


@router.post(
    "/consultations/{slug}/statements",
    response={201: SubmissionCreatedOut, **ERRORS},
    summary="Submit a statement",
)
@declare(Level.PUBLIC)
def submit_statement(request: HttpRequest, slug: str, payload: SubmissionIn, response: HttpResponse) -> Any:
    """A new statement, pending moderation, with its author's agree vote. Refused when longer than 140
    characters, empty, the same as an existing statement (after normalising case, spaces, Unicode,
    invisible characters and look-alike letters such as Cyrillic а for Latin a), or when the consultation
    is closed or takes no submissions."""
    consultation = readable_consultation(request, slug)
    theme = theme_named(consultation, payload.theme)
    with transaction.atomic():
        participant, token = acting_participant(request, consultation, create=True)
        statement = services.submit_statement(participant, text=payload.text, theme=theme)
    _with_token(response, token)
    return Status(201, {"statement": statement, "participant_token": token})


@router.get(
    "/consultations/{slug}/submissions",
    response={200: list[SubmissionOut], **ERRORS},
    summary="Your statements and the moderators' decisions",
)
@declare(Level.PARTICIPANT)
def my_submissions(request: HttpRequest, slug: str) -> Any:
    consultation = readable_consultation(request, slug)
    participant = _known_participant(request, consultation)
    statements = Statement.objects.filter(author=participant).select_related("theme", "consultation")
    return statements.order_by("number")
