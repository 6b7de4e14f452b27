"""One place that turns a :class:`~assembly.errors.ConsultationError` into a page.

A view that does not handle the error itself (most re-render their form instead) lets it propagate;
this middleware answers with the error's status and its message, as a full page, or as a small
fragment for htmx requests. Embed requests get a page their consultation's embedding sites may frame.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assembly.consultations.identity import is_embed
from assembly.consultations.models import Consultation
from assembly.errors import ConsultationError
from assembly.http import allow_framing


class ConsultationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ConsultationError):
            return None
        htmx = request.headers.get("HX-Request") == "true"
        embed = is_embed(request)
        template = "consultations/_error.html" if htmx else "consultations/error.html"
        context = {"error": exception, "layout": "embed_base.html" if embed else "base.html"}
        response = render(request, template, context, status=exception.status)
        return allow_framing(response, ancestors=_frame_ancestors(request)) if embed else response


def _frame_ancestors(request: HttpRequest) -> str:
    """Who may frame an embed request's error page: its consultation's embedding sites (none but this
    site when the URL names no consultation)."""
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match is not None else None
    consultation = Consultation.objects.filter(slug=slug).first() if slug else None
    return consultation.frame_ancestors() if consultation is not None else "'self'"
