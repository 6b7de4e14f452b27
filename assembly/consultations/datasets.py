"""Move a consultation in and out of the database as a neutral :class:`~assembly.dataset.Dataset`.

:func:`import_dataset` turns a Dataset (read from a pol.is export by :func:`assembly.polis.read_export`,
or made by the simulator) into a new consultation, in one transaction: all of it or nothing.
:func:`export_dataset` builds the Dataset back from the database, for
:func:`assembly.polis.write_csv_export` (the pol.is CSV format) or the analysis.

Ids are kept: a statement's ``number`` is the Dataset's statement id (pol.is ``tid``), a participant's
``number`` its participant id (pol.is ``pid``), so an export of an import matches the original.
"""

from __future__ import annotations

from array import array
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assembly.analysis.types import Moderation, VoteLog
from assembly.consultations.models import Consultation, Participant, Statement, Theme, Vote, VoteEvent
from assembly.consultations.texts import duplicate_key
from assembly.dataset import Dataset
from assembly.dataset import Participant as DatasetParticipant
from assembly.dataset import Statement as DatasetStatement
from assembly.errors import ImportFormatError, InputError

__all__ = ["export_dataset", "import_dataset"]

# Rows per INSERT when loading votes: large enough to amortise round trips, small enough for
# SQLite's limit on bound parameters (32,766 since 3.32; a vote row binds 5-6).
BATCH_SIZE = 4_000


def _from_ms(ms: float | None, default: datetime) -> datetime:
    if ms is None or not np.isfinite(ms):
        return default
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _to_ms(moment: datetime) -> float:
    return moment.timestamp() * 1000


def _check(dataset: Dataset, *, slug: str) -> None:
    """Refuse a dataset the database cannot hold faithfully, naming the first offending id."""
    if Consultation.objects.filter(slug=slug).exists():
        raise InputError(f"a consultation with the short name {slug!r} exists already: choose another slug")
    ids = [s.id for s in dataset.statements]
    if len(set(ids)) != len(ids):
        raise ImportFormatError(f"statement id {next(i for i in ids if ids.count(i) > 1)} appears twice")
    if any(i < 0 for i in ids):
        raise ImportFormatError(f"statement id {min(ids)} is negative; ids must be 0 or more")
    known = set(ids)
    unknown = set(np.unique(dataset.votes.statement_ids).tolist()) - known
    if unknown:
        raise ImportFormatError(
            f"votes refer to statement id {min(unknown)}, which is not among the statements "
            f"({len(unknown)} such id(s))"
        )
    participant_ids = [p.id for p in dataset.participants]
    if len(set(participant_ids)) != len(participant_ids):
        raise ImportFormatError("a participant id appears twice in the participants")
    everyone = set(participant_ids) | set(np.unique(dataset.votes.participant_ids).tolist())
    if everyone and min(everyone) < 0:
        raise ImportFormatError(f"participant id {min(everyone)} is negative; ids must be 0 or more")


def import_dataset(
    dataset: Dataset,
    *,
    slug: str,
    title: str | None = None,
    question: str | None = None,
    description: str | None = None,
    actor: Any = None,
    **settings: Any,
) -> Consultation:
    """Create a consultation holding everything in ``dataset``.

    Parameters
    ----------
    dataset : the statements, the vote log (every event, re-votes included) and the participants.
    slug : the new consultation's short name (its link).
    title, question, description : default to the export's ``summary`` (topic, description) or name.
    actor : the staff user doing it, recorded as the creator.
    **settings : other :class:`Consultation` fields (``moderation_mode``, ``results_public``, ...).

    Returns
    -------
    Consultation
        Open unless ``settings`` say otherwise; statements keep their moderation state, meta and
        seed flags and themes; participants keep their exclusion and external ids.

    Raises
    ------
    InputError
        The slug is taken, or the consultation fields are invalid.
    ImportFormatError
        Votes on unknown statements, duplicate or negative ids. Nothing is written in any case.
    """
    _check(dataset, slug=slug)
    summary = dataset.summary
    topic = summary.get("topic") or dataset.name or slug
    about = summary.get("conversation-description") or summary.get("description") or ""
    consultation = Consultation(
        slug=slug,
        title=(title or topic)[:200],
        question=question or topic,
        description=description if description is not None else about,
        created_by=actor if getattr(actor, "pk", None) else None,
        **settings,
    )
    try:
        consultation.full_clean()
    except ValidationError as exc:
        raise InputError(f"cannot create consultation {slug!r}: {'; '.join(exc.messages)}") from None
    now = timezone.now()
    with transaction.atomic():
        consultation.save()
        participants = _import_participants(consultation, dataset, now)
        statements = _import_statements(consultation, dataset, participants, now)
        _import_votes(consultation, dataset.votes, participants, statements, now)
    return consultation


def _import_participants(consultation: Consultation, dataset: Dataset, now: datetime) -> dict[int, int]:
    listed = {p.id: p for p in dataset.participants}
    authors = {s.author_id for s in dataset.statements if s.author_id is not None}
    ids = sorted(set(listed) | set(np.unique(dataset.votes.participant_ids).tolist()) | authors)
    rows = [
        Participant(
            consultation=consultation,
            number=i,
            xid=(listed[i].xid or None) if i in listed else None,
            excluded=listed[i].excluded if i in listed else False,
            created_at=now,
        )
        for i in ids
    ]
    Participant.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return dict(Participant.objects.filter(consultation=consultation).values_list("number", "pk"))


def _import_statements(
    consultation: Consultation, dataset: Dataset, participants: dict[int, int], now: datetime
) -> dict[int, int]:
    theme_names = list(dict.fromkeys(s.theme for s in dataset.statements if s.theme))
    themes = {
        name: Theme.objects.create(consultation=consultation, name=name[:200], position=i)
        for i, name in enumerate(theme_names)
    }
    rows = [
        Statement(
            consultation=consultation,
            number=s.id,
            text=s.text,
            normalised_text=duplicate_key(s.text),
            author_id=participants.get(s.author_id) if s.author_id is not None else None,
            is_seed=s.is_seed,
            moderation=s.moderation.value,
            moderated_at=None if s.moderation is Moderation.PENDING else now,
            is_meta=s.is_meta,
            theme=themes.get(s.theme) if s.theme else None,
            created_at=_from_ms(s.created, now),
        )
        for s in dataset.statements
    ]
    Statement.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return dict(Statement.objects.filter(consultation=consultation).values_list("number", "pk"))


def _import_votes(
    consultation: Consultation,
    votes: VoteLog,
    participants: dict[int, int],
    statements: dict[int, int],
    now: datetime,
) -> None:
    n = len(votes)
    if n == 0:
        return
    # Events in time order (row order breaks ties and stands in for missing times), so that ids
    # ascend with time as they do for votes cast live.
    order = np.lexsort((np.arange(n), votes.timestamps)) if votes.timestamps is not None else np.arange(n)
    for start in range(0, n, BATCH_SIZE):
        chunk = order[start : start + BATCH_SIZE]
        VoteEvent.objects.bulk_create(
            [
                VoteEvent(
                    consultation=consultation,
                    participant_id=participants[int(votes.participant_ids[i])],
                    statement_id=statements[int(votes.statement_ids[i])],
                    value=int(votes.values[i]),
                    created_at=_from_ms(None if votes.timestamps is None else votes.timestamps[i], now),
                )
                for i in chunk
            ]
        )
    latest = votes.latest()
    for start in range(0, len(latest), BATCH_SIZE):
        stop = min(start + BATCH_SIZE, len(latest))
        rows = []
        for i in range(start, stop):
            when = _from_ms(None if latest.timestamps is None else latest.timestamps[i], now)
            rows.append(
                Vote(
                    consultation=consultation,
                    participant_id=participants[int(latest.participant_ids[i])],
                    statement_id=statements[int(latest.statement_ids[i])],
                    value=int(latest.values[i]),
                    created_at=when,
                    updated_at=when,
                )
            )
        Vote.objects.bulk_create(rows)


def _export_votes(consultation: Consultation, participant_numbers: dict[int, int]) -> VoteLog:
    """Every vote event, streamed into compact arrays (millions of rows never become Python tuples
    all at once)."""
    statement_numbers = dict(Statement.objects.filter(consultation=consultation).values_list("pk", "number"))
    pids, sids, values, times = array("q"), array("q"), array("b"), array("d")
    events = VoteEvent.objects.filter(consultation=consultation).order_by("created_at", "id")
    for participant_id, statement_id, value, created_at in events.values_list(
        "participant_id", "statement_id", "value", "created_at"
    ).iterator(chunk_size=BATCH_SIZE * 5):
        pids.append(participant_numbers[participant_id])
        sids.append(statement_numbers[statement_id])
        values.append(value)
        times.append(_to_ms(created_at))
    return VoteLog(
        np.frombuffer(pids, dtype=np.int64).copy(),
        np.frombuffer(sids, dtype=np.int64).copy(),
        np.frombuffer(values, dtype=np.int8).copy(),
        np.frombuffer(times, dtype=np.float64).copy(),
    )


def export_dataset(consultation: Consultation) -> Dataset:
    """The consultation as a :class:`Dataset`: every statement (rejected ones marked so), every vote
    event, every participant (excluded ones flagged).

    ``summary`` holds ``topic`` (the title) and ``conversation-description`` (the question and
    description); ``name`` is the slug.
    """
    numbers = dict(Participant.objects.filter(consultation=consultation).values_list("pk", "number"))
    statements = [
        DatasetStatement(
            id=s.number,
            text=s.text,
            author_id=numbers.get(s.author_id) if s.author_id else None,
            created=_to_ms(s.created_at),
            moderation=Moderation(s.moderation),
            is_meta=s.is_meta,
            is_seed=s.is_seed,
            theme=s.theme.name if s.theme_id else None,
        )
        for s in Statement.objects.filter(consultation=consultation)
        .select_related("theme")
        .order_by("number")
    ]
    votes = _export_votes(consultation, numbers)
    authored: dict[int, int] = {}
    for s in statements:
        if s.author_id is not None:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    participants = [
        DatasetParticipant(id=number, xid=xid, excluded=excluded, n_statements=authored.get(number, 0))
        for number, xid, excluded in Participant.objects.filter(consultation=consultation)
        .order_by("number")
        .values_list("number", "xid", "excluded")
    ]
    description = "\n\n".join(t for t in (consultation.question, consultation.description) if t)
    return Dataset(
        statements=statements,
        votes=votes,
        participants=participants,
        summary={"topic": consultation.title, "conversation-description": description},
        name=consultation.slug,
    )
