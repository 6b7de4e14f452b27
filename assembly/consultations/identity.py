"""Which participant a request belongs to, and how their browser remembers it.

A participant is created at their first vote or submission (not at a page view, so crawlers and
passers-by do not count as participants). Their token then travels in a cookie scoped to the
consultation's path (``/c/<slug>/``; HttpOnly, SameSite=Lax, Secure over HTTPS), so tokens of two
consultations cannot be linked.

Inside an iframe on another site, browsers do not store or send that cookie (third-party cookies),
so embed pages carry the token in their links and forms (parameter ``t``) instead, and offer to
continue in a new tab, where the token from the link is moved into the cookie.

Resolution order: the cookie; the ``t`` parameter; the ``xid`` parameter (only when the
consultation accepts external ids). Invite-only consultations refuse new participants unless they
arrive through an invite link (:func:`participant_for_invite`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from assembly.consultations import services
from assembly.consultations.errors import ParticipationRefusedError
from assembly.consultations.models import Consultation, Invite, Participant
from assembly.ratelimit import limits as rate_limits

TOKEN_PARAM = "t"  # noqa: S105 (the name of a URL parameter, not a secret)
XID_PARAM = "xid"
# The participant cookie lasts a year: long enough for any consultation (Europeana's ran six weeks).
COOKIE_MAX_AGE = 365 * 24 * 3600
# External ids longer than this are refused (the model's column size).
XID_MAX_LENGTH = 255


@dataclass
class Identity:
    """The participant of a request (None until they act) and how to remember them."""

    consultation: Consultation
    participant: Participant | None = None
    token: str | None = None  # set when the token must be (re)sent to the browser
    xid: str | None = None


def cookie_name(consultation: Consultation) -> str:
    return f"assembly_p_{consultation.slug}"


def cookie_path(consultation: Consultation) -> str:
    return f"/c/{consultation.slug}/"


def _param(request: HttpRequest, name: str) -> str | None:
    value = request.POST.get(name) if request.method == "POST" else None
    return (value or request.GET.get(name) or "").strip() or None


def identify(request: HttpRequest, consultation: Consultation) -> Identity:
    """The request's participant if it has one; creates nothing."""
    cookie_token = request.COOKIES.get(cookie_name(consultation))
    participant = services.participant_for_token(consultation, cookie_token)
    if participant is not None:
        return Identity(consultation, participant)
    param_token = _param(request, TOKEN_PARAM)
    participant = services.participant_for_token(consultation, param_token)
    if participant is not None:
        return Identity(consultation, participant, token=param_token)
    xid = _param(request, XID_PARAM) if consultation.accepts_xid else None
    if xid and len(xid) <= XID_MAX_LENGTH:
        participant = Participant.objects.filter(consultation=consultation, xid=xid).first()
        return Identity(consultation, participant, xid=xid)
    return Identity(consultation)


def ensure_participant(request: HttpRequest, identity: Identity) -> Participant:
    """The request's participant, created now if needed (then ``identity.token`` is set).

    Raises ParticipationRefusedError for a newcomer to an invite-only consultation, RateLimitedError when
    too many participants were created from the request's address in the last hour.
    """
    if identity.participant is not None:
        return identity.participant
    if identity.consultation.invite_only:
        raise ParticipationRefusedError(identity.consultation.slug)
    rate_limits.check_new_participant(request)
    participant, token = services.create_participant(identity.consultation, xid=identity.xid)
    identity.participant, identity.token = participant, token
    return participant


def participant_for_invite(consultation: Consultation, invite_token: str) -> Identity:
    """The participant behind an invite link, created at its first use.

    Raises ParticipationRefusedError when the token is not an invite of this consultation.
    """
    invite = Invite.objects.filter(
        consultation=consultation, token_hash=services.hash_token(invite_token)
    ).first()
    if invite is None:
        raise ParticipationRefusedError(consultation.slug)
    participant = Participant.objects.filter(invite=invite).first()
    if participant is None:
        participant, _token = services.create_participant(
            consultation, invite=invite, invite_token=invite_token
        )
    return Identity(consultation, participant, token=invite_token)


def remember(request: HttpRequest, response: HttpResponse, identity: Identity) -> HttpResponse:
    """Set the participant cookie when the identity carries a token the browser may not have yet."""
    if identity.token:
        response.set_cookie(
            cookie_name(identity.consultation),
            identity.token,
            max_age=COOKIE_MAX_AGE,
            path=cookie_path(identity.consultation),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response
