"""The statements participants can see, browsed by theme: a server-rendered list with a theme filter that
works without JavaScript (a GET form) and, with htmx, swaps the list in place."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assembly.accounts.access import Level, declare
from assembly.consultations.models import Statement
from assembly.consultations.views.participate import _admitted, _base_context, _finish

# Statements listed per page.
PAGE_SIZE = 100
NO_THEME_FILTER = "none"  # the filter's value for statements without a theme


@require_GET
@declare(Level.PUBLIC)
def statements(request: HttpRequest, slug: str) -> HttpResponse:
    """Published statements (those participants see and vote on), filtered by ``?theme=<id>`` or
    ``?theme=none``; an unknown theme shows every statement."""
    consultation, identity = _admitted(request, slug)
    themes = list(consultation.themes.all())
    chosen = request.GET.get("theme", "")
    shown = Statement.objects.visible_to_participants(consultation).select_related("theme")
    selected = next((t for t in themes if str(t.pk) == chosen), None)
    if selected is not None:
        shown = shown.filter(theme=selected)
    elif chosen == NO_THEME_FILTER:
        shown = shown.filter(theme__isnull=True)
    else:
        chosen = ""
    page = Paginator(shown.order_by("number"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = _base_context(request, consultation, identity) | {
        "themes": themes,
        "chosen": chosen,
        "selected": selected,
        "no_theme": NO_THEME_FILTER,
        "page": page,
    }
    return _finish(request, render(request, "consultations/statements.html", context), identity)
