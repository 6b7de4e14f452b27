"""Read a consultation for its analysis, fast enough to run every few seconds on millions of votes.

:func:`~assembly.consultations.datasets.export_dataset` reads every vote event each time (about 7 µs a
row: half a minute for 4 million events). The runner analyses the same consultation again and
again, and vote events are only ever added, so :func:`read_for_analysis` keeps each consultation's
events in memory (per process) and reads only those added since its previous call. What the analysis
needs besides the votes is small and read whole each time: the statements and the excluded
participants.

The cache checks itself: the number of events it holds must equal the database's count up to the
last id it holds. When it does not (events deleted with a participant, or, on PostgreSQL, an event
that committed after a later-numbered one was read), the consultation is read again from scratch.
"""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass, field

import numpy as np

from assembly.analysis.types import Moderation, VoteLog
from assembly.consultations.models import Consultation, ModerationMode, Participant, Statement, VoteEvent
from assembly.dataset import Dataset
from assembly.dataset import Participant as DatasetParticipant
from assembly.dataset import Statement as DatasetStatement

__all__ = ["forget", "read_for_analysis", "statement_records"]

# Vote events fetched per database round trip.
CHUNK = 20_000


@dataclass
class _Events:
    """One consultation's vote events up to ``last_id``, as growable typed arrays."""

    last_id: int = 0
    participants: array = field(default_factory=lambda: array("q"))
    statements: array = field(default_factory=lambda: array("q"))
    values: array = field(default_factory=lambda: array("b"))
    times: array = field(default_factory=lambda: array("d"))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __len__(self) -> int:
        return len(self.values)

    def extend(self, consultation: Consultation) -> None:
        """Append the events added after ``last_id``, in id order."""
        rows = (
            VoteEvent.objects.filter(consultation=consultation, id__gt=self.last_id)
            .order_by("id")
            .values_list("id", "participant__number", "statement__number", "value", "created_at")
        )
        for event, participant, statement, value, created in rows.iterator(chunk_size=CHUNK):
            self.participants.append(participant)
            self.statements.append(statement)
            self.values.append(value)
            self.times.append(created.timestamp() * 1000.0)
            self.last_id = event

    def log(self) -> VoteLog:
        return VoteLog(
            np.frombuffer(self.participants, dtype=np.int64).copy(),
            np.frombuffer(self.statements, dtype=np.int64).copy(),
            np.frombuffer(self.values, dtype=np.int8).copy(),
            np.frombuffer(self.times, dtype=np.float64).copy(),
        )


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


def statement_records(consultation: Consultation) -> list[DatasetStatement]:
    """Every statement of the consultation as it is now (number as id, text, moderation, meta, seed,
    theme), by number."""
    rows = (
        Statement.objects.filter(consultation=consultation)
        .order_by("number")
        .values_list("number", "text", "moderation", "is_meta", "is_seed", "theme__name")
    )
    return [
        DatasetStatement(
            id=number, text=text, moderation=Moderation(state), is_meta=meta, is_seed=seed, theme=theme
        )
        for number, text, state, meta, seed, theme in rows
    ]


def read_for_analysis(consultation: Consultation) -> tuple[Dataset, int]:
    """The consultation as the analysis needs it, and the id of the last vote event included.

    The :class:`Dataset` has every statement (texts, moderation, meta, seed, theme), every vote event
    (numbers as ids, times in ms), as participants only the excluded ones (all that the analysis and
    the report read of them), and the title, question and description as the export's summary. Ids
    are statement and participant numbers, as in
    :func:`~assembly.consultations.datasets.export_dataset`, whose analysis gives the same document.
    """
    votes, last_event = _votes(consultation)
    statements = statement_records(consultation)
    excluded = Participant.objects.filter(consultation=consultation, excluded=True).order_by("number")
    participants = [
        DatasetParticipant(id=n, excluded=True) for n in excluded.values_list("number", flat=True)
    ]
    dataset = Dataset(
        statements=statements,
        votes=votes,
        participants=participants,
        summary={
            "topic": consultation.title,
            "conversation-description": "\n\n".join(
                t for t in (consultation.question, consultation.description) if t
            ),
            # As the export records it: in pre-moderation only accepted statements are published, so the
            # report counts the statements published as the results page does (assembly.consultations.counts).
            "strict_moderation": "true" if consultation.moderation_mode == ModerationMode.PRE else "false",
        },
        name=consultation.slug,
    )
    return dataset, last_event
