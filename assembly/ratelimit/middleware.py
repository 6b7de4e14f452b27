"""Add ``Retry-After`` to every 429 answer caused by a rate limit: pages, htmx fragments and the API.

The views and the API each turn :class:`~assembly.ratelimit.limits.RateLimitedError` into their own
kind of answer (an error page, the vote card with a message, JSON); this middleware only adds the
header, from the refusal the check recorded during the request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from assembly.ratelimit.limits import refused_retry_after, reset_refusal, restore_refusal

TOO_MANY_REQUESTS = 429


class RetryAfterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = reset_refusal()
        try:
            response = self.get_response(request)
            seconds = refused_retry_after()
        finally:
            restore_refusal(token)
        if seconds is not None and response.status_code == TOO_MANY_REQUESTS:
            response["Retry-After"] = str(seconds)
        return response
