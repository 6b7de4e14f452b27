"""Each consultation's near-duplicate index, computed once and kept in memory by every server process.

Building a :class:`~assembly.consultations.texts.SimilarityIndex` computes the trigram set of every
statement (its duplicate key: NFKC, case folding, the TR39 skeleton; then trigrams), about 40 µs a
statement: 0.4 s of CPU for a consultation of 10,000 statements. ``/c/<slug>/similar/`` is asked for
while a participant types, anonymously, so it must not pay that on each request.

:func:`index_for` keeps one index per consultation and set of statements (those participants see, or
those moderators compare), checks on each use that the statements have not changed (one aggregate
query: how many, the latest one, how many accepted and rejected, the latest moderation and erasure, and
the moderation mode, which decides what participants see) and rebuilds it when they have, computing
trigram sets only for texts it has not seen before. Every write path that can change the set or a text
changes the marker (a submission, seeds, a moderation decision, an erasure); an edit the marker cannot
see (a text corrected in the admin site) is picked up within :data:`REBUILD_AFTER_SECONDS`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from assembly.analysis.types import Moderation
from assembly.consultations.models import Consultation, Participant, Statement
from assembly.consultations.texts import SimilarityIndex, trigrams

__all__ = ["REBUILD_AFTER_SECONDS", "forget_all", "index_for"]

# The longest an index is used without being rebuilt, whatever the marker says.
REBUILD_AFTER_SECONDS = 60.0

# Where the index reads the time; tests replace it.
clock = time.monotonic


@dataclass
class _Cached:
    marker: str
    built_at: float
    index: SimilarityIndex


_CACHE: dict[tuple[int, str, str], _Cached] = {}
_LOCKS: dict[tuple[int, str, str], threading.Lock] = {}
_CACHE_LOCK = threading.Lock()


def _marker(consultation: Consultation) -> str:
    """A text that changes whenever a statement is added, moderated or erased, or the mode changes."""
    statements = Statement.objects.filter(consultation=consultation).aggregate(
        n=Count("id"),
        last=Max("id"),
        accepted=Count("id", filter=Q(moderation=Moderation.ACCEPTED.value)),
        rejected=Count("id", filter=Q(moderation=Moderation.REJECTED.value)),
        moderated=Max("moderated_at"),
    )
    erased = Participant.objects.filter(consultation=consultation).aggregate(last=Max("erased_at"))["last"]
    moderated = statements["moderated"]
    return (
        f"{consultation.moderation_mode}-{statements['n']}.{statements['last'] or 0}"
        f".{statements['accepted']}.{statements['rejected']}"
        f"-{moderated.timestamp() if moderated else 0:.6f}-{erased.timestamp() if erased else 0:.6f}"
    )


def index_for(
    consultation: Consultation, scope: str, candidates: Callable[[], QuerySet[Statement]]
) -> SimilarityIndex:
    """The similarity index of ``candidates()`` (a query of the consultation's statements), up to date.

    ``scope`` names the set ("participants", "moderation"): each has its own index. The statements are
    read, and trigram sets computed for new texts, only when the consultation's marker has changed since
    the index was built, or it is older than :data:`REBUILD_AFTER_SECONDS`.
    """
    key = (consultation.pk, consultation.created_at.isoformat(), scope)
    marker = _marker(consultation)
    with _CACHE_LOCK:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:  # one rebuild per index at a time; the other requests wait for it and use it
        cached = _CACHE.get(key)
        fresh = cached is not None and clock() - cached.built_at < REBUILD_AFTER_SECONDS
        if cached is not None and fresh and cached.marker == marker:
            return cached.index
        known = {text: grams for _number, text, grams in cached.index.entries} if cached else {}

        def grams_of(text: str) -> frozenset[str]:
            found = known.get(text)
            return found if found is not None else trigrams(text)

        rows = candidates().order_by("number").values_list("number", "text")
        index = SimilarityIndex(rows, grams=grams_of)
        with _CACHE_LOCK:
            _CACHE[key] = _Cached(marker, clock(), index)
        return index


def forget_all() -> None:
    """Drop every kept index (tests; the next use rebuilds)."""
    with _CACHE_LOCK:
        _CACHE.clear()
        _LOCKS.clear()
