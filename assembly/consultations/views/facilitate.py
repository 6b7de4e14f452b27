"""Facilitator pages (staff accounts): list, create and edit consultations, seed statements, invites,
moderators, close and reopen, export in pol.is's CSV format, and the embed snippet.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assembly.accounts import moderators as moderator_roles
from assembly.accounts.access import Level, access, moderated_consultations
from assembly.consultations import services
from assembly.consultations.confirm import confirm_page
from assembly.consultations.counts import count
from assembly.consultations.datasets import export_dataset, export_theme_notes
from assembly.consultations.forms import ConsultationForm, InviteForm, ModeratorForm, SeedStatementsForm
from assembly.consultations.models import Consultation, Statement


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


@require_GET
@access(Level.STAFF)
def index(request: HttpRequest) -> HttpResponse:
    """The consultations the account moderates (every one for superusers), with their counts
    (:mod:`assembly.consultations.counts`: the same figures as the results page and the report)."""
    rows = [(c, count(c)) for c in moderated_consultations(request.user)]
    return render(request, "facilitate/index.html", {"rows": rows})


def _save(form: ConsultationForm, request: HttpRequest, consultation: Consultation | None) -> Consultation:
    fields = {name: value for name, value in form.cleaned_data.items() if name != "themes"}
    with transaction.atomic():
        if consultation is None:  # a draft until published (:func:`publish`)
            consultation = services.create_consultation(actor=request.user, published_at=None, **fields)
        else:
            fields.pop("slug", None)
            consultation = services.update_consultation(consultation, **fields)
        services.set_themes(consultation, form.cleaned_data["themes"])
    return consultation


def _edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Create a consultation (no slug) or edit one."""
    consultation = _consultation(slug) if slug else None
    form = ConsultationForm(request.POST or None, instance=consultation or Consultation())
    if request.method == "POST" and form.is_valid():
        try:
            consultation = _save(form, request, consultation)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if slug is None:
                messages.success(request, _("Saved as a draft: publish it when it is ready."))
            else:
                messages.success(request, _("Saved."))
            return redirect("facilitate:detail", slug=consultation.slug)
    status = 400 if form.errors else 200
    return render(
        request, "facilitate/edit.html", {"form": form, "consultation": consultation}, status=status
    )


create = require_http_methods(["GET", "POST"])(access(Level.STAFF)(_edit))
edit = require_http_methods(["GET", "POST"])(access(Level.MODERATOR)(_edit))


@require_GET
@access(Level.MODERATOR)
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A consultation's dashboard: state, counts, links to every tool, the embed snippet."""
    consultation = _consultation(slug)
    statements = Statement.objects.filter(consultation=consultation)
    counts = count(consultation)
    embed_url = request.build_absolute_uri(reverse("participate:embed", kwargs={"slug": slug}))
    context = {
        "consultation": consultation,
        "counts": counts,
        "embed_url": embed_url,
        "participant_url": request.build_absolute_uri(
            reverse("participate:consultation", kwargs={"slug": slug})
        ),
        "statements": statements.select_related("theme").order_by("number")[:500],
    }
    return render(request, "facilitate/detail.html", context)


@require_http_methods(["GET", "POST"])
@access(Level.MODERATOR)
def seed(request: HttpRequest, slug: str) -> HttpResponse:
    """Paste seed statements, one per line; they are accepted at once."""
    consultation = _consultation(slug)
    form = SeedStatementsForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_seed_statements(
                consultation,
                texts=form.cleaned_data["statements"].splitlines(),
                theme=form.cleaned_data["theme"],
            )
        except ValidationError as exc:
            form.add_error("statements", exc)
        else:
            messages.success(request, _("%(count)d statements added.") % {"count": len(added)})
            return redirect("facilitate:detail", slug=slug)
    status = 400 if form.errors else 200
    return render(
        request, "facilitate/seed.html", {"form": form, "consultation": consultation}, status=status
    )


@require_http_methods(["GET", "POST"])
@access(Level.MODERATOR)
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Asks (GET), then publishes a draft (POST): it appears to the public and takes part from its
    opening date. Logged in the moderation log."""
    from assembly.moderation.services import publish_consultation  # the moderation app builds on this one

    consultation = _consultation(slug)
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
    if publish_consultation(consultation, actor=request.user):
        messages.success(request, _("Published: the consultation is now public."))
    else:
        messages.error(request, _("This consultation was published already."))
    return redirect("facilitate:detail", slug=slug)


@require_http_methods(["GET", "POST"])
@access(Level.MODERATOR)
def close(request: HttpRequest, slug: str) -> HttpResponse:
    """Asks (GET), then closes (POST): voting and submitting stop."""
    consultation = _consultation(slug)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Close “%(title)s”?") % {"title": consultation.title},
            explanation=_(
                "Voting and submitting stop at once. Everything recorded and the results stay; you can "
                "reopen it later."
            ),
            button=_("Close the consultation"),
            cancel_url=reverse("facilitate:detail", kwargs={"slug": slug}),
        )
    services.close_consultation(consultation)
    messages.success(request, _("Closed: voting and submitting have stopped. The results stay available."))
    return redirect("facilitate:detail", slug=slug)


@require_POST
@access(Level.MODERATOR)
def reopen(request: HttpRequest, slug: str) -> HttpResponse:
    services.reopen_consultation(_consultation(slug))
    messages.success(request, _("Reopened: participants can vote and submit again."))
    return redirect("facilitate:detail", slug=slug)


@require_http_methods(["GET", "POST"])
@access(Level.MODERATOR)
def invites(request: HttpRequest, slug: str) -> HttpResponse:
    """Make invite links; they are shown once (only their hashes are kept)."""
    consultation = _consultation(slug)
    form = InviteForm(request.POST or None)
    links: list[str] = []
    if request.method == "POST" and form.is_valid():
        tokens = services.create_invites(
            consultation, count=form.cleaned_data["count"], label=form.cleaned_data["label"]
        )
        links = [
            request.build_absolute_uri(reverse("participate:invite", kwargs={"slug": slug, "token": t}))
            for t in tokens
        ]
    context = {
        "form": form,
        "consultation": consultation,
        "links": links,
        "n_invites": consultation.invites.count(),
        "n_used": consultation.invites.filter(participant__isnull=False).count(),
    }
    return render(request, "facilitate/invites.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@access(Level.MODERATOR)
def moderators(request: HttpRequest, slug: str) -> HttpResponse:
    """Who moderates the consultation. Its creator and superusers add a staff account by user name, or
    remove one (a POST with ``remove`` = the assignment's id); other moderators see the list only."""
    consultation = _consultation(slug)
    manage = moderator_roles.can_manage_moderators(request.user, consultation)
    removing = request.method == "POST" and "remove" in request.POST
    form = ModeratorForm(request.POST if request.method == "POST" and not removing else None)
    refused: list[str] = []  # why a removal was refused
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(
                _("Only the consultation's creator or an administrator can change its moderators.")
            )
        if removing:
            try:
                removed = moderator_roles.remove_moderator(consultation, request.POST["remove"])
            except ValidationError as exc:
                refused.extend(exc.messages)
            else:
                messages.success(
                    request, _("%(name)s no longer moderates this consultation.") % {"name": removed.user}
                )
                return redirect("facilitate:moderators", slug=slug)
        elif form.is_valid():
            try:
                added = moderator_roles.add_moderator(consultation, form.cleaned_data["username"])
            except ValidationError as exc:
                form.add_error("username", exc)
            else:
                messages.success(
                    request, _("%(name)s now moderates this consultation.") % {"name": added.user}
                )
                return redirect("facilitate:moderators", slug=slug)
    context = {
        "form": form,
        "refused": refused,
        "consultation": consultation,
        "manage": manage,
        "moderators": moderator_roles.moderators_of(consultation),
    }
    status = 400 if form.errors or refused else 200
    return render(request, "facilitate/moderators.html", context, status=status)


@require_GET
@access(Level.MODERATOR)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation in pol.is's CSV export format, as a zip file, with the opinion groups of the
    latest analysis (``group-id``, and ``groups`` in summary.csv), as the results page shows them, and
    ``theme-notes.csv`` (the themes' order and avenues) when it has themes."""
    from assembly.polis import write_csv_export
    from assembly.report.themes import THEME_NOTES_FILE, write_theme_notes
    from assembly.results.models import AnalysisSnapshot  # the results app builds on this one

    consultation = _consultation(slug)
    dataset = export_dataset(consultation)
    analysed = AnalysisSnapshot.objects.filter(consultation=consultation, document__isnull=False)
    document = analysed.values_list("document", flat=True).first() or {}
    groups = {int(m): int(g["id"]) for g in document.get("groups", []) for m in g.get("members", [])}
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_csv_export(dataset, Path(tmp) / slug, group_ids=groups or None)
        notes = export_theme_notes(consultation)
        if notes:  # the themes' order and avenues, which `assembly report` reads beside the export
            files.append(write_theme_notes(notes, Path(tmp) / slug / THEME_NOTES_FILE))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                archive.write(file, f"{slug}/{file.name}")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-polis-export.zip"'
    return response
