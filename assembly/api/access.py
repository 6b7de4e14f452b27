"""Who is calling the API, and what they may see.

Staff authenticate with their Django session (log in on the site first); unsafe methods then need the
CSRF token (header ``X-CSRFToken``), as every form of the site does. Participants present the token
they were given at their first vote or submission: in the ``X-Participant-Token`` header, or in the
participant cookie the site sets (then unsafe methods need the CSRF token too, since a browser sends
cookies by itself). A participant acting for the first time gets a new token in the response.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from assembly.accounts.access import is_staff
from assembly.api.errors import ApiError
from assembly.consultations import services
from assembly.consultations.access import can_moderate, moderated_consultations
from assembly.consultations.errors import ParticipationRefusedError
from assembly.consultations.identity import (
    check_published,
    check_same_site,
    cookie_name,
    find_invite,
    may_read,
    participant_for_invite,
)
from assembly.consultations.models import Consultation, Participant, Theme
from assembly.ratelimit import limits as rate_limits

__all__ = [
    "PARTICIPANT_HEADER",
    "ModeratorAuth",
    "StaffAuth",
    "acting_participant",
    "is_staff",
    "moderator_auth",
    "readable_consultation",
    "readable_consultations",
    "staff_auth",
    "theme_named",
]

PARTICIPANT_HEADER = "X-Participant-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class StaffAuth(SessionAuth):
    """An active staff user's Django session; CSRF is checked on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if is_staff(request.user) else None


staff_auth = StaffAuth()


class ModeratorAuth(SessionAuth):
    """A staff session that moderates the consultation named by the path's ``slug`` (see
    :func:`assembly.consultations.access.can_moderate`); CSRF is checked on unsafe methods. For an unknown
    slug any staff session passes, and the operation answers 404."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        match = request.resolver_match
        slug = match.kwargs.get("slug") if match is not None else None
        consultation = Consultation.objects.filter(slug=slug).first() if slug else None
        if consultation is None:
            return request.user if is_staff(request.user) else None
        return request.user if can_moderate(request.user, consultation) else None


moderator_auth = ModeratorAuth()


def readable_consultations(request: HttpRequest) -> QuerySet[Consultation]:
    """Consultations this caller may read: the published ones that are not invite-only, and those the
    caller moderates (drafts included)."""
    open_to_all = Consultation.objects.filter(invite_only=False, published_at__isnull=False)
    if not is_staff(request.user):
        return open_to_all
    return Consultation.objects.filter(
        Q(invite_only=False, published_at__isnull=False)
        | Q(pk__in=moderated_consultations(request.user).values("pk"))
    )


def readable_consultation(request: HttpRequest, slug: str) -> Consultation:
    """The consultation, or 404 (also for a draft, to all but its staff). An invite-only one is
    readable by its moderators, its participants and its invite holders
    (:func:`~assembly.consultations.identity.may_read`, as on the pages)."""
    consultation = services.consultation_by_slug(slug, token=_header_token(request))
    if consultation is None:
        raise Http404(slug)
    check_published(request.user, consultation)
    if not may_read(request.user, consultation, known=False) and not _known(request, consultation):
        raise ParticipationRefusedError(consultation.slug)
    return consultation


def _known(request: HttpRequest, consultation: Consultation) -> bool:
    """Whether the caller's token is a participant's or an invite's of this consultation."""
    token = _token(request, consultation)
    return token is not None and (
        services.participant_for_token(consultation, token) is not None
        or find_invite(consultation, token) is not None
    )


def _header_token(request: HttpRequest) -> str | None:
    token = request.headers.get(PARTICIPANT_HEADER)
    return (token or "").strip() or None


def _token(request: HttpRequest, consultation: Consultation) -> str | None:
    if request.headers.get(PARTICIPANT_HEADER):
        return _header_token(request)
    token = request.COOKIES.get(cookie_name(consultation))
    if token and request.method not in SAFE_METHODS and check_csrf(request) is not None:
        raise HttpError(403, "CSRF check Failed")
    return token or None


def acting_participant(
    request: HttpRequest, consultation: Consultation, *, create: bool
) -> tuple[Participant | None, str | None]:
    """The calling participant and, when it was created by this call, their new token.

    A token that is an unused invite of an invite-only consultation creates the invited participant.
    Without a token: a new participant when ``create`` (refused in invite-only consultations), else
    ``(None, None)``. Call it inside the transaction of the action, so a refused action leaves no
    participant behind.

    Raises
    ------
    ApiError 401 ``unknown_participant``: a token that belongs to nobody in this consultation.
    ParticipationRefusedError 403: a newcomer to an invite-only consultation.
    CrossSiteRequestError 403: a newcomer sent by a page of another site (a script there could make
    each of its visitors a participant, from their own address, past the per-address limit).
    RateLimitedError 429: too many new participants from the caller's address in the last hour.
    """
    token = _token(request, consultation)
    if token is not None:
        participant = services.participant_for_token(consultation, token)
        if participant is not None:
            return participant, None
        if consultation.invite_only:
            identity = participant_for_invite(consultation, token)
            return identity.participant, token
        raise ApiError(
            401,
            "unknown_participant",
            _("This participant token is not known in this consultation."),
            PARTICIPANT_HEADER,
        )
    if not create:
        return None, None
    if consultation.invite_only:
        raise ParticipationRefusedError(consultation.slug)
    check_same_site(request, consultation)
    rate_limits.check_new_participant(request)
    participant, new_token = services.create_participant(consultation)
    return participant, new_token


def theme_named(consultation: Consultation, name: str | None) -> Theme | None:
    """The consultation's theme called ``name`` (None for no name); ApiError 404 when there is none."""
    if not name:
        return None
    theme = Theme.objects.filter(consultation=consultation, name=name).first()
    if theme is None:
        raise ApiError(
            404,  # like a statement number that does not exist: the named thing is not there
            "unknown_theme",
            _("This consultation has no theme called “%(name)s”.") % {"name": name},
            "theme",
        )
    return theme
