"""Which participant a request belongs to, and how their browser remembers it.

A participant is created at their first vote or submission (not at a page view, so crawlers and
passers-by do not count as participants). Their token then travels in a cookie scoped to the
consultation's path (``/c/<slug>/``; HttpOnly, SameSite=Lax, Secure over HTTPS), so tokens of two
consultations cannot be linked.

Inside an iframe on another site, browsers do not store or send that cookie (third-party cookies),
so embed pages carry the token in their links and forms (parameter ``t``) instead, and offer to
continue in a new tab, where the visitor may take the token from the link into the cookie.

Resolution order: the cookie; the ``t`` parameter, on embed requests only; the ``xid`` parameter
(only when the consultation accepts external ids). Invite-only consultations refuse new participants
unless they arrive through an invite link (:func:`participant_for_invite`), and show themselves only
to their participants and moderators (:func:`check_admitted`).

A token in a link never replaces an identity silently (issue 11, item 5): anyone can put their own
participant's token in a link, and whoever follows it would then vote as that participant, whose
votes its owner reads through the API. So the cookie always wins over the link; a link token is read
only in embed mode and not by a page opened at the top of a window (``Sec-Fetch-Dest: document``: a
crafted link, not the embed's own frame); the cookie is set only for a participant the request
created, an invite opened by a browser without an identity, or after the visitor chose to continue
as the link's participant (a same-site form, CSRF-protected). Participant writes sent by another
site's page are refused (:func:`check_same_site`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from assembly.consultations import services
from assembly.consultations.access import can_moderate
from assembly.consultations.errors import CrossSiteRequestError, ParticipationRefusedError
from assembly.consultations.models import Consultation, Invite, Participant
from assembly.http import is_cross_site
from assembly.ratelimit import limits as rate_limits

TOKEN_PARAM = "t"  # noqa: S105 (the name of a URL parameter, not a secret)
XID_PARAM = "xid"
EMBED_PARAM = "embed"
# The participant cookie lasts a year: long enough for any consultation (Europeana's ran six weeks).
COOKIE_MAX_AGE = 365 * 24 * 3600
# External ids longer than this are refused (the model's column size).
XID_MAX_LENGTH = 255


@dataclass
class Identity:
    """The participant of a request (None until they act) and how to remember them."""

    consultation: Consultation
    participant: Participant | None = None
    # The participant's token when the request carried it in its link or created it (embed pages repeat it).
    token: str | None = None
    xid: str | None = None
    # Keep ``token`` in the browser's cookie: set for a participant created by this request, an invite
    # opened without an identity, or a link the visitor chose to continue with; never from a link alone.
    set_cookie: bool = False


def cookie_name(consultation: Consultation) -> str:
    return f"assembly_p_{consultation.slug}"


def cookie_path(consultation: Consultation) -> str:
    return f"/c/{consultation.slug}/"


def _param(request: HttpRequest, name: str) -> str | None:
    value = request.POST.get(name) if request.method == "POST" else None
    return (value or request.GET.get(name) or "").strip() or None


def is_embed(request: HttpRequest) -> bool:
    """Whether the request belongs to the embed view (its links and forms carry ``embed=1``)."""
    return _param(request, EMBED_PARAM) == "1"


def link_token(request: HttpRequest) -> str | None:
    """The ``t`` parameter where it may identify someone: embed requests that are not a page opened at
    the top of a window (browsers say ``Sec-Fetch-Dest: document`` there; the embed's own links and
    forms load inside its frame). Elsewhere a token in a link is only ever an offer to continue
    (:func:`participant_for_link`)."""
    if not is_embed(request) or request.headers.get("Sec-Fetch-Dest", "").lower() == "document":
        return None
    return _param(request, TOKEN_PARAM)


def identify(request: HttpRequest, consultation: Consultation) -> Identity:
    """The request's participant if it has one; creates nothing."""
    cookie_token = request.COOKIES.get(cookie_name(consultation))
    participant = services.participant_for_token(consultation, cookie_token)
    if participant is not None:
        return Identity(consultation, participant)
    param_token = link_token(request)
    participant = services.participant_for_token(consultation, param_token)
    if participant is not None:
        return Identity(consultation, participant, token=param_token)
    xid = _param(request, XID_PARAM) if consultation.accepts_xid else None
    if xid and len(xid) <= XID_MAX_LENGTH:
        participant = Participant.objects.filter(consultation=consultation, xid=xid).first()
        return Identity(consultation, participant, xid=xid)
    return Identity(consultation)


def may_read(user: Any, consultation: Consultation, *, known: bool) -> bool:
    """Whether a consultation shows its texts to a caller: every one that is not invite-only; an
    invite-only one to its moderators and to ``known`` callers (its participants and invite holders).
    The pages and the API apply this one rule."""
    return not consultation.invite_only or known or can_moderate(user, consultation)


def check_published(user: Any, consultation: Consultation) -> None:
    """Http404, as for a slug that names nothing, when ``consultation`` is a draft and ``user`` does
    not moderate it: to everyone but its staff a draft does not exist yet (no title, no page, no API
    answer). The pages, the results and the API apply this one rule."""
    if consultation.is_draft and not can_moderate(user, consultation):
        raise Http404("No consultation matches the given query.")


def published_or_404(request: HttpRequest, slug: str) -> Consultation:
    """The consultation with this slug, or Http404 when there is none or it is a draft the request's
    user does not moderate (:func:`check_published`)."""
    consultation = get_object_or_404(Consultation, slug=slug)
    check_published(request.user, consultation)
    return consultation


def check_admitted(request: HttpRequest, identity: Identity) -> None:
    """ParticipationRefusedError (403, which names nothing of the consultation) unless the request may
    see the consultation's pages (:func:`may_read`)."""
    if not may_read(request.user, identity.consultation, known=identity.participant is not None):
        raise ParticipationRefusedError(identity.consultation.slug)


def check_same_site(request: HttpRequest, consultation: Consultation) -> None:
    """CrossSiteRequestError (403) when a page of another site sent this participant write.

    The embed view's forms are sent from this site's own page inside the frame, so they pass; a forged
    form or a script on another site does not, whatever parameters it adds (``embed=1``, ``t``).
    """
    if is_cross_site(request):
        raise CrossSiteRequestError(consultation.slug)


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
    identity.participant, identity.token, identity.set_cookie = participant, token, True
    return participant


def find_invite(consultation: Consultation, invite_token: str) -> Invite | None:
    """The consultation's invite with this token, or None."""
    return Invite.objects.filter(
        consultation=consultation, token_hash=services.hash_token(invite_token)
    ).first()


def participant_for_invite(consultation: Consultation, invite_token: str) -> Identity:
    """The participant behind an invite link, created at its first use (the browser is to keep it).

    Raises ParticipationRefusedError when the token is not an invite of this consultation.
    """
    invite = find_invite(consultation, invite_token)
    if invite is None:
        raise ParticipationRefusedError(consultation.slug)
    participant = Participant.objects.filter(invite=invite).first()
    if participant is None:
        participant, _token = services.create_participant(
            consultation, invite=invite, invite_token=invite_token
        )
    return Identity(consultation, participant, token=invite_token, set_cookie=True)


def participant_for_link(consultation: Consultation, token: str | None) -> Identity | None:
    """The identity a link's token offers (a participant's token, or an invite's), for the visitor to
    continue with once they chose to; None when it belongs to nobody here."""
    if not token:
        return None
    participant = services.participant_for_token(consultation, token)
    if participant is not None:
        return Identity(consultation, participant, token=token, set_cookie=True)
    if find_invite(consultation, token) is not None:
        return participant_for_invite(consultation, token)
    return None


def remember(request: HttpRequest, response: HttpResponse, identity: Identity) -> HttpResponse:
    """Set the participant cookie when the identity is to be kept (:attr:`Identity.set_cookie`)."""
    if identity.token and identity.set_cookie:
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
