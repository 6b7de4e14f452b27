"""The translation review queue under /manage/<slug>/moderation/translations/ (namespace ``moderation``).

For one target language at a time, every text of the consultation (staff texts and statements) with its
translation's state and provenance: none yet, a draft (a machine's or a person's), approved (by whom,
when), or outdated (its original changed since). Moderators type or edit a translation and save it as a
draft or approve it; with a provider set up they ask for machine drafts, one text or every missing one.
Errors (an unknown language, a translation over the statement limit, a provider that is down or answers
garbage) are shown in the queue beside the text, with what was typed kept; nothing changes then.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from assembly.accounts.access import Level
from assembly.consultations import translations as services
from assembly.consultations.access import access
from assembly.consultations.languages import language_name
from assembly.consultations.models import Consultation
from assembly.consultations.translation_models import Translation
from assembly.consultations.translations import Item, TranslationError

SHOW = ("todo", "all")


@dataclass(frozen=True)
class Row:
    item: Item
    translation: Translation | None
    error: str = ""
    typed: str | None = None  # what was posted, kept when it was refused

    @property
    def state(self) -> str:
        """none, draft, approved or outdated (approved or drafted from an earlier original)."""
        if self.translation is None:
            return "none"
        if self.translation.source_text != self.item.text:
            return "outdated"
        return str(self.translation.status)

    @property
    def anchor(self) -> str:
        return f"t-{self.item.kind}-{self.item.object_id}-{self.item.field}"

    @property
    def value(self) -> str:
        if self.typed is not None:
            return self.typed
        return self.translation.text if self.translation is not None else ""


def _targets(consultation: Consultation) -> list[str]:
    return [c for c in consultation.all_languages if c != consultation.source_language] or list(
        consultation.all_languages[1:]
    )


def _rows(
    consultation: Consultation, language: str, show: str, failed: dict[tuple[str, int, str], tuple[str, str]]
) -> list[Row]:
    existing = {
        (t.kind, t.object_id, t.field): t
        for t in Translation.objects.filter(consultation=consultation, language=language).select_related(
            "created_by", "approved_by"
        )
    }
    rows = []
    for item in services.items(consultation):
        if item.language == language:
            continue
        error, typed = failed.get(item.key, ("", None))
        row = Row(item, existing.get(item.key), error, typed)
        if show == "all" or row.state != "approved" or error:
            rows.append(row)
    return rows


def _page(
    request: HttpRequest,
    consultation: Consultation,
    language: str,
    *,
    show: str = "todo",
    failed: dict[tuple[str, int, str], tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        provider = services.configured_provider()
        provider_error = ""
    except TranslationError as exc:
        provider, provider_error = None, exc.message
    rows = _rows(consultation, language, show, failed or {}) if language else []
    listed = {row.item.key for row in rows}
    context = {
        # An error about a text this page does not list (its own language was asked for): said on top.
        "errors": [message for key, (message, _typed) in (failed or {}).items() if key not in listed],
        "consultation": consultation,
        "language": language,
        "language_label": language_name(language) if language else "",
        "targets": [(code, language_name(code)) for code in _targets(consultation)],
        "show": show,
        "rows": rows,
        "provider": provider,
        "provider_error": provider_error,
    }
    return render(request, "moderation/translations.html", context, status=status)


def _language(consultation: Consultation, value: object) -> str:
    targets = _targets(consultation)
    code = str(value or "").strip().lower()
    return code if code in targets else (targets[0] if targets else "")


def _show(value: str | None) -> str:
    return value if value in SHOW and value is not None else "todo"


@require_GET
@access(Level.MODERATOR)
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The texts of one language to translate or review."""
    consultation = get_object_or_404(Consultation, slug=slug)
    language = _language(consultation, request.GET.get("language"))
    show = _show(request.GET.get("show"))
    return _page(request, consultation, language, show=show)


def _back(slug: str, language: str, show: str, anchor: str = "") -> str:
    url = reverse("moderation:translations", kwargs={"slug": slug}) + f"?language={language}&show={show}"
    return url + (f"#{anchor}" if anchor else "")


def _machine_all(request: HttpRequest, consultation: Consultation, language: str) -> int:
    """Machine drafts of every text without a current translation; stops at the first failure."""
    made = 0
    for row in _rows(consultation, language, "todo", {}):
        if row.state in ("draft", "approved"):
            continue
        services.machine_translate(consultation, row.item, language, user=request.user)
        made += 1
    return made


@require_POST
@access(Level.MODERATOR)
def act(request: HttpRequest, slug: str) -> HttpResponse:
    """Save a translation as a draft, approve it, or ask the provider for drafts; then back to the queue."""
    consultation = get_object_or_404(Consultation, slug=slug)
    posted = str(request.POST.get("language", ""))
    language = _language(consultation, posted)
    show = _show(request.POST.get("show"))
    action = request.POST.get("action")
    if action == "machine_all":
        try:
            made = _machine_all(request, consultation, posted)
        except TranslationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d machine draft made: review it below.",
                    "%(n)d machine drafts made: review them below.",
                    made,
                )
                % {"n": made},
            )
        return redirect(_back(slug, language, show))
    text = str(request.POST.get("text", ""))
    try:
        object_id = int(str(request.POST.get("object_id", "")))
        item = services.find_item(
            consultation, str(request.POST.get("kind", "")), object_id, str(request.POST.get("field", ""))
        )
    except (ValueError, TranslationError):
        messages.error(request, _("That text is not one of this consultation's texts any more."))
        return redirect(_back(slug, language, show))
    try:
        if action == "machine":
            services.machine_translate(consultation, item, posted, user=request.user)
            notice = _("Machine draft of %(item)s made: review it.")
        else:
            services.save(consultation, item, posted, text, user=request.user, approve_it=action == "approve")
            notice = (
                _("%(item)s: translation approved.") if action == "approve" else _("%(item)s: draft saved.")
            )
    except TranslationError as exc:
        return _page(
            request, consultation, language, show=show, failed={item.key: (exc.message, text)}, status=400
        )
    messages.success(request, notice % {"item": item.label})
    return redirect(_back(slug, language, show, Row(item, None).anchor))
