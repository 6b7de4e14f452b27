"""Per-participant and per-address limits, counted in the database so every server process agrees.

The write paths call one check before they write:

- :func:`check_vote` (from :func:`assembly.consultations.services.cast_vote`): at most
  ``RATE_LIMIT_VOTES_PER_MINUTE`` votes per participant and minute (default 60);
- :func:`check_statement` (from :func:`~assembly.consultations.services.submit_statement`): at most
  ``RATE_LIMIT_STATEMENTS_PER_MINUTE`` submissions per participant and minute (default 5);
- :func:`check_new_participant` (where a request creates a participant): at most
  ``RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR`` new participants per client IP address and hour
  (default 100: a classroom of 30 behind one address passes).

One read is limited too, the only costly one anyone may ask for without an account:

- :func:`check_similar` (from the similar-statements look-up while a participant types): at most
  ``RATE_LIMIT_SIMILAR_PER_MINUTE`` look-ups per client IP address and minute (default 120).

Each check counts one action with :func:`hit`: a single ``INSERT ... ON CONFLICT DO UPDATE ...
RETURNING`` on a counter row per subject, in fixed windows (the minute or hour of the Unix clock).
The statement is atomic on SQLite and PostgreSQL alike, so two processes never both take the last
slot. It runs inside the caller's transaction: an action that is refused, or that fails for another
reason, is rolled back with its count, so only actions that happened use up the allowance.

A refusal raises :class:`RateLimitedError` (HTTP 429); the pages and the API show its message, and
:class:`~assembly.ratelimit.middleware.RetryAfterMiddleware` adds the ``Retry-After`` header.
Settings of 0 switch a limit off.
"""

from __future__ import annotations

import math
import random
import time
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext_lazy, ngettext

from assembly import http
from assembly.errors import ConsultationError
from assembly.ratelimit.models import RateCounter

__all__ = [
    "MINUTE",
    "HOUR",
    "RateLimitedError",
    "check_new_participant",
    "check_similar",
    "check_statement",
    "check_vote",
    "client_address",
    "hit",
    "purge_expired",
    "refused_retry_after",
]

MINUTE = 60
HOUR = 3600
# Counter rows whose window ended this long ago are deleted (the longest window is an hour).
PURGE_AFTER_SECONDS = 24 * HOUR
# Share of new windows that also purge old rows: often enough to keep the table at about one row per
# subject active in the last day, rarely enough to cost nothing measurable.
PURGE_PROBABILITY = 0.001

# What people are told when refused; %(wait)s is "50 seconds", "13 minutes".
_VOTES_REFUSED = gettext_lazy("You are voting very fast. Please wait %(wait)s and vote again.")
_STATEMENTS_REFUSED = gettext_lazy(
    "You have submitted several statements in a short time. Please wait %(wait)s and submit again."
)
_JOINS_REFUSED = gettext_lazy(
    "Many people have joined from your network in the last hour. Please try again in %(wait)s."
)
_SIMILAR_REFUSED = gettext_lazy(
    "Similar statements cannot be looked up for a moment: many look-ups came from your network. "
    "They are shown again in %(wait)s; you can submit your statement meanwhile."
)

# Where the limits read the time (Unix seconds); tests replace it to stay inside one window.
clock = time.time

# The seconds to wait announced by the latest refusal in this request (read by the middleware).
_retry_after: ContextVar[int | None] = ContextVar("assembly_retry_after", default=None)


class RateLimitedError(ConsultationError):
    """Too many actions of one kind in the current window; ``retry_after`` seconds until the next one."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


def refused_retry_after() -> int | None:
    """Seconds to wait announced by a refusal during the current request, or None."""
    return _retry_after.get()


def reset_refusal() -> object:
    """Forget any refusal (at the start of a request); returns a token for :func:`restore_refusal`."""
    return _retry_after.set(None)


def restore_refusal(token: object) -> None:
    _retry_after.reset(token)  # type: ignore[arg-type]


def _upsert_sql() -> str:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    return (
        f"INSERT INTO {table} (scope, subject, window_start, hits) VALUES (%s, %s, %s, 1) "  # noqa: S608 (table name from the model; values bound)
        "ON CONFLICT (scope, subject) DO UPDATE SET "
        f"hits = CASE WHEN {table}.window_start = excluded.window_start THEN {table}.hits + 1 ELSE 1 END, "
        "window_start = excluded.window_start "
        "RETURNING hits"
    )


def hit(scope: str, subject: str, *, limit: int, window_seconds: int, now: float | None = None) -> int | None:
    """Count one action of ``subject`` in ``scope``; the seconds to wait if it is over ``limit``, else None.

    Parameters
    ----------
    scope : the kind of action ("vote", "statement", "new-participant").
    subject : who acts (a participant's id, an IP address); at most 64 characters.
    limit : actions allowed per window; 0 or less: no limit (nothing is counted).
    window_seconds : the window's length; windows start at multiples of it on the Unix clock.
    now : Unix time (default: now).

    The count is kept even when over the limit: callers raise, which rolls it back with their
    transaction (run this inside the transaction of the action it counts).
    """
    if limit <= 0:
        return None
    now = clock() if now is None else now
    window_start = int(now // window_seconds) * window_seconds
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [scope, subject[:64], window_start])
        (hits,) = cursor.fetchone()
    if hits == 1 and random.random() < PURGE_PROBABILITY:  # noqa: S311 (housekeeping, not security)
        purge_expired(now=now)
    if hits <= limit:
        return None
    return max(1, math.ceil(window_start + window_seconds - now))


def purge_expired(*, now: float | None = None) -> int:
    """Delete counters whose window ended more than :data:`PURGE_AFTER_SECONDS` ago; how many."""
    now = clock() if now is None else now
    deleted, _kinds = RateCounter.objects.filter(window_start__lt=now - PURGE_AFTER_SECONDS).delete()
    return deleted


def _wait_text(seconds: int) -> str:
    if seconds < 2 * MINUTE:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / MINUTE)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def _check(
    scope: str, subject: str, *, limit: int, window_seconds: int, refusal: Any, now: float | None
) -> None:
    wait = hit(scope, subject, limit=limit, window_seconds=window_seconds, now=now)
    if wait is not None:
        _retry_after.set(wait)
        raise RateLimitedError(str(refusal) % {"wait": _wait_text(wait)}, wait)


def check_vote(participant_id: int, *, now: float | None = None) -> None:
    """Count a vote of this participant; RateLimitedError over ``RATE_LIMIT_VOTES_PER_MINUTE``."""
    limit = settings.RATE_LIMIT_VOTES_PER_MINUTE
    _check("vote", str(participant_id), limit=limit, window_seconds=MINUTE, refusal=_VOTES_REFUSED, now=now)


def check_statement(participant_id: int, *, now: float | None = None) -> None:
    """Count a submission; RateLimitedError over ``RATE_LIMIT_STATEMENTS_PER_MINUTE``."""
    limit = settings.RATE_LIMIT_STATEMENTS_PER_MINUTE
    subject = str(participant_id)
    _check("statement", subject, limit=limit, window_seconds=MINUTE, refusal=_STATEMENTS_REFUSED, now=now)


def client_address(request: HttpRequest) -> str:
    """The client's IP address (:func:`assembly.http.client_address`: ``REMOTE_ADDR``, or
    the address the trusted reverse proxy saw), ``"unknown"`` when there is none."""
    return http.client_address(request) or "unknown"


def check_new_participant(request: HttpRequest, *, now: float | None = None) -> None:
    """Count a participant created by this request; RateLimitedError over
    ``RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR`` for its address. Call it just before creating them."""
    limit = settings.RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR
    address = client_address(request)
    _check("new-participant", address, limit=limit, window_seconds=HOUR, refusal=_JOINS_REFUSED, now=now)


def check_similar(request: HttpRequest, *, now: float | None = None) -> None:
    """Count a similar-statements look-up by this request's address; RateLimitedError over
    ``RATE_LIMIT_SIMILAR_PER_MINUTE``. It runs outside any transaction, so refused look-ups count too:
    a script that keeps asking stays refused."""
    limit = settings.RATE_LIMIT_SIMILAR_PER_MINUTE
    address = client_address(request)
    _check("similar", address, limit=limit, window_seconds=MINUTE, refusal=_SIMILAR_REFUSED, now=now)
