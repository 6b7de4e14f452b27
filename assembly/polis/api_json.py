"""Read pol.is API JSON dumps (``comments.json``, ``votes.json``, ``conversation.json``, ``math-pca2.json``).

These are what pol.is's ``/api/v3/comments``, ``/api/v3/votes``, ``/api/v3/conversations`` and
``/api/v3/math/pca2`` return, saved to a folder as tests/fixtures/polis-math/* holds them. Two
spellings occur: the API's own (``tid``, ``pid``, ``mod``) and the one red-dwarf saves
(``statement_id``, ``participant_id``, ``moderated``); both are read.

The vote sign needs care. The API returns agree = -1, but red-dwarf negates the votes before saving
them, so its dumps (all of tests/fixtures/polis-math) hold agree = +1. Unless told, the reader
decides from the dump itself: ``comments.json`` tallies (``agree_count``) are computed by pol.is's
server in its own convention whatever happened to the votes, so the sign under which the vote rows
reproduce them is the file's sign.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from assembly.analysis.types import Moderation, VoteLog
from assembly.dataset import Dataset, Statement
from assembly.errors import ImportFormatError
from assembly.polis._tables import shorten
from assembly.polis.csv_reader import derive_participants
from assembly.polis.sign import POLIS_API_AGREE, PolisSignWarning, check_vote_sign, votes_from_polis

__all__ = ["read_api_json"]

# Field names: pol.is API spelling first, then the spelling red-dwarf saves.
STATEMENT_ID = ("tid", "statement_id")
PARTICIPANT_ID = ("pid", "participant_id")
MODERATION = ("mod", "moderated")
VOTE_TIME = ("modified", "created")

# conversation.json fields kept in Dataset.summary. topic and description go under the summary.csv
# keys; these settings keep their API names. (Owner names, site ids and styling are left out.)
SUMMARY_FROM_CONVERSATION = {"topic": "topic", "description": "conversation-description"}
CONVERSATION_SETTINGS = (
    "conversation_id",
    "strict_moderation",
    "prioritize_seed",
    "is_active",
    "participant_count",
    "created",
    "modified",
)


def read_api_json(directory: str | Path, *, agree_value: int | None = None) -> Dataset:
    """Read a folder of pol.is API JSON into a :class:`~assembly.dataset.Dataset`.

    Parameters
    ----------
    directory : str or Path
        Holds ``votes.json`` and, optionally, ``comments.json``, ``conversation.json`` and
        ``math-pca2.json``.
    agree_value : {-1, 1}, optional
        The number meaning "agree" in ``votes.json``. Default: decided from the ``comments.json``
        tallies (see the module docstring), else pol.is's API convention (-1).

    Returns
    -------
    Dataset
        Statements from ``comments.json`` (``txt``, ``mod``, ``is_meta``, ``is_seed``, ``created``,
        tallies ``agree_count`` / ``disagree_count``); the votes of ``votes.json`` in file order,
        timestamped by ``modified``; participants derived from the votes in pol.is first-appearance
        order, with the pol.is group of each in-conv participant from ``math-pca2.json`` when
        present; ``summary`` from ``conversation.json``: ``topic``, ``conversation-description``
        and the settings in ``CONVERSATION_SETTINGS``.

    Raises
    ------
    ImportFormatError
        Naming the file, the line of the offending item and the field.

    Warns
    -----
    PolisSignWarning
        When authors mostly disagree with their own statements after conversion.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportFormatError("no such folder", file=str(directory))
    votes_path = directory / "votes.json"
    if not votes_path.is_file():
        raise ImportFormatError("no votes.json in this folder", file=str(directory))

    statements = None
    if (directory / "comments.json").is_file():
        statements = _read_statements(_JsonFile(directory / "comments.json"))
    participant_ids, statement_ids, values, timestamps = _read_votes(_JsonFile(votes_path), statements)
    if agree_value is None:
        agree_value = _detect_agree_value(statement_ids, values, statements)
    votes = VoteLog(participant_ids, statement_ids, votes_from_polis(values, agree=agree_value), timestamps)

    if statements is None:
        statements = {int(s): Statement(id=int(s), text="") for s in np.unique(statement_ids)}
    ordered = [statements[k] for k in sorted(statements)]
    participants = derive_participants(votes, ordered)
    math_path = directory / "math-pca2.json"
    if math_path.is_file():
        groups = _read_groups(_JsonFile(math_path))
        for p in participants:
            p.group_id = groups.get(p.id)
    summary = {}
    if (directory / "conversation.json").is_file():
        summary = _read_conversation(_JsonFile(directory / "conversation.json"))

    dataset = Dataset(
        statements=ordered, votes=votes, participants=participants, summary=summary, name=directory.name
    )
    check = check_vote_sign(dataset)
    if check.looks_flipped:
        warnings.warn(f"{votes_path}: {check.message}", PolisSignWarning, stacklevel=2)
    return dataset


class _JsonFile:
    """A parsed JSON file that can name the line of its n-th top-level item in errors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            data = path.read_bytes()
            raise self.error("not UTF-8 text", line=data.count(b"\n", 0, exc.start) + 1) from None
        try:
            self.data = json.loads(self.text)
        except json.JSONDecodeError as exc:
            raise self.error(f"not valid JSON ({exc.msg})", line=exc.lineno) from None
        except ValueError as exc:  # a number of more than 4,300 digits
            raise self.error(f"not valid JSON ({exc})") from None
        except RecursionError:
            raise self.error("not valid JSON (lists or objects nested too deeply)") from None

    def error(self, message: str, *, line: int | None = None, column: str | None = None) -> ImportFormatError:
        return ImportFormatError(message, file=str(self.path), line=line, column=column)

    def item_error(self, index: int, message: str, column: str | None) -> ImportFormatError:
        """An error about the ``index``-th element of the top-level list (slow path: finds its line)."""
        decoder = json.JSONDecoder()
        text = self.text
        at = text.index("[") + 1
        for _ in range(index + 1):
            while text[at] in " \t\r\n,":
                at += 1
            start = at
            _, at = decoder.raw_decode(text, at)
        return self.error(f"item {index + 1}: {message}", line=text.count("\n", 0, start) + 1, column=column)

    def items(self) -> list[Any]:
        if not isinstance(self.data, list):
            raise self.error("expected a JSON list", line=1)
        for i, item in enumerate(self.data):
            if not isinstance(item, dict):
                raise self.item_error(i, "expected an object", None)
        return self.data


class _Item:
    """One object of a JSON list, whose fields convert with errors naming the file, line and field."""

    def __init__(self, file: _JsonFile, index: int, data: dict[str, Any]) -> None:
        self.file, self.index, self.data = file, index, data

    def name(self, names: tuple[str, ...]) -> str:
        """The spelling of a field this item uses (the first one if it has none)."""
        return next((n for n in names if n in self.data), names[0])

    def error(self, message: str, names: tuple[str, ...] | None = None) -> ImportFormatError:
        return self.file.item_error(self.index, message, None if names is None else self.name(names))

    def get(
        self, names: tuple[str, ...], convert: Callable[[Any], Any], what: str, *, required: bool = True
    ) -> Any:
        """The field under any of its spellings, converted; ``None`` if absent and not required."""
        value = self.data.get(self.name(names))
        if value is None:
            if required:
                raise self.error("missing field", names)
            return None
        try:
            if isinstance(value, bool) and convert is not _flag:
                raise TypeError
            return convert(value)
        except (TypeError, ValueError, OverflowError):
            raise self.error(f"{shorten(repr(value))} is not {what}", names) from None


def _integer(value: Any) -> int:
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(value)
    if isinstance(value, str):
        return _int64(int(value.strip()))
    if not isinstance(value, int | float):
        raise TypeError(value)
    return _int64(int(value))


def _int64(value: int) -> int:
    """``value`` if an int64 holds it (ids and votes are stored as int64)."""
    if not -(2**63) <= value < 2**63:
        raise OverflowError(value)
    return value


def _milliseconds(value: Any) -> float:
    """ms since the epoch from a number, a numeric string, or an ISO 8601 string."""
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            result = datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000.0
            result = round(result, 3)
    else:
        raise TypeError(value)
    if not np.isfinite(result):
        raise ValueError(value)
    return result


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _read_statements(file: _JsonFile) -> dict[int, Statement]:
    statements: dict[int, Statement] = {}
    for i, data in enumerate(file.items()):
        item = _Item(file, i, data)
        sid = item.get(STATEMENT_ID, _integer, "a whole number")
        if sid in statements:
            raise item.error(f"statement {sid} is listed twice", STATEMENT_ID)
        # No moderation field at all: the statement was put to the vote, as in a CSV without "moderated".
        mod = item.get(MODERATION, _integer, "a whole number", required=False)
        mod = 1 if mod is None else mod
        if mod not in (-1, 0, 1):
            raise item.error(f"{mod} is not a moderation state (-1, 0, 1)", MODERATION)
        statements[sid] = Statement(
            id=sid,
            text=item.get(("txt",), _text, "text"),
            author_id=item.get(PARTICIPANT_ID, _integer, "a whole number", required=False),
            created=item.get(("created",), _milliseconds, "a time", required=False),
            moderation=Moderation.from_polis(mod),
            is_meta=bool(item.get(("is_meta",), _flag, "true or false", required=False)),
            is_seed=bool(item.get(("is_seed",), _flag, "true or false", required=False)),
            source_agrees=item.get(("agree_count",), _integer, "a count", required=False),
            source_disagrees=item.get(("disagree_count",), _integer, "a count", required=False),
        )
    return statements


def _read_votes(
    file: _JsonFile, statements: dict[int, Statement] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    items = file.items()
    n = len(items)
    participant_ids = np.empty(n, dtype=np.int64)
    statement_ids = np.empty(n, dtype=np.int64)
    values = np.empty(n, dtype=np.int64)
    times = np.full(n, np.nan)
    for i, data in enumerate(items):
        item = _Item(file, i, data)
        participant_ids[i] = item.get(PARTICIPANT_ID, _integer, "a whole number")
        statement_ids[i] = item.get(STATEMENT_ID, _integer, "a whole number")
        if statements is not None and statement_ids[i] not in statements:
            raise item.error(f"statement {statement_ids[i]} is not in comments.json", STATEMENT_ID)
        values[i] = item.get(("vote",), _integer, "a vote")
        if values[i] not in (-1, 0, 1):
            raise item.error(f"{values[i]} is not a vote (-1, 0, 1)", ("vote",))
        stamp = item.get(VOTE_TIME, _milliseconds, "a time", required=False)
        if stamp is not None:
            times[i] = stamp
    timed = ~np.isnan(times)
    if timed.any() and not timed.all():
        raise file.item_error(int(np.flatnonzero(~timed)[0]), "no time, but other votes have one", "modified")
    return participant_ids, statement_ids, values, times if n and timed.all() else None


def _detect_agree_value(
    statement_ids: np.ndarray, values: np.ndarray, statements: dict[int, Statement] | None
) -> int:
    """The sign under which the vote rows reproduce more of pol.is's own tallies (default: the API's)."""
    if statements is None:
        return POLIS_API_AGREE
    counted = {}
    for sign in (-1, 1):
        ids, counts = np.unique(statement_ids[values == sign], return_counts=True)
        counted[sign] = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    matches = {-1: 0, 1: 0}
    for s in statements.values():
        if s.source_agrees is None or s.source_disagrees is None:
            continue
        for agree in (-1, 1):
            if (counted[agree].get(s.id, 0), counted[-agree].get(s.id, 0)) == (
                s.source_agrees,
                s.source_disagrees,
            ):
                matches[agree] += 1
    return 1 if matches[1] > matches[-1] else POLIS_API_AGREE


def _read_groups(file: _JsonFile) -> dict[int, int]:
    """participant id -> pol.is group id, expanding ``group-clusters`` through ``base-clusters``."""
    data = file.data
    try:
        base = data["base-clusters"]
        members_of_base = dict(zip(base["id"], base["members"], strict=True))
        groups: dict[int, int] = {}
        for group in data["group-clusters"]:
            for base_id in group["members"]:
                for pid in members_of_base[base_id]:
                    groups[int(pid)] = int(group["id"])
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise file.error(
            f"unexpected shape of base-clusters / group-clusters ({shorten(repr(exc))})",
            column="group-clusters",
        ) from None
    return groups


def _read_conversation(file: _JsonFile) -> dict[str, str]:
    if not isinstance(file.data, dict):
        raise file.error("expected a JSON object", line=1)
    summary: dict[str, str] = {}
    for key, target in SUMMARY_FROM_CONVERSATION.items():
        if isinstance(file.data.get(key), str):
            summary[target] = file.data[key]
    for key in CONVERSATION_SETTINGS:
        value = file.data.get(key)
        if value is None or isinstance(value, dict | list):
            continue
        summary[key] = json.dumps(value) if isinstance(value, bool) else str(value)
    return summary
