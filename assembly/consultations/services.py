"""Every write path of a consultation. Views and the API call these; they never save models themselves.

Each function validates first and raises a :class:`~assembly.errors.ConsultationError`
(or Django's ``ValidationError`` for facilitator forms) before anything is written, and writes in
one transaction, so a refused request changes nothing.

Participant actions: :func:`create_participant`, :func:`cast_vote`, :func:`undo_last_vote`,
:func:`submit_statement`;
reading what to show next: :func:`next_statement`, :func:`remaining_count`, :func:`similar_statements`,
:func:`undoable_vote`, :func:`visible_statement`.
Facilitator actions: :func:`create_consultation`, :func:`update_consultation`, :func:`set_themes`,
:func:`add_seed_statements`, :func:`close_consultation`, :func:`reopen_consultation`,
:func:`create_invites`.
Pol.is equivalents named below (server functions):
compdemocracy/polis 08e03eb1, docs/explanation/polis-math.md §1, §2.12.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.analysis.priority import pick_next_statement
from assembly.analysis.types import Moderation
from assembly.analysis.types import Vote as VoteValue
from assembly.consultations.errors import (
    ConsultationClosedError,
    ConsultationDraftError,
    DuplicateStatementError,
    InvalidStatementError,
    InvalidVoteError,
    NothingToUndoError,
    StatementNotFoundError,
    SubmissionsDisabledError,
)
from assembly.consultations.models import (
    SEED_MAX_LENGTH,
    SUBMISSION_MAX_LENGTH,
    THEME_NAME_MAX_LENGTH,
    VOTE_ORDER,
    Consultation,
    Invite,
    Participant,
    Statement,
    StatementQuerySet,
    Theme,
    Vote,
    VoteEvent,
)
from assembly.consultations.rows import Select
from assembly.consultations.similar import index_for
from assembly.consultations.texts import SimilarStatement, clean_text, duplicate_key
from assembly.ratelimit import limits as rate_limits

# Participant and invite tokens: 32 random bytes (256 bits; the brief asks for at least 128), URL-safe.
TOKEN_BYTES = 32
# The largest statement number the database holds (a PositiveIntegerField); larger ones exist nowhere.
NUMBER_MAX = 2**31 - 1

# The reads of every participant request (next statement, vote), in plain SQL: building them with the
# ORM cost more CPU than the database took to answer (assembly.consultations.rows).
_CONSULTATION_BY_SLUG = Select(Consultation, "slug = %s")
_PARTICIPANT_BY_TOKEN = Select(Participant, "consultation_id = %s AND token_hash = %s")
_STATEMENT_BY_NUMBER = Select(Statement, "consultation_id = %s AND number = %s")
_THEME_BY_ID = Select(Theme, "id = %s")
# Both at once: the consultation by slug, and its participant holding a token hash (NULLs if none).
_CONSULTATION_WITH_PARTICIPANT = (
    f"SELECT {_CONSULTATION_BY_SLUG.columns('c')}, {_PARTICIPANT_BY_TOKEN.columns('p')} "  # noqa: S608 (names from the models)
    "FROM consultations_consultation c LEFT JOIN consultations_participant p "
    "ON p.consultation_id = c.id AND p.token_hash = %s WHERE c.slug = %s"
)
# Statements participants may vote on: "moderation IN (%s, %s)" with _visible_states' two parameters.
_VISIBLE_STATEMENT_ID = (
    "SELECT id FROM consultations_statement WHERE consultation_id = %s AND number = %s "
    "AND moderation IN (%s, %s)"
)
# Their numbers in order, each with whether the participant (%s; NULL: nobody) voted on it.
_VISIBLE_NUMBERS = (
    "SELECT s.number, EXISTS (SELECT 1 FROM consultations_vote v WHERE v.participant_id = %s "
    "AND v.statement_id = s.id) FROM consultations_statement s WHERE s.consultation_id = %s "
    "AND s.moderation IN (%s, %s) ORDER BY s.number"
)
# The live vote, and the time it records: never earlier than the vote it replaces. The update runs under
# the live vote's row lock, so a vote that commits after another one gets a time at least as late
# (equal times are ordered by the event's id, assigned after the lock too): models.VOTE_ORDER.
# "{latest}" is the larger of two values: GREATEST on PostgreSQL, SQLite's two-argument MAX (its
# stored times are ISO texts of one width per precision, which compare as the times do).
_VOTE_UPSERT = (
    "INSERT INTO consultations_vote (consultation_id, participant_id, statement_id, value, created_at, "
    "updated_at) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (participant_id, statement_id) "
    "DO UPDATE SET value = excluded.value, "
    "updated_at = {latest}(excluded.updated_at, consultations_vote.updated_at) RETURNING updated_at"
)
_VOTE_UPSERTS = {
    "sqlite": _VOTE_UPSERT.format(latest="MAX"),
    "postgresql": _VOTE_UPSERT.format(latest="GREATEST"),
}
_VOTE_EVENT_INSERT = (
    "INSERT INTO consultations_voteevent (consultation_id, participant_id, statement_id, value, created_at) "
    "VALUES (%s, %s, %s, %s, %s)"
)


# --------------------------------------------------------------------------------------------------
# Identity


def hash_token(token: str) -> str:
    """The stored form of a participant or invite token (SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lock(consultation: Consultation) -> None:
    """Serialise writers that allocate per-consultation numbers (a row lock on PostgreSQL; SQLite's
    immediate transactions serialise all writers already)."""
    Consultation.objects.select_for_update().filter(pk=consultation.pk).values_list("pk").first()


def _next_number(model: type[Participant] | type[Statement], consultation: Consultation) -> int:
    highest = model.objects.filter(consultation=consultation).aggregate(m=Max("number"))["m"]
    return 0 if highest is None else highest + 1


def create_participant(
    consultation: Consultation,
    *,
    xid: str | None = None,
    invite: Invite | None = None,
    invite_token: str | None = None,
) -> tuple[Participant, str]:
    """A new participant and the token that identifies them (only its hash is stored).

    Parameters
    ----------
    xid : the external id an embedding site gave.
    invite, invite_token : the invite used and its token; the invite token then *is* the participant's
        token, so opening the invite link again finds the same participant.

    Returns
    -------
    (participant, token) : give the token to the participant's browser (cookie or form field).
    """
    token = invite_token or secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        _lock(consultation)
        participant = Participant.objects.create(
            consultation=consultation,
            number=_next_number(Participant, consultation),
            token_hash=hash_token(token),
            xid=xid,
            invite=invite,
        )
    return participant, token


def consultation_by_slug(slug: str, *, token: str | None = None) -> Consultation | None:
    """The consultation with this slug, or None.

    Every participant request starts with this read and then looks up its participant: with the
    participant's ``token``, one query does both, and the next :func:`participant_for_token` call with
    that token on this instance returns the participant found (or None) without a query of its own.
    """
    if not token:
        return _CONSULTATION_BY_SLUG.first(slug)
    token_hash = hash_token(token)
    with connection.cursor() as cursor:
        cursor.execute(_CONSULTATION_WITH_PARTICIPANT, [token_hash, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(_CONSULTATION_BY_SLUG.fields)
    consultation = _CONSULTATION_BY_SLUG.instance(row[:split])
    participant = None if row[split] is None else _PARTICIPANT_BY_TOKEN.instance(row[split:])
    if participant is not None:
        participant.consultation = consultation
    consultation._participant_found = (token_hash, participant)
    return consultation


def participant_for_token(consultation: Consultation, token: str | None) -> Participant | None:
    """The participant holding this token in this consultation, or None."""
    if not token:
        return None
    token_hash = hash_token(token)
    found = consultation.__dict__.pop("_participant_found", None)  # read along with the consultation
    if found is not None and found[0] == token_hash:
        return found[1]
    participant = _PARTICIPANT_BY_TOKEN.first(consultation.pk, token_hash)
    if participant is not None:
        participant.consultation = consultation  # spares the write paths a query to load it again
    return participant


def create_invites(consultation: Consultation, *, count: int, label: str = "") -> list[str]:
    """Make ``count`` single-use invite tokens; return them (they are not stored, only their hashes)."""
    if not 1 <= count <= 10_000:
        raise ValidationError(_("Make between 1 and 10,000 invites at a time."))
    tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _i in range(count)]
    Invite.objects.bulk_create(
        [Invite(consultation=consultation, token_hash=hash_token(t), label=label) for t in tokens]
    )
    return tokens


# --------------------------------------------------------------------------------------------------
# Voting


def parse_vote(value: object) -> VoteValue:
    """A vote value from a form field, JSON or code: 1, -1, 0 (ints or their strings)."""
    if isinstance(value, VoteValue):
        return value
    if isinstance(value, bool):
        raise InvalidVoteError(value)
    try:
        return VoteValue(int(str(value).strip()) if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise InvalidVoteError(value) from None


def _record_vote(participant: Participant, statement_id: int, value: VoteValue, now: datetime) -> None:
    """Upsert the live vote (one row per participant and statement) and append the history event
    (:class:`Vote`, :class:`VoteEvent`; two statements of plain SQL, run inside the caller's transaction).

    The event gets the time the live vote recorded: ``now``, or the replaced vote's time when that is
    later (a vote stamped before a concurrent one committed), so the history's order
    (:data:`~assembly.consultations.models.VOTE_ORDER`) is the order of the commits.
    """
    stamp = connection.ops.adapt_datetimefield_value(now)
    consultation_id, participant_id = participant.consultation_id, participant.pk
    with connection.cursor() as cursor:
        cursor.execute(
            _VOTE_UPSERTS[connection.vendor],
            [consultation_id, participant_id, statement_id, int(value), stamp, stamp],
        )
        (recorded,) = cursor.fetchone()
        cursor.execute(
            _VOTE_EVENT_INSERT, [consultation_id, participant_id, statement_id, int(value), recorded]
        )


def _visible_states(consultation: Consultation) -> list[str]:
    """:attr:`Consultation.visible_moderation_states` as exactly two values (the first one repeated
    when there is one), the parameters of ``moderation IN (%s, %s)``."""
    states = consultation.visible_moderation_states
    return [states[0], states[-1]]


def _visible_statement_id(consultation: Consultation, number: int) -> int | None:
    """The id of the consultation's statement ``number`` if participants may vote on it, else None."""
    if not 0 <= number <= NUMBER_MAX:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_VISIBLE_STATEMENT_ID, [consultation.pk, number, *_visible_states(consultation)])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def check_open(consultation: Consultation, now: datetime | None = None) -> None:
    """ConsultationDraftError for a draft, ConsultationClosedError outside the open period."""
    if consultation.is_draft:
        raise ConsultationDraftError(consultation.slug)
    if not consultation.is_open(now):
        raise ConsultationClosedError(consultation.slug)


def _votable(
    consultation: Consultation, statement_number: int | str, now: datetime | None
) -> tuple[int, int]:
    """The number and id of the statement a vote (or an undo) is for, once the consultation is open and
    participants may vote on it; else ConsultationDraftError, ConsultationClosedError or
    StatementNotFoundError.

    Read before the write transaction: on SQLite it holds the database's only write lock, so it should
    contain the writes alone. (A statement rejected between this read and the write may still get the
    vote, as on PostgreSQL; rejected statements are left out of everything shown.)"""
    check_open(consultation, now)
    try:
        number = int(statement_number)
    except (TypeError, ValueError):
        raise StatementNotFoundError(consultation.slug, statement_number) from None
    statement_id = _visible_statement_id(consultation, number)
    if statement_id is None:
        raise StatementNotFoundError(consultation.slug, statement_number)
    return number, statement_id


def cast_vote(
    participant: Participant, *, statement_number: int | str, value: object, now: datetime | None = None
) -> VoteValue:
    """Record a participant's vote on a statement, replacing their earlier vote on it if any.

    Parameters
    ----------
    participant : who votes.
    statement_number : the statement's number in the consultation.
    value : 1 (agree), -1 (disagree) or 0 (pass), as an int, a string or a :class:`Vote`.
    now : the time to record (default: now).

    Returns
    -------
    The vote as recorded.

    Raises
    ------
    InvalidVoteError, ConsultationClosedError, StatementNotFoundError
        Nothing is written.
    RateLimitedError
        Over ``RATE_LIMIT_VOTES_PER_MINUTE`` (:mod:`assembly.ratelimit.limits`); nothing is written.

    Pol.is equivalent: ``POST /api/v3/votes`` (pol.is stores agree as -1; we store agree as 1).
    """
    vote = parse_vote(value)
    _number, statement_id = _votable(participant.consultation, statement_number, now)
    with transaction.atomic():
        rate_limits.check_vote(participant.pk)
        _record_vote(participant, statement_id, vote, now or timezone.now())  # taken inside: see _record_vote
    return vote


def undo_last_vote(
    participant: Participant, *, statement_number: int | str, value: object, now: datetime | None = None
) -> VoteValue | None:
    """Take back the participant's last vote, the one the vote card just recorded.

    The vote undone must be the participant's latest in the history
    (:data:`~assembly.consultations.models.VOTE_ORDER`), on ``statement_number``, with ``value``: the
    card says which vote its Undo is for, so a stale page or a second click cannot take back another.

    - When it replaced an earlier vote on the statement, that earlier value is cast again: a new event,
      so the history's latest is the live vote, as for any change of mind.
    - When it was the first vote on the statement, the live vote and its event are deleted: the
      participant has no vote there, and neither has the history (readers of the history notice the
      deletion as they notice an erasure, :func:`assembly.results.reading._votes`). The statement is
      theirs to vote on again.

    Returns the vote in force afterwards (None: no vote). Raises NothingToUndoError,
    ConsultationClosedError, StatementNotFoundError, InvalidVoteError, RateLimitedError; nothing is
    written then.
    """
    undone = parse_vote(value)
    number, statement_id = _votable(participant.consultation, statement_number, now)
    with transaction.atomic():
        rate_limits.check_vote(participant.pk)
        live = (
            Vote.objects.select_for_update()
            .filter(participant=participant, statement_id=statement_id)
            .first()
        )
        events = VoteEvent.objects.filter(participant=participant).order_by(*(f"-{f}" for f in VOTE_ORDER))
        last = events.first()
        if (
            live is None
            or last is None
            or last.statement_id != statement_id
            or last.value != int(undone)
            or live.value != last.value
        ):
            raise NothingToUndoError(number)
        earlier = events.filter(statement_id=statement_id).exclude(pk=last.pk).first()
        if earlier is None:
            last.delete()
            live.delete()
            return None
        restored = VoteValue(earlier.value)
        _record_vote(participant, statement_id, restored, now or timezone.now())
    return restored


def undoable_vote(participant: Participant, statement_number: object) -> Vote | None:
    """The participant's live vote on ``statement_number`` if it is their last vote (what
    :func:`undo_last_vote` would take back), else None. The vote card offers Undo only then."""
    try:
        number = int(str(statement_number))
    except ValueError:
        return None
    last = (
        VoteEvent.objects.filter(participant=participant)
        .order_by(*(f"-{f}" for f in VOTE_ORDER))
        .values_list("statement_id", "value")
        .first()
    )
    live = (
        Vote.objects.filter(participant=participant, statement__number=number)
        .select_related("statement")
        .first()
    )
    if last is None or live is None or last != (live.statement_id, live.value):
        return None
    return live


def visible_statement(consultation: Consultation, number: object) -> Statement | None:
    """Statement ``number`` if participants may vote on it, else None (any malformed number: None)."""
    try:
        wanted = int(str(number))
    except ValueError:
        return None
    return Statement.objects.visible_to_participants(consultation).filter(number=wanted).first()


def _unvoted_visible(consultation: Consultation, participant: Participant | None) -> StatementQuerySet:
    statements = Statement.objects.visible_to_participants(consultation)
    if participant is None:
        return statements
    return statements.exclude(pk__in=Vote.objects.filter(participant=participant).values("statement_id"))


def next_statement(
    consultation: Consultation,
    *,
    participant: Participant | None = None,
    priorities: Mapping[int, float] | None = None,
    rng: random.Random | None = None,
) -> Statement | None:
    """The statement to show next, or None when the participant has voted on all of them.

    Parameters
    ----------
    participant : who will see it; None for a visitor who has not voted yet (any statement).
    priorities : statement number -> weight, from the analysis (pol.is routing priority). A
        statement is then drawn with probability proportional to its weight; statements missing
        from the mapping (new since the analysis ran) get the largest weight, so they are seen soon.
        Without priorities (before the first analysis), a uniform draw among unseen statements.
    rng : the random source (tests pass a seeded one).

    Pol.is equivalent: ``nextComment`` choosing by ``comment-priorities``.
    """
    unseen = _unvoted_visible(consultation, participant)
    chosen = _draw(list(unseen.order_by("number").values_list("number", flat=True)), priorities, rng)
    return None if chosen is None else Statement.objects.get(consultation=consultation, number=chosen)


def _draw(
    numbers: list[int], priorities: Mapping[int, float] | None, rng: random.Random | None
) -> int | None:
    """One of ``numbers`` (in increasing order), drawn as :func:`next_statement` says; None if empty.

    Without ``rng``, the draws of this thread's own generators: making new ones for every request
    cost more CPU (60 µs) than the draw.
    """
    if not numbers:
        return None
    if priorities:
        top = max(priorities.values(), default=1.0) or 1.0
        weights = {n: max(priorities.get(n, top), 0.0) for n in numbers}
        picked = pick_next_statement(weights, numbers, _numpy_generator(rng))  # None only without numbers
        return None if picked is None else int(picked)
    return (rng or random).choice(numbers)  # the random module: its generator is reseeded in forked children


_thread = threading.local()


def _numpy_generator(rng: random.Random | None) -> np.random.Generator:
    """A NumPy generator seeded from ``rng`` (the same draws for the same ``rng``), or without it this
    thread's own (created at its first draw, from fresh entropy)."""
    if rng is not None:
        return np.random.default_rng(rng.getrandbits(64))
    generator = getattr(_thread, "generator", None)
    if generator is None:
        generator = _thread.generator = np.random.default_rng()
    return generator


@dataclass(frozen=True)
class NextCard:
    """What the vote card shows: the next statement (None when done), how many are left, how many exist."""

    statement: Statement | None
    remaining: int
    total: int


def next_card(
    consultation: Consultation,
    *,
    participant: Participant | None = None,
    priorities: Mapping[int, float] | None = None,
    rng: random.Random | None = None,
) -> NextCard:
    """:func:`next_statement` with :func:`remaining_count` and the number of statements shown, from two
    small queries in plain SQL (three with a theme) instead of five through the ORM: the vote card is
    fetched after every vote, so this is the hottest read of a consultation. The same draw as
    :func:`next_statement` for the same ``rng``."""
    voter = participant.pk if participant is not None else None
    with connection.cursor() as cursor:
        cursor.execute(_VISIBLE_NUMBERS, [voter, consultation.pk, *_visible_states(consultation)])
        visible = cursor.fetchall()
    numbers = [number for number, voted in visible if not voted]
    chosen = _draw(numbers, priorities, rng)
    statement = None
    if chosen is not None:
        statement = _STATEMENT_BY_NUMBER.first(consultation.pk, chosen)
    if statement is not None:
        statement.consultation = consultation
        statement.theme = _THEME_BY_ID.first(statement.theme_id) if statement.theme_id else None
    return NextCard(statement, len(numbers), len(visible))


def remaining_count(consultation: Consultation, *, participant: Participant | None = None) -> int:
    """How many statements shown to participants this participant (or a newcomer) has not voted on."""
    return _unvoted_visible(consultation, participant).count()


# --------------------------------------------------------------------------------------------------
# Statements


def validate_statement_text(text: object, *, limit: int = SUBMISSION_MAX_LENGTH) -> str:
    """The cleaned text (:func:`~assembly.consultations.texts.clean_text`), or InvalidStatementError.

    The one length rule for forms, services and the API: at most ``limit`` characters after cleaning.
    """
    if not isinstance(text, str):
        raise InvalidStatementError(_("A statement must be text."))
    cleaned = clean_text(text)
    if not cleaned:
        raise InvalidStatementError(_("Write a statement first."))
    if len(cleaned) > limit:
        raise InvalidStatementError(
            _("A statement has at most %(limit)d characters; this one has %(length)d. Please shorten it.")
            % {"limit": limit, "length": len(cleaned)}
        )
    return cleaned


def _existing_duplicate(consultation: Consultation, key: str) -> int | None:
    return (
        Statement.objects.filter(consultation=consultation, normalised_text=key)
        .values_list("number", flat=True)
        .first()
    )


def submit_statement(
    participant: Participant,
    *,
    text: object,
    theme: Theme | None = None,
    now: datetime | None = None,
    language: str = "",
) -> Statement:
    """Add a participant's statement, pending moderation, and record the author's agree vote on it.

    ``language``: the one the participant wrote in (one of the consultation's; "" for its source
    language); another is an InvalidStatementError.

    In pre-moderation the statement stays hidden until accepted; in post-moderation it is shown
    until rejected.

    Raises
    ------
    ConsultationClosedError, SubmissionsDisabledError, InvalidStatementError (empty, over 140 characters),
    DuplicateStatementError (same text as any statement of the consultation, after normalising Unicode,
    case, spaces, invisible characters and look-alike letters:
    :func:`~assembly.consultations.texts.duplicate_key`), RateLimitedError (over
    ``RATE_LIMIT_STATEMENTS_PER_MINUTE``). Nothing is written.

    Pol.is equivalent: ``POST /api/v3/comments``, which also records the author's agree vote.
    """
    consultation = participant.consultation
    check_open(consultation, now)
    if not consultation.accepts_submissions:
        raise SubmissionsDisabledError(consultation.slug)
    cleaned = validate_statement_text(text)
    if language and language not in consultation.all_languages:
        raise InvalidStatementError(
            _("“%(code)s” is not one of this consultation's languages (%(languages)s).")
            % {"code": language, "languages": ", ".join(consultation.all_languages)}
        )
    key = duplicate_key(cleaned)
    now = now or timezone.now()
    with transaction.atomic():
        _lock(consultation)
        existing = _existing_duplicate(consultation, key)
        if existing is not None:
            raise DuplicateStatementError(existing)
        rate_limits.check_statement(participant.pk)
        statement = Statement.objects.create(
            consultation=consultation,
            number=_next_number(Statement, consultation),
            text=cleaned,
            normalised_text=key,
            author=participant,
            moderation=Moderation.PENDING.value,
            theme=theme,
            created_at=now,
            language="" if language == consultation.source_language else language,
        )
        _record_vote(participant, statement.pk, VoteValue.AGREE, now)
    return statement


def add_seed_statements(
    consultation: Consultation, *, texts: Sequence[str], theme: Theme | None = None
) -> list[Statement]:
    """Add facilitators' statements, accepted at once; ``texts`` is typically a pasted list, one per line.

    Blank entries (nothing but white space and control characters) are skipped. All or nothing: when
    any entry is longer than :data:`~assembly.consultations.models.SEED_MAX_LENGTH` (140, as for
    participants) or repeats an existing statement (or another entry), a ``ValidationError`` lists
    every such line (1-based) and nothing is added. Imports of past conversations do not come here:
    they keep the longer ``STATEMENT_MAX_LENGTH`` (:mod:`assembly.consultations.datasets`).
    """
    problems: list[tuple[int, str]] = []
    entries: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(texts, start=1):
        if not clean_text(raw):
            continue
        try:
            cleaned = validate_statement_text(raw, limit=SEED_MAX_LENGTH)
        except InvalidStatementError as exc:
            problems.append((line, _("Line %(line)d: %(error)s") % {"line": line, "error": exc.message}))
            continue
        key = duplicate_key(cleaned)
        if key in seen:
            problems.append(
                (line, _("Line %(line)d repeats line %(other)d.") % {"line": line, "other": seen[key]})
            )
            continue
        seen[key] = line
        entries.append((cleaned, key))
    with transaction.atomic():
        _lock(consultation)
        keys = [k for _t, k in entries]
        existing = dict(
            Statement.objects.filter(consultation=consultation, normalised_text__in=keys).values_list(
                "normalised_text", "number"
            )
        )
        for key, line in seen.items():
            if key in existing:
                message = _("Line %(line)d repeats statement #%(number)d.")
                problems.append((line, message % {"line": line, "number": existing[key]}))
        if problems:
            raise ValidationError([message for _line, message in sorted(problems)])
        first = _next_number(Statement, consultation)
        now = timezone.now()
        return Statement.objects.bulk_create(
            [
                Statement(
                    consultation=consultation,
                    number=first + i,
                    text=text,
                    normalised_text=key,
                    is_seed=True,
                    moderation=Moderation.ACCEPTED.value,
                    moderated_at=now,
                    theme=theme,
                    created_at=now,
                )
                for i, (text, key) in enumerate(entries)
            ]
        )


def similar_statements(consultation: Consultation, text: str, **options: Any) -> list[SimilarStatement]:
    """Statements shown to participants that resemble ``text`` (see :mod:`assembly.consultations.texts`),
    from the index kept by :mod:`assembly.consultations.similar`; options as
    :meth:`~assembly.consultations.texts.SimilarityIndex.query`."""
    index = index_for(
        consultation, "participants", lambda: Statement.objects.visible_to_participants(consultation)
    )
    return index.query(text, **options)


# --------------------------------------------------------------------------------------------------
# Facilitators


def create_consultation(*, actor: Any = None, **fields: Any) -> Consultation:
    """A new consultation from form fields (slug, title, question, ...), validated by the model."""
    consultation = Consultation(created_by=actor if getattr(actor, "pk", None) else None, **fields)
    consultation.full_clean()
    consultation.save()
    return consultation


def update_consultation(consultation: Consultation, **fields: Any) -> Consultation:
    """Change a consultation's settings; validated by the model, nothing saved when invalid."""
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.full_clean()
    consultation.save()
    return consultation


def set_themes(consultation: Consultation, names: Sequence[str]) -> list[Theme]:
    """Make the consultation's themes exactly ``names``, in that order.

    Themes no longer listed are deleted (their statements keep no theme); kept themes keep their
    statements.
    """
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    too_long = [n for n in wanted if len(n) > THEME_NAME_MAX_LENGTH]
    if too_long:
        raise ValidationError(_("Theme names have at most 200 characters: %(name)s") % {"name": too_long[0]})
    with transaction.atomic():
        consultation.themes.exclude(name__in=wanted).delete()
        themes = []
        for position, name in enumerate(wanted):
            theme, _created = Theme.objects.update_or_create(
                consultation=consultation, name=name, defaults={"position": position}
            )
            themes.append(theme)
    return themes


def close_consultation(consultation: Consultation, *, now: datetime | None = None) -> Consultation:
    """Stop voting and submitting; everything recorded and the results stay."""
    if consultation.closed_at is None:
        consultation.closed_at = now or timezone.now()
        consultation.save(update_fields=["closed_at", "updated_at"])
    return consultation


def reopen_consultation(consultation: Consultation, *, now: datetime | None = None) -> Consultation:
    """Undo :func:`close_consultation`; a closing date already past is cleared too."""
    now = now or timezone.now()
    consultation.closed_at = None
    if consultation.closes_at is not None and consultation.closes_at <= now:
        consultation.closes_at = None
    consultation.save(update_fields=["closed_at", "closes_at", "updated_at"])
    return consultation
