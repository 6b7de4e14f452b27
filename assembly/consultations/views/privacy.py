"""A participant's data pages: what is kept about them and the consultation's erasure policy, the
download of all of it (JSON), and erasure (:mod:`assembly.consultations.privacy`).

Only the participant themselves (their cookie, link token or external id) reaches these pages; anyone
else gets 404. Erasing is a form post like voting (like the other participant writes, refused when a
page of another site sent it, instead of Django's CSRF token, which embedded frames cannot keep), and
asks for an explicit confirmation.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from assembly.accounts.access import Level, declare
from assembly.consultations.identity import (
    Identity,
    check_same_site,
    cookie_name,
    cookie_path,
    identify,
    published_or_404,
)
from assembly.consultations.models import ErasurePolicy, Statement, Vote, VoteEvent
from assembly.consultations.privacy import erase_participant, participant_data
from assembly.consultations.views.participate import _base_context, _carry, _finish, _see_other, _url
from assembly.errors import ConsultationError


class NoParticipantError(ConsultationError):
    code = "no_participant"
    status = 404

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(
            _("This browser has not taken part in this consultation: there is no data about you here.")
        )


def _identity(request: HttpRequest, slug: str) -> Identity:
    consultation = published_or_404(request, slug)
    identity = identify(request, consultation)
    if identity.participant is None:
        raise NoParticipantError(slug)
    return identity


def _page(request: HttpRequest, identity: Identity, *, status: int = 200, error: str = "") -> HttpResponse:
    participant = identity.participant
    context = _base_context(request, identity.consultation, identity) | {
        "policy": ErasurePolicy(identity.consultation.erasure_policy),
        "n_votes": Vote.objects.filter(participant=participant).count(),
        "n_vote_records": VoteEvent.objects.filter(participant=participant).count(),
        "n_statements": Statement.objects.filter(author=participant).count(),
        "error": error,
    }
    return _finish(request, render(request, "consultations/my_data.html", context, status=status), identity)


@declare(Level.PARTICIPANT)
@require_GET
def my_data(request: HttpRequest, slug: str) -> HttpResponse:
    """What is kept about the participant, the erasure policy, the download link and the erase form."""
    return _page(request, _identity(request, slug))


@declare(Level.PARTICIPANT)
@require_GET
def download(request: HttpRequest, slug: str) -> HttpResponse:
    """All the participant's data as one JSON file."""
    identity = _identity(request, slug)
    document = participant_data(identity.participant, language=get_language())
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-my-data.json"'
    return _finish(request, response, identity)


@declare(Level.PARTICIPANT)
@csrf_exempt
@require_POST
def erase(request: HttpRequest, slug: str) -> HttpResponse:
    """Erase the participant's data (after the confirmation box is ticked), then forget their cookie."""
    check_same_site(request, published_or_404(request, slug))
    identity = _identity(request, slug)
    if request.POST.get("confirm") != "yes":
        return _page(request, identity, status=400, error=_("Tick the box to confirm the erasure."))
    carry = _carry(request, identity)
    erase_participant(identity.participant)
    messages.success(request, _("Your data has been erased."))
    carry.pop("t", None)
    carry.pop("xid", None)
    target = "embed" if carry else "consultation"
    carry.pop("embed", None)
    response = _see_other(_url(target, identity.consultation, carry))
    response.delete_cookie(cookie_name(identity.consultation), path=cookie_path(identity.consultation))
    return response
