"""The results pages: the page itself, its live fragment (htmx polls it), group naming and the report;
and the facilitators' export, in pol.is's CSV format with the latest analysis's groups (route
``facilitate:export``, added to the facilitator pages by
:data:`assembly.results.urls.facilitate_urlpatterns`).

The consultation's moderators (:func:`assembly.consultations.access.can_moderate`) always see its results;
everyone else only when the consultation's ``results_public`` is set. Moderators also see how the last
analysis went (its error, if any), the moderation counts and the group-naming form.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assembly.accounts.access import Level, declare
from assembly.analysis.document import AnalysisDocument
from assembly.consultations import services
from assembly.consultations.access import access, can_moderate, results_published
from assembly.consultations.datasets import export_dataset, export_theme_notes
from assembly.consultations.identity import cookie_name, published_or_404
from assembly.consultations.models import Consultation
from assembly.consultations.translations import records
from assembly.polis import write_csv_export
from assembly.report.themes import THEME_NOTES_FILE, write_theme_notes
from assembly.results.forms import GroupNamesForm
from assembly.results.models import GROUP_NAME_MAX_LENGTH, AnalysisSnapshot
from assembly.results.presentation import build_results_page, cached_status
from assembly.results.standing import build_standing
from assembly.results.themes import theme_blocks
from assembly.translation.records import TRANSLATIONS_FILE, translations_csv

# How often the page asks for fresh results (seconds): the runner refreshes within a few seconds of a
# vote, so polling faster would mostly fetch the same numbers.
POLL_SECONDS = 5
# A rendered analysis fragment is reused this long by every viewer in the same language (one poll
# interval), so a public results page watched by a thousand people costs one rendering per interval.
FRAGMENT_CACHE_SECONDS = POLL_SECONDS


# The report download's choices, default first (the results page's download form offers exactly these).
REPORT_CHOICES = {"format": ("html", "pdf"), "length": ("compact", "full")}


def _may_see(request: HttpRequest, consultation: Consultation) -> bool:
    return consultation.results_public or can_moderate(request.user, consultation)


def _refuse(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors are sent to the staff login; logged-in accounts that may not see get a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("The results of this consultation are not public."))


def _context(request: HttpRequest, consultation: Consultation, *, full: bool = True) -> dict[str, object]:
    page = build_results_page(consultation) if full else None
    status = page.status if page is not None else cached_status(consultation)
    return {
        "consultation": consultation,
        "page": page,
        "status": status,
        "staff": can_moderate(request.user, consultation),
        "poll_seconds": POLL_SECONDS,
        # Staff name each group beside it (its field belongs to the naming form by its form attribute).
        "names_beside": {f"group_{g.view.id}" for g in page.groups} if page is not None else set(),
        "group_name_max_length": GROUP_NAME_MAX_LENGTH,
    }


@require_GET
@declare(Level.MODERATOR, public_if=results_published)
def results(request: HttpRequest, slug: str) -> HttpResponse:
    """The results page: counts, opinion map, groups, categories, every statement."""
    consultation = published_or_404(request, slug)
    if not _may_see(request, consultation):
        return _refuse(request)
    context = _context(request, consultation)
    if context["staff"]:
        context["names_form"] = GroupNamesForm(consultation=consultation)
    context["themes"] = theme_blocks(consultation, context["page"])  # type: ignore[arg-type]
    return render(request, "results/results.html", context)


@never_cache  # the participant's own position and votes: never kept by a browser or proxy cache
@require_GET
@declare(Level.MODERATOR, public_if=results_published)
def standing(request: HttpRequest, slug: str) -> HttpResponse:
    """Where do I stand: the visitor's place on the map, their group and where they differ from it.

    Only the participant of this browser's cookie is shown (never one named by a link or parameter, so a
    shared address shows nobody else's votes); a visitor without one is told how to be placed."""
    consultation = published_or_404(request, slug)
    if not _may_see(request, consultation):
        return _refuse(request)
    participant = services.participant_for_token(consultation, request.COOKIES.get(cookie_name(consultation)))
    page = build_results_page(consultation)
    context = _context(request, consultation, full=False) | {
        "standing": build_standing(page, participant),
        "is_open": consultation.is_open(),
    }
    return render(request, "results/standing.html", context)


@require_GET
@declare(Level.MODERATOR, public_if=results_published)
def live_status(request: HttpRequest, slug: str) -> HttpResponse:
    """How fresh the results are and the live counts; htmx refreshes it every POLL_SECONDS."""
    consultation = published_or_404(request, slug)
    if not _may_see(request, consultation):
        return HttpResponse(status=204)  # e.g. the session ended: keep what is on screen
    return render(request, "results/_status.html", _context(request, consultation, full=False))


@require_GET
@declare(Level.MODERATOR, public_if=results_published)
def live_analysis(request: HttpRequest, slug: str) -> HttpResponse:
    """The map, groups, categories and statements; 204 (keep the page as it is) while the analysis the
    browser shows (``?v=``) is still the latest, so a reader is not disturbed for nothing."""
    consultation = published_or_404(request, slug)
    if not _may_see(request, consultation):
        return HttpResponse(status=204)
    version = cached_status(consultation).version
    if request.GET.get("v") == version:
        return HttpResponse(status=204)
    staff = can_moderate(request.user, consultation)
    key = f"results-analysis:{consultation.pk}:{version}:{get_language()}:{staff}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("results/_analysis.html", _context(request, consultation), request=request)
        cache.set(key, html, FRAGMENT_CACHE_SECONDS)
    return HttpResponse(html)


@require_POST
@access(Level.MODERATOR)
def name_groups(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the moderators' names for the opinion groups (an empty name gives the letter back)."""
    consultation = published_or_404(request, slug)
    form = GroupNamesForm(request.POST, consultation=consultation)
    if not form.is_valid():
        context = _context(request, consultation)
        context["names_form"] = form
        return render(request, "results/results.html", context, status=400)
    form.save()
    messages.success(request, _("Group names saved."))
    return redirect("results:results", slug=consultation.slug)


@require_GET
@declare(Level.MODERATOR, public_if=results_published)
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The report (the same as ``assembly report``) for the latest analysis, in the page's language:
    ``?format=html`` (default, one page) or ``pdf`` (a download); ``?length=compact`` (default) or
    ``full``. Any other value is refused with a 400 naming the parameter, before any work."""
    consultation = published_or_404(request, slug)
    if not _may_see(request, consultation):
        return _refuse(request)
    choice = {name: request.GET.get(name, allowed[0]) for name, allowed in REPORT_CHOICES.items()}
    for name, value in choice.items():
        if value not in REPORT_CHOICES[name]:
            message = _("The report's %(name)s cannot be %(value)s: choose one of %(choices)s.") % {
                "name": name,
                "value": repr(value[:40]),
                "choices": ", ".join(REPORT_CHOICES[name]),
            }
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    snapshot = AnalysisSnapshot.objects.filter(consultation=consultation, document__isnull=False).first()
    if snapshot is None:
        return render(request, "results/no_report.html", {"consultation": consultation}, status=404)
    from assembly.branding.models import DEFAULT_SITE_NAME, SiteSettings
    from assembly.errors import AssemblyError
    from assembly.results.report import pdf_response, render_report, report_language, report_response

    full = choice["length"] == "full"
    site = SiteSettings.load()  # the institution staff named in the site identity goes on the cover
    html = render_report(
        consultation,
        snapshot,
        full=full,
        language=report_language(),
        institution=site.site_name if site.site_name != DEFAULT_SITE_NAME else None,
        logo=bytes(site.logo) or None,
    )
    if choice["format"] == "html":
        return report_response(html)
    try:
        return pdf_response(html, f"{consultation.slug}-report{'-full' if full else ''}.pdf")
    except AssemblyError:  # WeasyPrint is an optional dependency
        message = _("This server cannot make PDF files; download the web page and print it instead.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")


@require_GET
@access(Level.MODERATOR)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation in pol.is's CSV export format, as a zip file, with the opinion groups of the
    latest analysis (``group-id``, and ``groups`` in summary.csv), as the results page shows them,
    ``theme-notes.csv`` (the themes' order and avenues) when it has themes, and the approved
    translations beside them."""
    consultation = get_object_or_404(Consultation, slug=slug)
    dataset = export_dataset(consultation)
    analysed = AnalysisSnapshot.objects.filter(consultation=consultation, document__isnull=False)
    document = analysed.values_list("document", flat=True).first()
    groups = AnalysisDocument.from_json(document).group_of() if document else {}
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_csv_export(dataset, Path(tmp) / slug, group_ids=groups or None)
        notes = export_theme_notes(consultation)
        if notes:  # the themes' order and avenues, which `assembly report` reads beside the export
            files.append(write_theme_notes(notes, Path(tmp) / slug / THEME_NOTES_FILE))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                archive.write(file, f"{slug}/{file.name}")
            translated = records(consultation)
            if translated:  # beside the pol.is files, which keep the original texts
                archive.writestr(f"{slug}/{TRANSLATIONS_FILE}", translations_csv(translated, archival=True))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-polis-export.zip"'
    return response
