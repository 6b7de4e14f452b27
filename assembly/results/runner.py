"""The background analysis: a loop that keeps every consultation's snapshot up to date.

``assembly worker`` runs :func:`run_forever` in the foreground (production: one or more workers beside
the web processes, all on one PostgreSQL); ``assembly serve`` runs it in a daemon thread
(:func:`start_background_thread`) so a single process does everything. Runners coordinate through
the snapshot lease (:func:`assembly.results.snapshots.claim_snapshot`), so any number of them can
run: each consultation is analysed by one at a time.

Each pass looks at the open consultations (and, every :data:`IDLE_CHECK_SECONDS`, at the others, for
moderation after closing or a fresh import), compares each one's change marker with its snapshot,
and re-analyses those that changed. With the default one-second pause a new vote shows on the
results page within a second plus the analysis time (well under 5 s at the scale target).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import close_old_connections, connections
from django.utils import timezone

from assembly.consultations.models import Consultation
from assembly.results.snapshots import (
    RefreshOutcome,
    change_marker,
    needs_refresh,
    refresh_snapshot,
    snapshot_for,
)

__all__ = [
    "IDLE_CHECK_SECONDS",
    "BackgroundAnalysis",
    "POLL_SECONDS",
    "PassReport",
    "default_owner",
    "run_forever",
    "run_pass",
    "start_background_thread",
]

log = logging.getLogger(__name__)

# Pause between two passes that found nothing to do: a new vote waits at most this long (plus the
# analysis) before it shows, which keeps the brief's "reflected within 5 seconds".
POLL_SECONDS = 1.0
# Closed, scheduled and imported consultations change rarely (late moderation, exclusions): look at
# them once a minute instead of every pass.
IDLE_CHECK_SECONDS = 60.0
# After a pass that analysed something, rest this many times as long as its analyses took (at least
# the poll pause, at most MAX_REST_SECONDS) before the next pass: under a continuous stream of votes
# the analysis then refreshes at most once a poll pause and takes at most about half a core, leaving
# the rest to the web processes answering the votes.
ANALYSIS_REST_FACTOR = 1.0
MAX_REST_SECONDS = 5.0
# After an unexpected error in a pass (the database restarting, say), wait this long before the next.
ERROR_PAUSE_SECONDS = 5.0


def default_owner(role: str = "worker") -> str:
    """A runner name unique across machines and processes: ``<role>@<host>:<pid>``."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}"


@dataclass
class PassReport:
    """What one pass did: the consultations (slugs) it checked and each refresh's outcome."""

    checked: list[str] = field(default_factory=list)
    outcomes: dict[str, RefreshOutcome] = field(default_factory=dict)

    @property
    def refreshed(self) -> int:
        return sum(1 for o in self.outcomes.values() if o.status == "done")


def _consultations_to_check(include_idle: bool) -> list[Consultation]:
    consultations = Consultation.objects.all().order_by("pk")
    if include_idle:
        return list(consultations)
    now = timezone.now()
    return [c for c in consultations if c.is_open(now)]


def run_pass(*, owner: str, include_idle: bool = True) -> PassReport:
    """Check consultations once and re-analyse those whose data changed since their snapshot.

    Parameters
    ----------
    owner : this runner's name (see :func:`default_owner`).
    include_idle : also check consultations that are not open (closed, scheduled, imported).
    """
    report = PassReport()
    for consultation in _consultations_to_check(include_idle):
        report.checked.append(consultation.slug)
        marker = change_marker(consultation)
        if not needs_refresh(snapshot_for(consultation), marker):
            continue
        report.outcomes[consultation.slug] = refresh_snapshot(consultation, owner=owner, marker=marker)
    return report


def run_forever(
    *,
    owner: str,
    stop: threading.Event,
    poll_seconds: float = POLL_SECONDS,
    on_pass: Callable[[PassReport], None] | None = None,
) -> None:
    """Run passes until ``stop`` is set; a pass that refreshes nothing is followed by a pause, one that
    refreshes something by a rest as long as its analyses, and at least the pause
    (:data:`ANALYSIS_REST_FACTOR`).

    An error inside a pass (other than in an analysis, which :func:`refresh_snapshot` records) is
    logged, and the loop goes on after :data:`ERROR_PAUSE_SECONDS`.
    """
    last_idle_check = float("-inf")
    while not stop.is_set():
        include_idle = time.monotonic() - last_idle_check >= IDLE_CHECK_SECONDS
        try:
            close_old_connections()
            report = run_pass(owner=owner, include_idle=include_idle)
        except Exception:  # noqa: BLE001 (the loop must survive a database outage)
            log.exception("analysis pass failed; retrying in %s s", ERROR_PAUSE_SECONDS)
            close_old_connections()
            stop.wait(ERROR_PAUSE_SECONDS)
            continue
        if include_idle:
            last_idle_check = time.monotonic()
        if on_pass is not None:
            on_pass(report)
        if not report.refreshed:
            stop.wait(poll_seconds)
        else:
            busy = sum(outcome.seconds for outcome in report.outcomes.values())
            stop.wait(max(poll_seconds, min(ANALYSIS_REST_FACTOR * busy, MAX_REST_SECONDS)))


@dataclass
class BackgroundAnalysis:
    """The thread :func:`start_background_thread` started; :meth:`stop` ends it."""

    thread: threading.Thread
    stop_event: threading.Event

    def stop(self, timeout: float | None = None) -> None:
        """Ask the loop to stop and wait (up to ``timeout`` seconds) for the running pass to end."""
        self.stop_event.set()
        self.thread.join(timeout)


def start_background_thread(*, poll_seconds: float = POLL_SECONDS) -> BackgroundAnalysis:
    """Start :func:`run_forever` in a daemon thread, as ``assembly serve`` does."""
    stop = threading.Event()

    def target() -> None:
        try:
            run_forever(owner=default_owner("serve"), stop=stop, poll_seconds=poll_seconds)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name="assembly-analysis", daemon=True)
    thread.start()
    return BackgroundAnalysis(thread=thread, stop_event=stop)
