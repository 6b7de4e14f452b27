"""Moderator pages: the queue (with near-duplicate suggestions and bulk decisions), the log and its
anonymised CSV export, the participant list with exclusions, and publishing a draft (route
``facilitate:publish``, logged in the log). Excluding and rejecting several statements at once ask
first (:mod:`assembly.consultations.confirm`).

Moderators of the consultation only (:func:`assembly.consultations.access.can_moderate`). Decisions
post to one view and come back to the queue (htmx is not needed here: a
moderator's page reloads in place, and every action works without JavaScript).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assembly.accounts.access import Level
from assembly.analysis.types import Moderation
from assembly.consultations.access import access
from assembly.consultations.confirm import confirm_page, is_confirmed
from assembly.consultations.models import Consultation, Participant
from assembly.moderation import services
from assembly.moderation.evidence import evidence
from assembly.moderation.forms import CorrectionForm, DecisionForm, ExclusionForm
from assembly.moderation.models import ModerationLogEntry
from assembly.moderation.wording import describe

# The queue's tabs: URL value -> moderation state (None = every statement).
TABS = {
    "pending": Moderation.PENDING,
    "accepted": Moderation.ACCEPTED,
    "rejected": Moderation.REJECTED,
    "all": None,
}


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def _back_to_queue(request: HttpRequest, slug: str) -> str:
    """The queue, on the tab the moderator posted from."""
    back = reverse("moderation:queue", kwargs={"slug": slug})
    tab = request.POST.get("show")
    return back + f"?show={tab}" if tab in TABS else back


@require_GET
@access(Level.MODERATOR)
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """Statements to review, with near duplicates, per-item and bulk decisions."""
    consultation = _consultation(slug)
    tab = request.GET.get("show", "pending")
    tab = tab if tab in TABS else "pending"
    page = Paginator(services.queue(consultation, state=TABS[tab]), services.QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    suggestions = services.near_duplicates(consultation, page.object_list)
    context = {
        "consultation": consultation,
        "page": page,
        "tab": tab,
        "tabs": TABS,
        "items": [(s, suggestions[s.number]) for s in page.object_list],
        "form": DecisionForm(consultation=consultation),
        "n_pending": services.queue(consultation).count(),
        "themes": list(consultation.themes.all()),
    }
    return render(request, "moderation/queue.html", context)


DECIDE = {
    "accept": lambda c, numbers, actor, d: services.accept_statements(
        c, numbers, actor=actor, reason=d["reason"], note=d["note"], author_note=d.get("author_note", "")
    ),
    "reject": lambda c, numbers, actor, d: services.reject_statements(
        c, numbers, actor=actor, reason=d["reason"], note=d["note"], author_note=d.get("author_note", "")
    ),
    "requeue": lambda c, numbers, actor, d: services.requeue_statements(
        c, numbers, actor=actor, note=d["note"]
    ),
    "meta": lambda c, numbers, actor, d: services.set_meta(
        c, numbers, is_meta=True, actor=actor, note=d["note"]
    ),
    "unmeta": lambda c, numbers, actor, d: services.set_meta(
        c, numbers, is_meta=False, actor=actor, note=d["note"]
    ),
}


@require_POST
@access(Level.MODERATOR)
def decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply one decision to the statements posted; back to the queue with what happened."""
    consultation = _consultation(slug)
    form = DecisionForm(request.POST, consultation=consultation)
    back = _back_to_queue(request, slug)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(back)
    numbers = request.POST.getlist("statement")
    if form.cleaned_data["action"] == "reject" and len(numbers) > 1 and not is_confirmed(request):
        return confirm_page(
            request,
            title=ngettext("Reject %(count)d statement?", "Reject %(count)d statements?", len(numbers))
            % {"count": len(numbers)},
            explanation=_(
                "Participants will no longer see or vote on them, and their authors are told why. "
                "You can put them back in the queue later."
            ),
            button=_("Reject them"),
            cancel_url=back,
        )
    try:
        entries = DECIDE[form.cleaned_data["action"]](consultation, numbers, request.user, form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        ngettext("%(count)d statement changed.", "%(count)d statements changed.", len(entries))
        % {"count": len(entries)},
    )
    return redirect(back)


@require_GET
@access(Level.MODERATOR)
def log(request: HttpRequest, slug: str) -> HttpResponse:
    """The log, newest first, each entry in words (:func:`assembly.moderation.wording.describe`)."""
    consultation = _consultation(slug)
    entries = ModerationLogEntry.objects.filter(consultation=consultation).select_related(
        "statement", "participant", "actor"
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    rows = [(e, describe(e)) for e in page.object_list]
    return render(request, "moderation/log.html", {"consultation": consultation, "page": page, "rows": rows})


@require_GET
@access(Level.MODERATOR)
def log_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The log as CSV, without personal data (see :func:`services.export_log_csv`)."""
    consultation = _consultation(slug)
    response = HttpResponse(services.export_log_csv(consultation), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-moderation-log.csv"'
    return response


@require_GET
@access(Level.MODERATOR)
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    """Participants with their activity, excluded ones first, each linking to the evidence to judge them."""
    consultation = _consultation(slug)
    rows = consultation.participants.annotate(
        n_votes=Count("votes", distinct=True), n_statements=Count("statements", distinct=True)
    ).order_by("-excluded", "-n_votes", "number")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {"consultation": consultation, "page": page}
    return render(request, "moderation/participants.html", context)


def _apply(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a moderation service; report its refusal (every message) or ``success`` to the moderator."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@require_GET
@access(Level.MODERATOR)
def participant(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One participant's evidence (:mod:`assembly.moderation.evidence`) and the confirmed exclusion."""
    consultation = _consultation(slug)
    found = get_object_or_404(Participant, consultation=consultation, number=number)
    context = {"consultation": consultation, "evidence": evidence(found), "form": ExclusionForm()}
    return render(request, "moderation/participant.html", context)


@require_POST
@access(Level.MODERATOR)
def exclude(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Exclude from the evidence page, after the confirmation page (:mod:`assembly.consultations.confirm`):
    a post without it changes nothing and asks."""
    consultation = _consultation(slug)
    form = ExclusionForm(request.POST)
    back = reverse("moderation:participant", kwargs={"slug": slug, "number": number})
    if not form.is_valid():
        messages.error(request, _("Choose a reason for the exclusion."))
    elif not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Exclude participant %(number)d?") % {"number": number},
            explanation=_(
                "Their votes will be left out of the analysis, and they are flagged in the export. "
                "They are not told. You can include them again later."
            ),
            button=_("Exclude"),
            cancel_url=back,
        )
    else:
        _apply(
            request,
            lambda: services.exclude_participant(
                consultation, number, actor=request.user, **form.cleaned_data
            ),
            _("Participant %(number)d is excluded from the analysis.") % {"number": number},
        )
    return redirect(back)


@require_POST
@access(Level.MODERATOR)
def correct(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Correct a typo in a statement (refused once others have voted on it); back to the queue."""
    consultation = _consultation(slug)
    form = CorrectionForm(request.POST)
    back = _back_to_queue(request, slug)
    if not form.is_valid():
        messages.error(request, _("Write the corrected text."))
        return redirect(back)
    _apply(
        request,
        lambda: services.correct_statement(
            consultation,
            number,
            text=form.cleaned_data["text"],
            actor=request.user,
            note=form.cleaned_data["note"],
        ),
        _("Statement %(number)d corrected.") % {"number": number},
    )
    return redirect(back + f"#statement-{number}")


@require_POST
@access(Level.MODERATOR)
def include(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    consultation = _consultation(slug)
    note = request.POST.get("note", "")
    _apply(
        request,
        lambda: services.include_participant(consultation, number, actor=request.user, note=note),
        _("Participant %(number)d counts in the analysis again.") % {"number": number},
    )
    return redirect("moderation:participants", slug=slug)


@require_http_methods(["GET", "POST"])
@access(Level.MODERATOR)
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Asks (GET), then publishes a draft (POST): it appears to the public and takes part from its
    opening date. Logged in the moderation log."""
    consultation = get_object_or_404(Consultation, slug=slug)
    if request.method == "GET":
        if not consultation.is_draft:
            return redirect("facilitate:detail", slug=slug)
        return confirm_page(
            request,
            title=_("Publish “%(title)s”?") % {"title": consultation.title},
            explanation=_(
                "Everyone will see it on the home page and at its link, and can vote and submit statements "
                "from its opening date. A published consultation cannot become a draft again."
            ),
            button=_("Publish"),
            cancel_url=reverse("facilitate:detail", kwargs={"slug": slug}),
        )
    if services.publish_consultation(consultation, actor=request.user):
        messages.success(request, _("Published: the consultation is now public."))
    else:
        messages.error(request, _("This consultation was published already."))
    return redirect("facilitate:detail", slug=slug)
