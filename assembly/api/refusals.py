"""API refusals that happen outside the endpoints, in the API's error shape (issue 11, item 2).

Two kinds of refusal never reach an endpoint's error handlers (:mod:`assembly.api.errors`):

- a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB): Django refuses it when a view first reads the
  body, with its HTML "Bad Request (400)" page. :class:`ApiRefusalMiddleware` answers it before any
  view with ``413 too_large``, naming both sizes;
- an address or a method the API does not have: Django's HTML 404 page, ninja's text 405. The
  middleware gives them the error shape (``not_found``, ``method_not_allowed``, keeping ``Allow``).

Whether the connection can serve the next request after a refusal that left the body unread is the
WSGI layer's business: :mod:`assembly.config.request_body`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from assembly.api.errors import refusal

__all__ = ["API_PREFIX", "ApiRefusalMiddleware"]

# Where the API is served (assembly.config.urls): only its refusals take the JSON error shape.
API_PREFIX = "/api/"
# Sizes are given in MB as Django counts them for DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB = 2,621,440 bytes).
_MEGABYTE = 2**20


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django refuses a malformed length itself


def _megabytes(size: int) -> str:
    return f"{size / _MEGABYTE:.1f}"


def _too_large(request: HttpRequest, length: int, limit: int) -> HttpResponse:
    message = _("The request body has %(size)s MB; the API accepts at most %(limit)s MB.") % {
        "size": _megabytes(length),
        "limit": _megabytes(limit),
    }
    return refusal(request, 413, "too_large", message)


def _in_shape(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A 404 or 405 that Django or ninja wrote as a page, in the error shape; anything else unchanged."""
    if response.status_code == 404:
        return refusal(request, 404, "not_found", _("The API has nothing at this address."))
    if response.status_code == 405:
        message = _("This address of the API does not accept %(method)s.") % {"method": request.method}
        shaped = refusal(request, 405, "method_not_allowed", message)
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped
    return response


class ApiRefusalMiddleware:
    """Refusals of API requests outside the endpoints, in the error shape (module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = _content_length(request)
        if limit is not None and length > limit:
            return _too_large(request, length, limit)
        response = self.get_response(request)
        if response.status_code in (404, 405) and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return _in_shape(request, response)
        return response
