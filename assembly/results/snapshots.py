"""Analyse a consultation from the database and keep the result as its :class:`AnalysisSnapshot`.

- :func:`change_marker`: a short text that changes whenever a vote, a moderation decision, a new
  statement or an exclusion could change the analysis (a few indexed aggregate queries).
- :func:`claim_snapshot` / :func:`release_snapshot`: the lease that keeps two runners from analysing
  one consultation at once (one conditional UPDATE, atomic on SQLite and PostgreSQL alike).
- :func:`refresh_snapshot`: read the consultation, run the analysis, store document, positions and
  priorities in one transaction; on failure keep the previous results and store the error.
- :func:`needs_refresh`: whether a consultation's snapshot lags behind its data.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from assembly.analysis.document import AnalysisDocument
from assembly.analysis.types import Moderation
from assembly.consultations.models import Consultation, Participant, Statement, VoteEvent
from assembly.dataset import Dataset
from assembly.disclosure import shown_placed
from assembly.results.models import AnalysisSnapshot
from assembly.results.reading import read_for_analysis

__all__ = [
    "LEASE_SECONDS",
    "RETRY_FAILED_AFTER_SECONDS",
    "ANALYSIS_METHOD",
    "ANALYSIS_SEED",
    "RefreshOutcome",
    "change_marker",
    "claim_snapshot",
    "needs_refresh",
    "refresh_snapshot",
    "release_snapshot",
    "snapshot_for",
]

log = logging.getLogger(__name__)

# A runner holds a consultation this long. The analysis takes at most ~5 s at the scale target
# (100,000 participants x 1,000 statements), so 10 minutes only expires when a runner died mid-run;
# another runner then takes over.
LEASE_SECONDS = 600
# After a failed run, try again once the data changes, or after this long (a passing fault, such as a
# database restart, should not freeze the results until the next vote).
RETRY_FAILED_AFTER_SECONDS = 60
# The web platform's analysis: the stable grouping with a fixed seed, so the same votes always give
# the same groups, and a results page does not reshuffle between two refreshes.
ANALYSIS_METHOD = "stable"
ANALYSIS_SEED = 0
# Coordinates on the opinion map are stored to this many decimals (the map is 400 px wide).
POSITION_DECIMALS = 4
# Snapshot fields too large to load when only the bookkeeping is needed.
HEAVY_FIELDS = ("document", "positions", "priorities")
# Longest error text kept (a traceback's tail is enough to find the cause).
MAX_ERROR_CHARS = 4000


def snapshot_for(consultation: Consultation) -> AnalysisSnapshot:
    """The consultation's snapshot row, created empty if it does not exist yet.

    The document, positions and priorities are not loaded (megabytes of JSON at 100,000 participants,
    and the runner looks at every open consultation every second); they load if accessed.
    """
    rows = AnalysisSnapshot.objects.defer(*HEAVY_FIELDS)
    try:
        snapshot, _created = rows.get_or_create(consultation=consultation)
    except IntegrityError:  # another process created it between our read and our insert
        snapshot = rows.get(consultation=consultation)
    return snapshot


def change_marker(consultation: Consultation) -> str:
    """A text that changes whenever the consultation's analysis could change.

    It combines the latest vote event, the statements (count, and how many are accepted, rejected,
    meta, with the latest moderation time) and the participants (how many are excluded, the latest
    erasure). Every vote, re-vote, submission, moderation decision, exclusion and erasure changes at
    least one of them.
    """
    votes = VoteEvent.objects.filter(consultation=consultation).aggregate(last=Max("id"))
    statements = Statement.objects.filter(consultation=consultation).aggregate(
        n=Count("id"),
        last=Max("id"),
        accepted=Count("id", filter=Q(moderation=Moderation.ACCEPTED.value)),
        rejected=Count("id", filter=Q(moderation=Moderation.REJECTED.value)),
        meta=Count("id", filter=Q(is_meta=True)),
        moderated=Max("moderated_at"),
    )
    participants = Participant.objects.filter(consultation=consultation).aggregate(
        excluded=Count("id", filter=Q(excluded=True)), erased=Max("erased_at")
    )
    excluded = participants["excluded"]
    erased = participants["erased"].timestamp() if participants["erased"] else 0
    moderated = statements["moderated"].timestamp() if statements["moderated"] else 0
    return (
        f"v{votes['last'] or 0}"
        f"-s{statements['n']}.{statements['last'] or 0}.{statements['accepted']}"
        f".{statements['rejected']}.{statements['meta']}.{moderated:.6f}"
        f"-x{excluded}-e{erased:.6f}"
    )


def needs_refresh(snapshot: AnalysisSnapshot, marker: str, *, now: datetime | None = None) -> bool:
    """True when ``marker`` (the consultation's current one) differs from what the snapshot analysed.

    A run that failed on this very marker is retried only after :data:`RETRY_FAILED_AFTER_SECONDS`.
    """
    if snapshot.has_results and snapshot.marker == marker:
        return False
    if snapshot.failed_last and snapshot.error_marker == marker and snapshot.error_at is not None:
        now = now or timezone.now()
        return bool((now - snapshot.error_at).total_seconds() >= RETRY_FAILED_AFTER_SECONDS)
    return True


def claim_snapshot(snapshot: AnalysisSnapshot, owner: str, *, now: datetime | None = None) -> bool:
    """Take the consultation's lease for ``owner``; False when another runner holds it.

    One conditional UPDATE: of two runners racing for the same row, exactly one matches it. A lease
    held by a runner of this machine whose process no longer exists (killed mid-run) is free at once,
    so a restarted server or worker does not wait :data:`LEASE_SECONDS` for its own dead predecessor.
    """
    now = now or timezone.now()
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now) | Q(lease_owner=owner)
    held_by = snapshot.lease_owner
    if held_by and held_by != owner and _is_dead_local_runner(held_by):
        free |= Q(lease_owner=held_by)
    taken = AnalysisSnapshot.objects.filter(Q(pk=snapshot.pk) & free).update(
        lease_owner=owner, lease_expires_at=now + timedelta(seconds=LEASE_SECONDS)
    )
    if taken:
        snapshot.lease_owner = owner
        snapshot.lease_expires_at = now + timedelta(seconds=LEASE_SECONDS)
    return bool(taken)


def _is_dead_local_runner(owner: str) -> bool:
    """True when ``owner`` (``<role>@<host>:<pid>``, :func:`assembly.results.runner.default_owner`) names
    a process of this machine that has ended. A runner on another machine, or a live process (even an
    unrelated one that reused the pid), counts as alive: its lease then lasts until it expires."""
    role_and_host, _colon, pid = owner.rpartition(":")
    host = role_and_host.partition("@")[2]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but belongs to another user
        return False
    return False


def release_snapshot(snapshot: AnalysisSnapshot, owner: str) -> None:
    """Give the lease back (only if ``owner`` still holds it)."""
    AnalysisSnapshot.objects.filter(pk=snapshot.pk, lease_owner=owner).update(
        lease_owner="", lease_expires_at=None
    )


@dataclass(frozen=True)
class RefreshOutcome:
    """What :func:`refresh_snapshot` did: ``"done"``, ``"failed"`` or ``"busy"`` (leased elsewhere)."""

    status: str
    seconds: float = 0.0
    error: str = ""


def _analyse(dataset: Dataset) -> tuple[AnalysisDocument, dict[str, Any], dict[str, float | None]]:
    from assembly.analysis.serialize import analysis_document, participant_positions, run_record_analysis

    result = run_record_analysis(dataset, method=ANALYSIS_METHOD, seed=ANALYSIS_SEED)
    document = analysis_document(result, dataset)
    points = participant_positions(result)
    ids = sorted(points)
    positions = {
        "ids": ids,
        "x": [round(points[i][0], POSITION_DECIMALS) for i in ids],
        "y": [round(points[i][1], POSITION_DECIMALS) for i in ids],
    }
    return document, positions, {str(k): v for k, v in document.priorities.items()}


def refresh_snapshot(consultation: Consultation, *, owner: str, marker: str | None = None) -> RefreshOutcome:
    """Analyse the consultation now and store the result as its snapshot.

    Parameters
    ----------
    consultation : the consultation to analyse.
    owner : this runner's name, for the lease (e.g. ``"worker-host-1234"``).
    marker : the consultation's :func:`change_marker`, if the caller has just read it.

    Returns
    -------
    RefreshOutcome
        ``busy`` when another runner holds the lease (nothing done); ``failed`` when the analysis
        raised: the previous results stay and the error is stored; ``done`` otherwise.

    The marker is read *before* the data, so a vote arriving during the run leaves the snapshot stale
    and the next pass analyses again.
    """
    snapshot = snapshot_for(consultation)
    if not claim_snapshot(snapshot, owner):
        return RefreshOutcome("busy")
    started = timezone.now()
    clock = time.perf_counter()
    marker = marker if marker is not None else change_marker(consultation)
    try:
        try:
            dataset, last_event = read_for_analysis(consultation)
            document, positions, priorities = _analyse(dataset)
        except Exception as exc:  # noqa: BLE001 (any failure must leave voting and old results intact)
            seconds = time.perf_counter() - clock
            text = "".join(traceback.format_exception_only(exc)).strip()
            detail = traceback.format_exc()[-MAX_ERROR_CHARS:]
            log.error("analysis of %s failed after %.2f s: %s", consultation.slug, seconds, detail)
            AnalysisSnapshot.objects.filter(pk=snapshot.pk, lease_owner=owner).update(
                error=text[:MAX_ERROR_CHARS], error_marker=marker, error_at=timezone.now()
            )
            return RefreshOutcome("failed", seconds, text)
        seconds = time.perf_counter() - clock
        votes = sum(s.counts.votes for s in document.statements)
        stored = document.to_json()
        # As published (assembly.disclosure): a withheld group's size must not be the difference
        # between this count and the sizes the page shows.
        placed = shown_placed(stored, consultation.disclosure_rule())
        with transaction.atomic():
            AnalysisSnapshot.objects.filter(pk=snapshot.pk, lease_owner=owner).update(
                document=stored,
                positions=positions,
                priorities=priorities,
                marker=marker,
                last_vote_event_id=last_event,
                votes=votes,
                placed=placed,
                started_at=started,
                finished_at=timezone.now(),
                duration_seconds=seconds,
                error="",
                error_marker="",
                error_at=None,
            )
        log.info("analysed %s in %.2f s: %d votes, %d placed", consultation.slug, seconds, votes, placed)
        return RefreshOutcome("done", seconds)
    finally:
        release_snapshot(snapshot, owner)
