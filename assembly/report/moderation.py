"""The anonymised moderation log: what moderators decided about each statement, and why.

The web platform keeps a full log (who, when, before, after, reason, note); what leaves it for a report
or a publication bundle is this anonymised form, with no moderator and nothing about participants
beyond the source's pseudonymous participant number. The CSV file ``moderation-log.csv`` holds it::

    timestamp,action,statement-id,participant-id,reason,note
    2025-06-02T09:14:00Z,statement.reject,57,,distinct from published statements,

``action`` uses the platform's action names (``statement.accept``, ``statement.reject``,
``statement.meta``, ``participant.exclude``, ...). A report finds the file beside a pol.is export.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assembly.errors import InputError
from assembly.polis import neutralise_text, restore_text

__all__ = [
    "MODERATION_LOG_FILE",
    "ModerationRecord",
    "final_decisions",
    "read_moderation_log",
    "write_moderation_log",
]

MODERATION_LOG_FILE = "moderation-log.csv"
COLUMNS = ("timestamp", "action", "statement-id", "participant-id", "reason", "note")
# Actions that decide whether a statement is published; the latest one per statement is its decision.
# How a decision without a recorded reason is listed.
NO_REASON = "no reason given"
DECISION_ACTIONS = {"statement.accept": "accepted", "statement.reject": "rejected"}


@dataclass(frozen=True)
class ModerationRecord:
    """One moderation action, without the moderator's identity."""

    action: str
    statement_id: int | None = None
    participant_id: int | None = None
    reason: str = ""
    note: str = ""
    timestamp: str = ""  # ISO 8601, as recorded; "" when unknown


def _optional_int(value: str, *, file: str, line: int, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{value!r} is not a whole number", file=file, line=line, column=column) from None


def read_moderation_log(path: str | Path) -> list[ModerationRecord]:
    """Read ``moderation-log.csv``.

    Parameters
    ----------
    path : str or Path
        The CSV file. ``action`` is required; the other columns of :data:`COLUMNS` are optional.

    Returns
    -------
    list of ModerationRecord
        In file order.

    Raises
    ------
    InputError
        Not UTF-8, no ``action`` column, or an id that is not a whole number (file, line and column named).
    """
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    reader = csv.DictReader(io.StringIO(content))
    if reader.fieldnames is None or "action" not in reader.fieldnames:
        raise InputError("missing the 'action' column", file=str(path), line=1)
    records = []
    for row in reader:
        line = reader.line_num
        get = row.get
        records.append(
            ModerationRecord(
                action=(get("action") or "").strip(),
                statement_id=_optional_int(
                    get("statement-id") or "", file=str(path), line=line, column="statement-id"
                ),
                participant_id=_optional_int(
                    get("participant-id") or "", file=str(path), line=line, column="participant-id"
                ),
                reason=restore_text((get("reason") or "").strip()),
                note=restore_text((get("note") or "").strip()),
                timestamp=(get("timestamp") or "").strip(),
            )
        )
    return records


def write_moderation_log(records: Iterable[ModerationRecord], path: str | Path) -> Path:
    """Write the anonymised log as ``moderation-log.csv`` (in the given order). Reasons and notes a
    spreadsheet would run as formulas get a protective quote, which :func:`read_moderation_log` drops."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in records:
            writer.writerow(
                [
                    r.timestamp,
                    r.action,
                    "" if r.statement_id is None else r.statement_id,
                    "" if r.participant_id is None else r.participant_id,
                    neutralise_text(r.reason),
                    neutralise_text(r.note),
                ]
            )
    return path


def final_decisions(records: Sequence[ModerationRecord]) -> dict[int, tuple[str, str]]:
    """Each statement's last accept / reject decision in the log: ``{statement id: (decision, reason)}``."""
    out: dict[int, tuple[str, str]] = {}
    for r in records:
        if r.statement_id is not None and r.action in DECISION_ACTIONS:
            out[r.statement_id] = (DECISION_ACTIONS[r.action], r.reason)
    return out


def decisions_by_reason(
    records: Sequence[ModerationRecord], statement_ids: Iterable[int]
) -> list[tuple[str, str, int]]:
    """Count final decisions per (decision, reason) over the given statements, sorted."""
    final = final_decisions(records)
    counts = Counter(final[s] for s in statement_ids if s in final)
    return sorted((d, r or NO_REASON, n) for (d, r), n in counts.items())
