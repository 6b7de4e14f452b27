"""Theme pages for moderators: filing statements under a theme from the queue (one or the ticked ones),
the themes page (each theme's statements count and its "avenues for further work"), and the suggested
themes (:mod:`assembly.moderation.themes`) that staff accept, rename, merge or discard.

Every action posts and comes back (no JavaScript needed), like the rest of the moderators' pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from assembly.accounts.access import Level
from assembly.consultations.access import access
from assembly.consultations.models import Consultation, Statement
from assembly.moderation import themes
from assembly.moderation.views import _back_to_queue


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def _try(request: HttpRequest, action: Callable[[], str]) -> None:
    """Run ``action``; show its success message, or every message of its refusal."""
    try:
        message = action()
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, message)


@require_POST
@access(Level.MODERATOR)
def file_statements(request: HttpRequest, slug: str) -> HttpResponse:
    """File the posted statements (the ticked ones, or the one the form belongs to) under the posted
    theme ("" for none); back to the queue."""
    consultation = _consultation(slug)
    numbers = request.POST.getlist("statement")

    def action() -> str:
        theme = themes.theme_of(consultation, request.POST.get("theme"))
        entries = themes.file_under_theme(consultation, numbers, theme, actor=request.user)
        return ngettext(
            "Theme changed on %(count)d statement.", "Theme changed on %(count)d statements.", len(entries)
        ) % {"count": len(entries)}

    _try(request, action)
    back = _back_to_queue(request, slug)
    return redirect(back + (f"#statement-{numbers[0]}" if len(numbers) == 1 else ""))


@require_GET
@access(Level.MODERATOR)
def themes_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The themes with their statement counts and avenues, and the suggested themes."""
    from assembly.assist.suggest import assist_available

    consultation = _consultation(slug)
    suggestions = list(consultation.theme_suggestions.all())
    texts = dict(Statement.objects.filter(consultation=consultation).values_list("number", "text"))
    tagged = set(
        Statement.objects.filter(consultation=consultation, theme__isnull=False).values_list(
            "number", flat=True
        )
    )
    context = {
        "consultation": consultation,
        "themes": consultation.themes.annotate(n_statements=Count("statements")),
        "without_theme": Statement.objects.filter(consultation=consultation, theme__isnull=True).count(),
        "suggestions": [
            (s, [(n, texts.get(n, ""), n in tagged) for n in s.statement_numbers]) for s in suggestions
        ],
        "assist_available": assist_available(),
        "avenues_limit": themes.AVENUES_MAX_LENGTH,
    }
    return render(request, "moderation/themes.html", context)


def _to_themes(slug: str, anchor: str = "") -> HttpResponse:
    return redirect(reverse("moderation:themes", kwargs={"slug": slug}) + anchor)


@require_POST
@access(Level.MODERATOR)
def avenues(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    """Save a theme's "avenues for further work"."""
    consultation = _consultation(slug)
    theme = get_object_or_404(consultation.themes, pk=theme_id)

    def action() -> str:
        themes.save_avenues(theme, request.POST.get("avenues", ""))
        return _("Avenues for “%(theme)s” saved.") % {"theme": theme.name}

    _try(request, action)
    return _to_themes(slug, f"#theme-{theme.pk}")


@require_POST
@access(Level.MODERATOR)
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    """Compute new suggestions (replacing the previous ones); nothing is filed."""
    from assembly.assist.suggest import AssistUnavailableError

    consultation = _consultation(slug)
    raw = request.POST.get("n_themes", "").strip()
    try:
        n_themes = int(raw) if raw else None
        if n_themes is not None and not 1 <= n_themes <= 50:
            raise ValueError
    except ValueError:
        messages.error(request, _("The number of themes is a whole number from 1 to 50, or empty."))
        return _to_themes(slug, "#suggestions")
    try:
        found = themes.refresh_suggestions(consultation, n_themes=n_themes)
    except AssistUnavailableError:
        messages.error(
            request, _("Suggestions need the optional “assist” extra (scikit-learn), which is not installed.")
        )
    else:
        messages.success(
            request,
            ngettext("%(count)d theme suggested.", "%(count)d themes suggested.", len(found))
            % {"count": len(found)},
        )
    return _to_themes(slug, "#suggestions")


@require_POST
@access(Level.MODERATOR)
def decide_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept (``action=accept``: one suggestion, or the ticked ones merged) under the posted name, or
    discard (``action=discard``) the posted suggestions."""
    consultation = _consultation(slug)
    ids = request.POST.getlist("suggestion")

    def accept() -> str:
        theme, filed = themes.accept_suggestions(
            consultation, ids, name=request.POST.get("name", ""), actor=request.user
        )
        return ngettext(
            "Theme “%(theme)s”: %(count)d statement filed.",
            "Theme “%(theme)s”: %(count)d statements filed.",
            filed,
        ) % {"theme": theme.name, "count": filed}

    def discard() -> str:
        n = themes.discard_suggestions(consultation, ids)
        return ngettext("%(count)d suggestion discarded.", "%(count)d suggestions discarded.", n) % {
            "count": n
        }

    if request.POST.get("action") not in ("accept", "discard"):
        messages.error(request, _("Choose accept or discard."))
    else:
        _try(request, accept if request.POST["action"] == "accept" else discard)
    return _to_themes(slug, "#suggestions")
