"""What the reliability tests verify, read from the database with plain SQL (not through the code under
test): acknowledged votes present, one live vote per participant and statement equal to the latest vote
of the history, and an intact database."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from bench.load.harness import Database
from bench.load.loadgen import Ack

_HISTORY = """
    SELECT p.token_hash, s.number, e.value
    FROM consultations_voteevent e
    JOIN consultations_participant p ON p.id = e.participant_id
    JOIN consultations_statement s ON s.id = e.statement_id
    JOIN consultations_consultation c ON c.id = e.consultation_id
    WHERE c.slug = %s
"""
_DUPLICATE_LIVE = """
    SELECT participant_id, statement_id, COUNT(*) FROM consultations_vote
    GROUP BY participant_id, statement_id HAVING COUNT(*) > 1
"""
# Live votes whose value is not that of the latest history event of the same participant and statement,
# and live votes without any history.
_LIVE_VS_HISTORY = """
    SELECT v.participant_id, v.statement_id, v.value, e.value
    FROM consultations_vote v
    LEFT JOIN consultations_voteevent e ON e.id = (
        SELECT MAX(e2.id) FROM consultations_voteevent e2
        WHERE e2.participant_id = v.participant_id AND e2.statement_id = v.statement_id
    )
    WHERE e.id IS NULL OR e.value <> v.value
"""
# History events of a participant and statement that have no live vote.
_HISTORY_WITHOUT_LIVE = """
    SELECT DISTINCT e.participant_id, e.statement_id FROM consultations_voteevent e
    LEFT JOIN consultations_vote v ON v.participant_id = e.participant_id AND v.statement_id = e.statement_id
    WHERE v.id IS NULL
"""


def token_hash(token: str) -> str:
    """The stored form of a participant token (SHA-256, hex), computed here independently."""
    return hashlib.sha256(token.encode()).hexdigest()


def lost_votes(database: Database, slug: str, acks: Iterable[Ack]) -> list[Ack]:
    """Acknowledged votes missing from the history: more acknowledgements of (participant, statement,
    value) than stored events with those three."""
    stored = Counter(database.rows(_HISTORY, (slug,)))
    lost = []
    for ack in acks:
        key = (token_hash(ack.token), ack.statement, ack.value)
        if stored[key] > 0:
            stored[key] -= 1
        else:
            lost.append(ack)
    return lost


def vote_table_problems(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every inconsistency between the live votes and their history (empty lists when all is well)."""
    return {
        "duplicate live votes": database.rows(_DUPLICATE_LIVE),
        "live vote differs from the latest event": database.rows(_LIVE_VS_HISTORY),
        "history without a live vote": database.rows(_HISTORY_WITHOUT_LIVE),
    }


def integrity_problems(database: Database) -> list[str]:
    """SQLite's own checks (``PRAGMA integrity_check`` and ``foreign_key_check``); on PostgreSQL, which
    enforces constraints itself, the foreign keys are checked by hand for the vote tables."""
    if database.kind == "sqlite":
        result = [str(row[0]) for row in database.rows("PRAGMA integrity_check")]
        problems = [] if result == ["ok"] else result
        return problems + [f"foreign key: {row}" for row in database.rows("PRAGMA foreign_key_check")]
    orphans = database.rows(
        "SELECT e.id FROM consultations_voteevent e LEFT JOIN consultations_participant p "
        "ON p.id = e.participant_id WHERE p.id IS NULL"
    )
    return [f"vote event {row[0]} without participant" for row in orphans]
