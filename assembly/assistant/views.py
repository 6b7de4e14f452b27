"""The assistant page of a consultation (``/manage/<slug>/assistant/``), for its moderators: ask for a
draft, read why the checker refused one, edit and approve or discard the rest, and see the footprint."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assembly.accounts.access import Level
from assembly.assistant import services
from assembly.assistant.models import Draft
from assembly.consultations.access import access
from assembly.consultations.models import Consultation, Theme


@require_GET
@access(Level.MODERATOR)
def drafts(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    context = {
        "consultation": consultation,
        "enabled": services.configured_endpoint() is not None,
        "where": services.where_text_goes(),
        "themes": list(Theme.objects.filter(consultation=consultation)),
        "kinds": Draft.Kind.choices,
        "drafts": list(
            Draft.objects.filter(consultation=consultation).select_related("call", "theme", "approved_by")
        ),
        "footprint": services.footprint(consultation),
    }
    return render(request, "assistant/drafts.html", context)


@require_POST
@access(Level.MODERATOR)
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    theme = None
    if request.POST.get("theme"):
        theme = Theme.objects.filter(consultation=consultation, pk=request.POST["theme"]).first()
        if theme is None:
            messages.error(request, _("That theme is not one of this consultation's."))
            return redirect("assistant:drafts", slug=slug)
    try:
        draft = services.request_draft(consultation, request.POST.get("kind", ""), theme)
    except services.DraftError as exc:
        messages.error(request, str(exc))
    else:
        if draft.status == Draft.Status.REJECTED:
            messages.warning(
                request, _("The checker rejected the draft: see the reasons below. Nothing was published.")
            )
        else:
            messages.success(request, _("A draft passed the checker and waits for your approval."))
    return redirect("assistant:drafts", slug=slug)


@require_POST
@access(Level.MODERATOR)
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    draft = get_object_or_404(Draft, consultation__slug=slug, pk=pk)
    if request.POST.get("action") == "discard":
        services.discard(draft)
        messages.success(request, _("Draft discarded."))
        return redirect("assistant:drafts", slug=slug)
    try:
        services.approve(draft, actor=request.user, text=request.POST.get("text"))
    except ValidationError as exc:
        messages.error(request, _("Not approved: %(reason)s") % {"reason": " ".join(exc.messages)})
    else:
        messages.success(request, _("Approved: the text is shown, labelled as drafted by a language model."))
    return redirect("assistant:drafts", slug=slug)
