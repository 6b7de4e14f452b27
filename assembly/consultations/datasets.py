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
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from numpy.typing import NDArray

from assembly.analysis.types import Moderation, VoteLog
from assembly.consultations.bulk import BATCH_SIZE, bulk_load, insert_rows, keys_known
from assembly.consultations.models import (
    Consultation,
    ModerationMode,
    Participant,
    Statement,
    Theme,
    Vote,
    VoteEvent,
)
from assembly.consultations.texts import duplicate_key, strip_invisible
from assembly.dataset import Dataset
from assembly.dataset import Participant as DatasetParticipant
from assembly.dataset import Statement as DatasetStatement
from assembly.errors import ImportFormatError, InputError
from assembly.report.themes import ThemeNote

__all__ = ["export_dataset", "export_theme_notes", "import_dataset", "read_vote_events", "statement_records"]


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
    with keys_known(), transaction.atomic():
        consultation.save()
        participants = _import_participants(consultation, dataset, now)
        statements = _import_statements(consultation, dataset, participants, now)
        _import_votes(consultation, dataset.votes, participants, statements, now)
    return consultation


def _import_participants(consultation: Consultation, dataset: Dataset, now: datetime) -> dict[int, int]:
    listed = {p.id: p for p in dataset.participants}
    authors = {s.author_id for s in dataset.statements if s.author_id is not None}
    ids = sorted(set(listed) | set(np.unique(dataset.votes.participant_ids).tolist()) | authors)
    created = _db_times(np.array([_to_ms(now)]))[0]
    rows = [
        (
            consultation.pk,
            i,
            (listed[i].xid or None) if i in listed else None,
            bool(listed[i].excluded) if i in listed else False,
            created,
        )
        for i in ids
    ]
    batches = (rows[start : start + BATCH_SIZE] for start in range(0, len(rows), BATCH_SIZE))
    insert_rows(Participant, ("consultation", "number", "xid", "excluded", "created_at"), batches)
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
            text=strip_invisible(s.text),  # the platform shows it: no bidi override or hidden characters
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
    Statement.objects.bulk_create(rows)  # Django sizes the batches to the database's parameter limit
    return dict(Statement.objects.filter(consultation=consultation).values_list("number", "pk"))


def _db_times(ms: NDArray[np.float64]) -> list[str]:
    """Milliseconds since the epoch as the database's UTC timestamp text, for many rows at once.

    SQLite: Django's own format (naive UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``); PostgreSQL: the same with
    ``+00:00``.
    """
    text = np.char.replace(np.datetime_as_string(ms.astype("datetime64[ms]"), unit="us"), "T", " ")
    if connection.vendor != "sqlite":
        text = np.char.add(text, "+00:00")
    return text.tolist()


def _pks(mapping: dict[int, int], ids: NDArray[np.int64]) -> NDArray[np.int64]:
    """Database keys for source ids (all known: checked before the transaction)."""
    keys = np.fromiter(mapping.keys(), dtype=np.int64, count=len(mapping))
    values = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))
    order = np.argsort(keys)
    return values[order][np.searchsorted(keys[order], ids)]


def _vote_rows(
    consultation_id: int,
    votes: VoteLog,
    participants: dict[int, int],
    statements: dict[int, int],
    now_ms: float,
    *,
    twice: bool,
) -> Iterable[list[tuple[object, ...]]]:
    """Rows (consultation, participant, statement, value, time[, time]) of ``votes``, in batches of
    :data:`BATCH_SIZE`."""
    times = votes.timestamps if votes.timestamps is not None else np.full(len(votes), now_ms)
    times = np.where(np.isfinite(times), times, now_ms)
    for start in range(0, len(votes), BATCH_SIZE):
        part = slice(start, start + BATCH_SIZE)
        when = _db_times(times[part])
        columns = [
            [consultation_id] * len(when),
            _pks(participants, votes.participant_ids[part]).tolist(),
            _pks(statements, votes.statement_ids[part]).tolist(),
            votes.values[part].tolist(),
            when,
        ]
        if twice:
            columns.append(when)
        yield list(zip(*columns, strict=True))


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
    now_ms = _to_ms(now)
    # Events in time order (row order breaks ties and stands in for missing times), so that ids
    # ascend with time as they do for votes cast live.
    order = np.lexsort((np.arange(n), votes.timestamps)) if votes.timestamps is not None else np.arange(n)
    events = VoteLog(
        votes.participant_ids[order],
        votes.statement_ids[order],
        votes.values[order],
        None if votes.timestamps is None else votes.timestamps[order],
    )
    fields = ("consultation", "participant", "statement", "value", "created_at")
    history = _vote_rows(consultation.pk, events, participants, statements, now_ms, twice=False)
    # The live votes, by (participant, statement): the order of their unique index.
    live = _vote_rows(consultation.pk, votes.latest(), participants, statements, now_ms, twice=True)
    with bulk_load((VoteEvent, Vote), rows=n):
        insert_rows(VoteEvent, fields, history)
        insert_rows(Vote, (*fields, "updated_at"), live)


# Vote events fetched per database round trip by :func:`read_vote_events`.
READ_CHUNK = 50_000
# Each event's time as text the database writes in UTC, ``YYYY-MM-DD HH:MM:SS[.ffffff]`` (numpy reads
# it in C; a datetime object per row would cost more than the rest of the read). On SQLite an
# expression, not the column: a column declared datetime goes through Django's converter, which
# makes a datetime per row.
_TIME_TEXT = {
    "sqlite": "CAST(e.created_at AS TEXT)",
    "postgresql": "(e.created_at AT TIME ZONE 'UTC')::text",
}


def _times_ms(texts: list[str]) -> NDArray[np.float64]:
    moments = np.array(texts, dtype="datetime64[us]")
    return moments.astype(np.int64) / 1000.0


def read_vote_events(consultation: Consultation, *, after: int = 0) -> tuple[VoteLog, int]:
    """The consultation's vote events with an id above ``after``, in id order, and the last id read
    (``after`` when there are none).

    One streamed query into typed arrays, a chunk at a time: no model instance or datetime per vote.
    Participants and statements are given by their numbers (the Dataset's ids); times in ms.
    """
    quote = connection.ops.quote_name
    sql = (
        f"SELECT e.id, p.number, s.number, e.value, {_TIME_TEXT[connection.vendor]} "  # noqa: S608
        f"FROM {quote(VoteEvent._meta.db_table)} e "
        f"JOIN {quote(Participant._meta.db_table)} p ON p.id = e.participant_id "
        f"JOIN {quote(Statement._meta.db_table)} s ON s.id = e.statement_id "
        "WHERE e.consultation_id = %s AND e.id > %s ORDER BY e.id"
    )
    last, pids, sids, values = after, array("q"), array("q"), array("b")
    times: list[NDArray[np.float64]] = []
    # chunked_cursor: on PostgreSQL a server-side cursor, so only a chunk is in memory at a time (a
    # plain psycopg cursor receives the whole result on execute).
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [consultation.pk, after])
        while rows := cursor.fetchmany(READ_CHUNK):
            event, participant, statement, value, when = zip(*rows, strict=True)
            last = event[-1]
            pids.extend(participant)
            sids.extend(statement)
            values.extend(value)
            times.append(_times_ms(list(when)))
    log = VoteLog(
        np.frombuffer(pids, dtype=np.int64).copy(),
        np.frombuffer(sids, dtype=np.int64).copy(),
        np.frombuffer(values, dtype=np.int8).copy(),
        np.concatenate(times) if times else np.empty(0, dtype=np.float64),
    )
    return log, last


def _in_vote_order(log: VoteLog) -> VoteLog:
    """``log`` (in id order) by time, then id: :data:`VOTE_ORDER`, the order of the history."""
    assert log.timestamps is not None
    order = np.lexsort((np.arange(len(log)), log.timestamps))
    return VoteLog(
        log.participant_ids[order], log.statement_ids[order], log.values[order], log.timestamps[order]
    )


def export_theme_notes(consultation: Consultation) -> list[ThemeNote]:
    """The consultation's themes in the staff's order, with their avenues for further work."""
    return [
        ThemeNote(name=name, avenues=avenues)
        for name, avenues in consultation.themes.values_list("name", "avenues")
    ]


def statement_records(consultation: Consultation) -> list[DatasetStatement]:
    """Every statement of the consultation as it is now (number as id, text, author's number, time,
    moderation, meta, seed, theme), by number: what the results page reads too."""
    rows = (
        Statement.objects.filter(consultation=consultation)
        .order_by("number")
        .values_list(
            "number",
            "text",
            "author__number",
            "created_at",
            "moderation",
            "is_meta",
            "is_seed",
            "theme__name",
        )
    )
    return [
        DatasetStatement(
            id=number,
            text=text,
            author_id=author,
            created=_to_ms(created),
            moderation=Moderation(state),
            is_meta=meta,
            is_seed=seed,
            theme=theme,
        )
        for number, text, author, created, state, meta, seed, theme in rows
    ]


def _participants(
    consultation: Consultation, statements: list[DatasetStatement], *, everyone: bool
) -> list[DatasetParticipant]:
    authored: dict[int, int] = {}
    for s in statements:
        if s.author_id is not None:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    rows = Participant.objects.filter(consultation=consultation).order_by("number")
    if not everyone:
        rows = rows.filter(excluded=True)
    return [
        DatasetParticipant(id=number, xid=xid, excluded=excluded, n_statements=authored.get(number, 0))
        for number, xid, excluded in rows.values_list("number", "xid", "excluded")
    ]


def export_dataset(
    consultation: Consultation, *, votes: VoteLog | None = None, everyone: bool = True
) -> Dataset:
    """The consultation as a :class:`Dataset`: every statement (rejected ones marked so), every vote
    event, every participant (excluded ones flagged). The one reader from the database to a Dataset.

    Parameters
    ----------
    consultation : the consultation to read.
    votes : its vote events, when the caller holds them already (the results' incremental reader,
        :mod:`assembly.results.reading`); default: all of them, read now in :data:`VOTE_ORDER`.
    everyone : False lists only the excluded participants (all the analysis reads of them; a
        million-participant list costs seconds at every re-analysis).

    ``summary`` holds ``topic`` (the title) and ``conversation-description`` (the question and
    description); ``name`` is the slug.
    """
    statements = statement_records(consultation)
    if votes is None:
        votes = _in_vote_order(read_vote_events(consultation)[0])
    description = "\n\n".join(t for t in (consultation.question, consultation.description) if t)
    return Dataset(
        statements=statements,
        votes=votes,
        participants=_participants(consultation, statements, everyone=everyone),
        summary={
            "topic": consultation.title,
            "conversation-description": description,
            # pol.is's name for pre-moderation: only accepted statements are shown (and published).
            "strict_moderation": "true" if consultation.moderation_mode == ModerationMode.PRE else "false",
        },
        name=consultation.slug,
    )
