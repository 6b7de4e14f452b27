"""Participant pages: the consultation with its vote card, submitting a statement, one's own
statements and votes, the embeddable view, and invite links.

Every page works without JavaScript (forms post, the server redirects back); with htmx the vote card
and the similar-statements list are swapped in place (requests carry ``HX-Request``, and the view
renders only the fragment). The same templates serve the embed layout when ``embed=1``.

Participant write endpoints are exempt from CSRF checks: the participant's identity cookie is
SameSite=Lax, so a forged cross-site post never acts as an existing participant, and embed pages
inside another site's iframe cannot use the CSRF cookie at all.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assembly.accounts.access import Level, declare
from assembly.config.security import allow_framing
from assembly.consultations import routing, services
from assembly.consultations.errors import ConsultationError
from assembly.consultations.forms import SubmissionForm
from assembly.consultations.identity import (
    TOKEN_PARAM,
    XID_PARAM,
    Identity,
    ensure_participant,
    identify,
    participant_for_invite,
    remember,
)
from assembly.consultations.models import SUBMISSION_MAX_LENGTH, Consultation, Statement, Vote
from assembly.ratelimit import limits as rate_limits
from assembly.ratelimit.limits import RateLimitedError

# Where a vote form may send the participant back to (never a URL from the request: no open redirect).
RETURN_PAGES = {"consultation", "mine"}


def _see_other(url: str) -> HttpResponseRedirect:
    """303 See Other: after a post, the browser fetches the next page with GET."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _is_embed(request: HttpRequest) -> bool:
    return (request.POST.get("embed") or request.GET.get("embed")) == "1"


def _carry(request: HttpRequest, identity: Identity) -> dict[str, str]:
    """Parameters every link and form of an embed page repeats: the token instead of a cookie."""
    if not _is_embed(request):
        return {}
    params = {"embed": "1"}
    if identity.token:
        params[TOKEN_PARAM] = identity.token
    elif identity.xid:
        params[XID_PARAM] = identity.xid
    lang = request.GET.get("lang") or request.POST.get("lang")
    if lang and translation.check_for_language(lang):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        params["lang"] = lang
    return params


def _url(name: str, consultation: Consultation, carry: dict[str, str]) -> str:
    url = reverse(f"participate:{name}", kwargs={"slug": consultation.slug})
    return f"{url}?{urlencode(carry)}" if carry else url


def _finish(request: HttpRequest, response: HttpResponse, identity: Identity) -> HttpResponse:
    if _is_embed(request):
        allow_framing(response, ancestors=identity.consultation.frame_ancestors())
    return remember(request, response, identity)


def _base_context(request: HttpRequest, consultation: Consultation, identity: Identity) -> dict[str, object]:
    carry = _carry(request, identity)
    return {
        "consultation": consultation,
        "participant": identity.participant,
        "carry": carry,
        "carry_query": f"?{urlencode(carry)}" if carry else "",
        "layout": "embed_base.html" if carry else "base.html",
        "is_open": consultation.is_open(),
    }


def _card_context(consultation: Consultation, identity: Identity) -> dict[str, object]:
    participant = identity.participant
    priorities = routing.priorities(consultation) if consultation.is_open() else None
    card = services.next_card(consultation, participant=participant, priorities=priorities)
    return {
        "statement": card.statement if consultation.is_open() else None,
        "remaining": card.remaining,
        "total": card.total,
    }


@require_GET
@declare(Level.PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """The list of consultations anyone can join."""
    consultations = [c for c in Consultation.objects.filter(invite_only=False) if not c.is_scheduled]
    return render(request, "consultations/home.html", {"consultations": consultations})


@require_GET
@declare(Level.PUBLIC)
def consultation_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The question, the guidelines and the vote card."""
    consultation = _consultation(slug)
    identity = identify(request, consultation)
    if identity.token and not _is_embed(request):
        # A token arrived in the link (from an embed's "open in a new tab"): keep it in the cookie
        # and drop it from the address bar.
        return remember(request, redirect(_url("consultation", consultation, {})), identity)
    context = _base_context(request, consultation, identity) | _card_context(consultation, identity)
    return _finish(request, render(request, "consultations/consultation.html", context), identity)


@require_GET
@declare(Level.PUBLIC)
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation in the minimal layout meant for an iframe on an institution's site."""
    request.GET = request.GET.copy()
    request.GET["embed"] = "1"
    consultation = _consultation(slug)
    identity = identify(request, consultation)
    context = _base_context(request, consultation, identity) | _card_context(consultation, identity)
    context["new_tab_url"] = _url(
        "consultation", consultation, {TOKEN_PARAM: identity.token} if identity.token else {}
    )
    return _finish(request, render(request, "consultations/consultation.html", context), identity)


@csrf_exempt
@require_POST
@declare(Level.PUBLIC)
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a vote, then show the next statement (or go back to the page the vote came from)."""
    consultation = _consultation(slug)
    identity = identify(request, consultation)
    try:
        with transaction.atomic():
            participant = ensure_participant(request, identity)
            services.cast_vote(
                participant, statement_number=request.POST.get("statement"), value=request.POST.get("value")
            )
    except ConsultationError as exc:
        if not _is_htmx(request):
            raise
        identity = identify(request, consultation)  # as it was: the transaction was rolled back
        context = _base_context(request, consultation, identity) | _card_context(consultation, identity)
        context["error"] = exc.message
        return _finish(
            request, render(request, "consultations/_vote_card.html", context, status=exc.status), identity
        )
    back = request.POST.get("return")
    back = back if back in RETURN_PAGES else "consultation"
    if _is_htmx(request) and back == "consultation":
        context = _base_context(request, consultation, identity) | _card_context(consultation, identity)
        return _finish(request, render(request, "consultations/_vote_card.html", context), identity)
    target = "embed" if _is_embed(request) and back == "consultation" else back
    carry = _carry(request, identity)
    if target == "embed":
        carry.pop("embed", None)
    return _finish(request, _see_other(_url(target, consultation, carry)), identity)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@declare(Level.PUBLIC)
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    """The submission box with the guidelines beside it and similar statements below."""
    consultation = _consultation(slug)
    identity = identify(request, consultation)
    form = SubmissionForm(request.POST or None)
    status = 200
    similar: list[object] = []
    refused = ""
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "check":
            similar, refused = _similar(request, consultation, form.cleaned_data["text"])
            status = 429 if refused else status
        else:
            try:
                with transaction.atomic():
                    participant = ensure_participant(request, identity)
                    statement = services.submit_statement(participant, text=form.cleaned_data["text"])
            except ConsultationError as exc:
                form.add_error("text", exc.message)
                status = exc.status
            else:
                if statement.consultation.shows_pending_statements:
                    messages.success(
                        request, _("Thank you: your statement is now shown to other participants.")
                    )
                else:
                    messages.success(
                        request, _("Thank you: your statement will be shown once a moderator accepts it.")
                    )
                return _finish(
                    request,
                    _see_other(_url("mine", consultation, _carry(request, identity))),
                    identity,
                )
    elif request.method == "POST":
        status = 400
    context = _base_context(request, consultation, identity) | {
        "form": form,
        "similar": similar,
        "refused": refused,
        "limit": SUBMISSION_MAX_LENGTH,
    }
    return _finish(request, render(request, "consultations/submit.html", context, status=status), identity)


@require_GET
@declare(Level.PUBLIC)
def similar(request: HttpRequest, slug: str) -> HttpResponse:
    """The statements resembling a draft (fragment, requested while typing)."""
    consultation = _consultation(slug)
    text = request.GET.get("text", "")[: SUBMISSION_MAX_LENGTH * 2]
    found, refused = _similar(request, consultation, text) if len(text.strip()) >= 3 else ([], "")
    context = {"similar": found, "refused": refused, "consultation": consultation}
    return render(request, "consultations/_similar.html", context, status=429 if refused else 200)


def _similar(request: HttpRequest, consultation: Consultation, text: str) -> tuple[list[object], str]:
    """The statements resembling ``text``, or none and the refusal when this address asked too often."""
    try:
        rate_limits.check_similar(request)
    except RateLimitedError as exc:
        return [], exc.message
    return list(services.similar_statements(consultation, text)), ""


@require_GET
@declare(Level.PUBLIC)
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant's own statements (with what moderators decided) and votes (to change them)."""
    consultation = _consultation(slug)
    identity = identify(request, consultation)
    participant = identity.participant
    statements = Statement.objects.filter(author=participant) if participant else Statement.objects.none()
    votes = (
        Vote.objects.filter(participant=participant)
        .filter(statement__in=Statement.objects.visible_to_participants(consultation))
        .select_related("statement")
        .order_by("-updated_at")
        if participant
        else Vote.objects.none()
    )
    context = _base_context(request, consultation, identity) | {"statements": statements, "votes": votes}
    return _finish(request, render(request, "consultations/mine.html", context), identity)


@require_GET
@declare(Level.PUBLIC)
def invite(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """An invite link: identify (or create) its participant, keep the token in the cookie, go on."""
    consultation = _consultation(slug)
    identity = participant_for_invite(consultation, token)
    return remember(request, redirect(_url("consultation", consultation, {})), identity)
