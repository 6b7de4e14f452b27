"""Participant pages: the consultation with its vote card, submitting a statement, one's own
statements and votes, the embeddable view, invite links, and continuing with a link's participant.

Every page works without JavaScript (forms post, the server redirects back); with htmx the vote card
and the similar-statements list are swapped in place (requests carry ``HX-Request``, and the view
renders only the fragment). The same templates serve the embed layout when ``embed=1``.

Participant writes (vote, submit) are exempt from Django's CSRF token, which embed pages inside
another site's iframe cannot keep (its cookie is third-party there); instead they are refused when a
page of another site sent them (:func:`~assembly.consultations.identity.check_same_site`: the embed's
own forms come from this site's page inside the frame). Invite-only consultations show nothing to
visitors who are neither their participants nor their moderators
(:func:`~assembly.consultations.identity.check_admitted`, the API's rule).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assembly.accounts.access import Level, declare
from assembly.consultations import routing, services
from assembly.consultations.errors import (
    NothingToUndoError,
    ParticipationRefusedError,
    UnknownLinkError,
)
from assembly.consultations.forms import SubmissionForm
from assembly.consultations.identity import (
    TOKEN_PARAM,
    XID_PARAM,
    Identity,
    check_admitted,
    check_same_site,
    ensure_participant,
    find_invite,
    identify,
    is_embed,
    participant_for_invite,
    participant_for_link,
    published_or_404,
    remember,
)
from assembly.consultations.languages import language_name, viewer_language
from assembly.consultations.models import (
    SUBMISSION_MAX_LENGTH,
    Consultation,
    Participant,
    Statement,
    Vote,
    VoteChoice,
)
from assembly.errors import ConsultationError
from assembly.http import allow_framing
from assembly.ratelimit import limits as rate_limits
from assembly.ratelimit.limits import RateLimitedError
from assembly.translation.detect import detect_language

# Where a vote form may send the participant back to (never a URL from the request: no open redirect).
RETURN_PAGES = {"consultation", "mine"}
# The moderation log's action for a corrected statement text (assembly.moderation.models.Action.CORRECT).
CORRECTED = "statement.correct"


def _see_other(url: str) -> HttpResponseRedirect:
    """303 See Other: after a post, the browser fetches the next page with GET."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _admitted(request: HttpRequest, slug: str, *, write: bool = False) -> tuple[Consultation, Identity]:
    """The consultation and the request's identity, once the request may see the consultation (and,
    for a ``write``, once it is known to come from this site's own pages)."""
    consultation = published_or_404(request, slug)
    if write:
        check_same_site(request, consultation)
    identity = identify(request, consultation)
    check_admitted(request, identity)
    return consultation, identity


def _carry(request: HttpRequest, identity: Identity) -> dict[str, str]:
    """Parameters every link and form of an embed page repeats: the token instead of a cookie."""
    if not is_embed(request):
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
    if is_embed(request):
        allow_framing(response, ancestors=identity.consultation.frame_ancestors())
    return remember(request, response, identity)


def _base_context(request: HttpRequest, consultation: Consultation, identity: Identity) -> dict[str, object]:
    carry = _carry(request, identity)
    # In the embed, the way out of a frame that cannot keep cookies (in the vote card, so that htmx
    # votes renew it: the first one makes the token): to this participant once they have one.
    new_tab_url = _url("consultation", consultation, {TOKEN_PARAM: identity.token} if identity.token else {})
    return {
        "consultation": consultation,
        "participant": identity.participant,
        "carry": carry,
        "carry_query": f"?{urlencode(carry)}" if carry else "",
        "layout": "embed_base.html" if carry else "base.html",
        # A draft reaches its staff only (published_or_404): they see it as participants will once it
        # is open, marked as a preview; its writes are refused (services.check_open), so it records nothing.
        "preview": consultation.is_draft,
        "is_open": consultation.is_open() or consultation.is_draft,
        "new_tab_url": new_tab_url if carry else "",
    }


def _card_context(
    consultation: Consultation, identity: Identity, *, voted: object = None, again: object = None
) -> dict[str, object]:
    """The vote card. ``voted``: the statement number just voted on, offered for undo while that vote is
    still the participant's last. ``again``: a statement whose vote was just undone, shown again in
    place of the next one so the participant can vote on it afresh."""
    participant = identity.participant
    is_open = consultation.is_open()
    shown = is_open or consultation.is_draft  # a draft: its staff's preview
    priorities = routing.priorities(consultation) if shown else None
    card = services.next_card(consultation, participant=participant, priorities=priorities)
    statement = card.statement if shown else None
    if again is not None and statement is not None:
        statement = services.visible_statement(consultation, again) or statement
    # Asked of the database only where an undo could be offered: an open consultation, after a vote.
    can_undo = is_open and participant is not None and voted is not None
    return {
        "statement": statement,
        "remaining": card.remaining,
        "total": card.total,
        "undoable": services.undoable_vote(participant, voted) if can_undo else None,
    }


@require_GET
@declare(Level.PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """The list of consultations anyone can join."""
    listed = Consultation.objects.filter(invite_only=False, published_at__isnull=False)
    consultations = [c for c in listed if not c.is_scheduled]
    return render(request, "consultations/home.html", {"consultations": consultations})


@require_GET
@declare(Level.PUBLIC)
def consultation_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The question, the guidelines and the vote card."""
    link = request.GET.get(TOKEN_PARAM)
    if link and not is_embed(request):
        return _offer_link(request, published_or_404(request, slug), link)
    consultation, identity = _admitted(request, slug)
    context = _base_context(request, consultation, identity) | _card_context(
        consultation, identity, voted=request.GET.get("voted"), again=request.GET.get("again")
    )
    return _finish(request, render(request, "consultations/consultation.html", context), identity)


@require_GET
@declare(Level.PUBLIC)
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation in the minimal layout meant for an iframe on an institution's site."""
    request.GET = request.GET.copy()
    request.GET["embed"] = "1"
    consultation, identity = _admitted(request, slug)
    context = _base_context(request, consultation, identity) | _card_context(
        consultation, identity, voted=request.GET.get("voted"), again=request.GET.get("again")
    )
    return _finish(request, render(request, "consultations/consultation.html", context), identity)


@csrf_exempt
@require_POST
@declare(Level.PUBLIC)
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a vote, then show the next statement (or go back to the page the vote came from)."""
    consultation, identity = _admitted(request, slug, write=True)
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
    # An embed's first vote made the participant's token: the frame reloads (htmx: HX-Redirect), so its
    # links and forms outside the card carry it too (the frame keeps no cookie).
    reload_embed = is_embed(request) and identity.set_cookie
    voted = request.POST.get("statement")
    if _is_htmx(request) and back == "consultation" and not reload_embed:
        context = _base_context(request, consultation, identity) | _card_context(
            consultation, identity, voted=voted
        )
        return _finish(request, render(request, "consultations/_vote_card.html", context), identity)
    target = "embed" if is_embed(request) and back == "consultation" else back
    carry = _carry(request, identity)
    if target == "embed":
        carry.pop("embed", None)
    if back == "consultation":
        carry["voted"] = str(voted)  # the card offers to undo it (checked again when shown)
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _url(target, consultation, carry)
        return _finish(request, response, identity)
    return _finish(request, _see_other(_url(target, consultation, carry)), identity)


@csrf_exempt
@require_POST
@declare(Level.PUBLIC)
def undo(request: HttpRequest, slug: str) -> HttpResponse:
    """Take back the participant's last vote (the card's Undo), then show that statement again.

    Same rules as :func:`vote`: same-site only, the participant's own identity, htmx or a plain form."""
    consultation, identity = _admitted(request, slug, write=True)
    number = request.POST.get("statement")
    try:
        if identity.participant is None:
            raise NothingToUndoError(number)
        restored = services.undo_last_vote(
            identity.participant, statement_number=number, value=request.POST.get("value")
        )
    except ConsultationError as exc:
        if not _is_htmx(request):
            raise
        context = _base_context(request, consultation, identity) | _card_context(consultation, identity)
        context["error"] = exc.message
        return _finish(
            request, render(request, "consultations/_vote_card.html", context, status=exc.status), identity
        )
    number = str(int(str(number)))  # as the service read it (" 3" and "03" are statement 3)
    if restored is None:
        notice = _(
            "Vote taken back: you have no vote on statement %(number)s now. Vote on it again below."
        ) % {"number": number}
    else:
        notice = _(
            "Vote taken back: your earlier vote on statement %(number)s (%(vote)s) is in force again."
        ) % {"number": number, "vote": VoteChoice(int(restored)).label}
    if _is_htmx(request):
        context = _base_context(request, consultation, identity) | _card_context(
            consultation, identity, again=number
        )
        context["notice"] = notice
        return _finish(request, render(request, "consultations/_vote_card.html", context), identity)
    messages.success(request, notice)
    carry = _carry(request, identity)
    target = "embed" if carry else "consultation"
    carry.pop("embed", None)
    carry["again"] = str(number)
    return _finish(request, _see_other(_url(target, consultation, carry)), identity)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@declare(Level.PUBLIC)
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    """The submission box with the guidelines beside it and similar statements below."""
    consultation, identity = _admitted(request, slug, write=request.method == "POST")
    form = SubmissionForm(
        request.POST or None, languages=_languages(consultation), initial=_initial(consultation)
    )
    status = 200
    similar: list[object] = []
    refused = notice = ""
    if request.method == "POST" and form.is_valid():
        language, notice = _written_in(request, consultation, form)
        if request.POST.get("action") == "check":
            similar, refused = _similar(request, consultation, form.cleaned_data["text"])
            status = 429 if refused else status
        elif not notice:
            try:
                with transaction.atomic():
                    participant = ensure_participant(request, identity)
                    statement = services.submit_statement(
                        participant, text=form.cleaned_data["text"], language=language
                    )
            except ConsultationError as exc:
                form.add_error("text", exc.message)
                status = exc.status
            else:
                _thank_author(request, statement)
                return _finish(request, _see_other(_voting_url(request, consultation, identity)), identity)
    elif request.method == "POST":
        status = 400
    context = _base_context(request, consultation, identity) | {
        "form": form,
        "similar": similar,
        "refused": refused,
        "limit": SUBMISSION_MAX_LENGTH,
        "language_notice": notice,
    }
    return _finish(request, render(request, "consultations/submit.html", context, status=status), identity)


def _languages(consultation: Consultation) -> list[tuple[str, str]]:
    """The languages a participant may write in (none to choose from in a one-language consultation)."""
    codes = consultation.all_languages
    return [(code, language_name(code)) for code in codes] if len(codes) > 1 else []


def _initial(consultation: Consultation) -> dict[str, str]:
    """The language offered first: the participant's interface language when the consultation has it."""
    viewer = viewer_language()
    return {"language": viewer if viewer in consultation.all_languages else consultation.source_language}


def _written_in(request: HttpRequest, consultation: Consultation, form: SubmissionForm) -> tuple[str, str]:
    """The statement's language, and a notice when it must be confirmed first: the text reads as another
    of the consultation's languages than the one chosen (detected on the server, py3langid). The form
    then offers the detected language; submitting again (``language_checked``) keeps the choice."""
    if "language" not in form.fields:
        return "", ""
    chosen = form.cleaned_data.get("language") or consultation.source_language
    if request.POST.get("language_checked"):
        return chosen, ""
    detected = detect_language(form.cleaned_data["text"], consultation.all_languages)
    if detected is None or detected == chosen:
        return chosen, ""
    data = form.data.copy()
    data["language"] = detected
    form.data = data
    notice = _(
        "Your statement reads as %(detected)s, not %(chosen)s: check its language below and submit again."
    )
    return chosen, notice % {"detected": language_name(detected), "chosen": language_name(chosen)}


def _thank_author(request: HttpRequest, statement: Statement) -> None:
    """The confirmation above the vote card: what happens to the statement next, where to follow it."""
    if statement.consultation.shows_pending_statements:
        text = _(
            "Thank you: your statement #%(number)d is now shown to other participants. A moderator may"
            " still remove it; you can follow it under “Your statements and votes”. Go on voting below."
        )
    else:
        text = _(
            "Thank you: your statement #%(number)d will be shown to other participants once a moderator"
            " accepts it; you can follow it under “Your statements and votes”. Go on voting below."
        )
    messages.success(request, text % {"number": statement.number})


def _voting_url(request: HttpRequest, consultation: Consultation, identity: Identity) -> str:
    """The vote card the participant came from: the consultation page, or the embed inside its frame."""
    carry = _carry(request, identity)
    if not carry:
        return _url("consultation", consultation, carry)
    carry.pop("embed", None)
    return _url("embed", consultation, carry)


@require_GET
@declare(Level.PUBLIC)
def similar(request: HttpRequest, slug: str) -> HttpResponse:
    """The statements resembling a draft (fragment, requested while typing)."""
    consultation, _identity = _admitted(request, slug)
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
    consultation, identity = _admitted(request, slug)
    participant = identity.participant
    statements = (
        Statement.objects.filter(author=participant).select_related("consultation")
        if participant
        else Statement.objects.none()
    )
    # A moderator's text corrections, shown to the author (read through the log's reverse relation: this
    # app does not import assembly.moderation, which depends on it).
    statements = statements.prefetch_related(
        Prefetch(
            "moderation_log",
            queryset=Statement.moderation_log.rel.related_model.objects.filter(
                action=CORRECTED
            ).order_by("created_at", "id"),
            to_attr="corrections",
        )
    )
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
    """An invite link: identify (or create) its participant, keep the token in the cookie, go on.

    A browser that already takes part as someone else keeps that identity, and is asked whether to
    switch instead (:func:`_offer_link`): an invite never silently replaces an identity."""
    consultation = published_or_404(request, slug)
    invite = find_invite(consultation, token)
    if invite is None:
        raise ParticipationRefusedError(consultation.slug)
    current = identify(request, consultation).participant
    if current is not None:
        return _offer_link(request, consultation, token)
    identity = participant_for_invite(consultation, token)
    return remember(request, redirect(_url("consultation", consultation, {})), identity)


def _votes_of(participant: Participant | None) -> int:
    return Vote.objects.filter(participant=participant).count() if participant else 0


def _offer_link(request: HttpRequest, consultation: Consultation, token: str) -> HttpResponse:
    """A link that carries a participant's token (an embed's "open in a new tab", an invite) opened at
    the top of a window: ask before continuing as that participant, and keep the browser's own
    identity unless the visitor chooses otherwise. Anyone can make such a link with their own token,
    and would then read the votes cast with it, so it never takes over by itself.

    A link to the browser's own participant, or to nobody, just leads to the consultation page (without
    the token in the address bar)."""
    current = identify(request, consultation).participant
    offered = services.participant_for_token(consultation, token)
    is_invite = offered is None and find_invite(consultation, token) is not None
    same = offered is not None and current is not None and offered.pk == current.pk
    if same or (offered is None and not is_invite):
        return redirect(_url("consultation", consultation, {}))
    context = {
        "consultation": consultation,
        "layout": "base.html",
        "current_votes": _votes_of(current) if current is not None else None,
        "offered_votes": _votes_of(offered),
        "is_invite": is_invite,
        "token": token,
    }
    response = render(request, "consultations/continue.html", context)
    response["Cache-Control"] = "no-store"  # the page holds a token
    return response


@require_POST
@declare(Level.PUBLIC)
def continue_with_link(request: HttpRequest, slug: str) -> HttpResponse:
    """The visitor chose to continue as the participant of a link (:func:`_offer_link`): keep its token
    in the cookie from now on. A same-site form with Django's CSRF token, so no other site can make a
    browser switch."""
    consultation = published_or_404(request, slug)
    identity = participant_for_link(consultation, request.POST.get(TOKEN_PARAM, "").strip())
    if identity is None:
        raise UnknownLinkError(consultation.slug)
    messages.success(request, _("You now take part as the participant of the link you opened."))
    return remember(request, _see_other(_url("consultation", consultation, {})), identity)
