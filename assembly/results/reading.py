"""Read a consultation for its analysis, fast enough to run every few seconds on millions of votes.

The reading itself is :mod:`assembly.consultations.datasets`' (one reader from the database to a
Dataset). Reading every vote event costs about 1 µs a row (seconds at millions of votes); the runner
analyses the same consultation again and again, and vote events are only ever added, so
:func:`read_for_analysis` keeps each consultation's events in memory (per process: the worker, never
a web process, which only reads the stored snapshot) and reads only those added since its previous
call. What the analysis needs besides the votes is small and read whole each time: the statements
and the excluded participants.

The cache checks itself: the number of events it holds must equal the database's count up to the
last id it holds. When it does not (events deleted with a participant, or, on PostgreSQL, an event
that committed after a later-numbered one was read), the consultation is read again from scratch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from assembly.analysis.types import VoteLog
from assembly.consultations.datasets import export_dataset, read_vote_events
from assembly.consultations.models import Consultation, VoteEvent
from assembly.dataset import Dataset

__all__ = ["forget", "read_for_analysis"]


@dataclass
class _Events:
    """One consultation's vote events up to ``last_id``, in id order, as a list of arrays."""

    last_id: int = 0
    parts: list[VoteLog] = field(default_factory=list)
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __len__(self) -> int:
        return self.count

    def extend(self, consultation: Consultation) -> None:
        """Append the events added after ``last_id``."""
        new, self.last_id = read_vote_events(consultation, after=self.last_id)
        if len(new):
            self.parts.append(new)
            self.count += len(new)
        if len(self.parts) > 1:  # one array again: the next log() copies once
            self.parts = [self.log()]

    def log(self) -> VoteLog:
        if not self.parts:
            return VoteLog.empty()
        return VoteLog(*(np.concatenate([getattr(p, name) for p in self.parts]) for name in _COLUMNS))


_COLUMNS = ("participant_ids", "statement_ids", "values", "timestamps")


# Keyed by the consultation's id and creation time: ids are never reused by a database, but a test
# database rolled back between tests may hand the same id to another consultation.
_CACHE: dict[tuple[int, str], _Events] = {}
_CACHE_LOCK = threading.Lock()


def _key(consultation: Consultation) -> tuple[int, str]:
    return (consultation.pk, consultation.created_at.isoformat())


def forget(consultation: Consultation) -> None:
    """Drop the consultation's cached events (the next read starts from scratch)."""
    with _CACHE_LOCK:
        _CACHE.pop(_key(consultation), None)


def _events(consultation: Consultation) -> _Events:
    with _CACHE_LOCK:
        return _CACHE.setdefault(_key(consultation), _Events())


def _votes(consultation: Consultation) -> tuple[VoteLog, int]:
    events = _events(consultation)
    with events.lock:
        events.extend(consultation)
        held = VoteEvent.objects.filter(consultation=consultation, id__lte=events.last_id).count()
        if held != len(events):  # something was deleted, or committed out of id order: start again
            forget(consultation)
            events = _events(consultation)
            events.extend(consultation)
        return events.log(), events.last_id


def read_for_analysis(consultation: Consultation) -> tuple[Dataset, int]:
    """The consultation as the analysis needs it, and the id of the last vote event included.

    :func:`~assembly.consultations.datasets.export_dataset` with the cached events (in id order) and,
    as participants, only the excluded ones (all that the analysis and the report read of them).
    """
    votes, last_event = _votes(consultation)
    return export_dataset(consultation, votes=votes, everyone=False), last_event
