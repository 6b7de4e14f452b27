"""Write a :class:`~assembly.dataset.Dataset` as a pol.is CSV export.

The files follow the Clojure exporter that wrote pol.is's openData (polis-math.md §4.1), so tools
made for pol.is exports (red-dwarf, notebooks, spreadsheets) read them as they are. Checked against
the openData files: ``participants-votes.csv`` comes out byte-identical, the other files identical
once parsed, up to what the format cannot carry (see :func:`write_csv_export`).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.types import Vote
from assembly.dataset import Dataset
from assembly.polis._tables import neutralise_text
from assembly.polis.sign import POLIS_CSV_AGREE, votes_to_polis

__all__ = ["write_csv_export"]

# The newer comments.csv header (bg2050-volunteers, 2024): the only one that carries is-meta,
# without which pol.is's excluded ("mod-out") statements cannot be rebuilt.
COMMENTS_HEADER = (
    "timestamp",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "is-meta",
    "is-seed",
    "group-informed-consensus",
    "comment-body",
)
VOTES_HEADER = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
# summary.csv keys in the exporter's order; other Dataset.summary keys follow them.
SUMMARY_KEYS = (
    "topic",
    "url",
    "views",
    "voters",
    "voters-in-conv",
    "commenters",
    "comments",
    "groups",
    "conversation-description",
)
# Java's Date.toString() names, fixed here so the output does not depend on the machine's locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A cell that must be quoted (RFC 4180; the csv module of Python 3.11 misses a lone "\r" when lines
# end in "\n", so the quoting is done here).
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
# Cell text of each vote value in the CSV convention, indexed by value + 1.
_CELL_TEXT = np.array(["-1", "0", "1"], dtype=object)


def write_csv_export(
    dataset: Dataset, directory: str | Path, *, group_ids: Mapping[int, int] | None = None
) -> list[Path]:
    """Write ``comments.csv``, ``votes.csv``, ``participants-votes.csv`` and ``summary.csv``.

    Parameters
    ----------
    dataset : Dataset
    directory : str or Path
        Created if missing; the four files (and ``themes.csv``) are replaced.
    group_ids : mapping of participant id to group id, optional
        The ``group-id`` column. Default: each participant's ``group_id``.

    Returns
    -------
    list of Path
        The files written. ``themes.csv`` (``comment-id,theme``, an Assembly addition that pol.is
        tools ignore) is among them when any statement has a theme; otherwise a ``themes.csv`` left
        by an earlier export is removed.

    Raises
    ------
    ValueError
        Two statements share an id, or a vote names a statement the dataset does not list. Nothing
        is written then.

    Notes
    -----
    Pol.is equivalent: ``darwin/export.clj``. As there:

    - ``votes.csv`` holds every vote row (re-votes too), ordered by (statement, participant, time);
      agree = +1. ``datetime`` is written in UTC ("Wed Jun 18 08:16:54 UTC 2014"); pol.is wrote the
      export machine's local time.
    - ``comments.csv`` ``agrees`` / ``disagrees`` count every vote row, re-votes included.
    - ``participants-votes.csv``: one row per participant with a vote, in first-appearance order of
      the (statement, participant, time)-sorted votes; one column per statement with a vote; each
      cell the latest vote. ``n-comments`` = statements authored. An ``xid`` column appears when any
      participant has one.
    - ``summary.csv``: ``voters-in-conv`` equals ``voters``, as in the Clojure export.

    Differences: rows of ``comments.csv`` are in id order (pol.is: database order);
    ``group-informed-consensus`` is left empty (it is analysis output, not data). Text cells that
    a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return) get a
    leading single quote, which :func:`~assembly.polis.read_csv_export` removes again.
    """
    statement_ids = np.array([s.id for s in dataset.statements], dtype=np.int64)
    if len(np.unique(statement_ids)) != len(statement_ids):
        values, counts = np.unique(statement_ids, return_counts=True)
        raise ValueError(f"statement id {values[counts > 1][0]} is used by two statements")
    votes = dataset.votes
    unknown = ~np.isin(votes.statement_ids, statement_ids)
    if unknown.any():
        raise ValueError(
            f"a vote names statement {votes.statement_ids[unknown][0]}, which the dataset does not list"
        )

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    themed = any(s.theme is not None for s in dataset.statements)
    # (file name, rows, whether every cell is already CSV-safe: numbers, dates, pre-quoted text)
    contents: list[tuple[str, Iterable[Sequence[str]], bool]] = [
        ("comments.csv", _comment_rows(dataset), False),
        ("votes.csv", _vote_rows(dataset), True),
        ("participants-votes.csv", _participant_rows(dataset, group_ids), True),
        ("summary.csv", _summary_rows(dataset, group_ids), False),
    ]
    if themed:
        contents.append(("themes.csv", _theme_rows(dataset), False))
    written: list[Path] = []
    try:
        for name, rows, plain in contents:
            temporary = directory / f".{name}.partial"
            with open(temporary, "w", encoding="utf-8", newline="") as handle:
                for row in rows:
                    handle.write(",".join(row if plain else map(_field, row)) + "\n")
            written.append(temporary)
    except BaseException:
        for temporary in written:
            temporary.unlink(missing_ok=True)
        raise
    paths = []
    for temporary, (name, _, _) in zip(written, contents, strict=True):
        os.replace(temporary, directory / name)
        paths.append(directory / name)
    if not themed:
        (directory / "themes.csv").unlink(missing_ok=True)
    return paths


def _field(text: str) -> str:
    """One CSV cell, quoted only when it must be (as the Clojure exporter and the csv module do)."""
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


def _ms_text(ms: float) -> str:
    return str(int(ms)) if float(ms).is_integer() else repr(float(ms))


def _java_datetime(ms: float) -> str:
    t = time.gmtime(ms // 1000)
    return (
        f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} UTC {t.tm_year}"
    )


def _count_by_statement(dataset: Dataset, value: Vote) -> dict[int, int]:
    votes = dataset.votes
    ids, counts = np.unique(votes.statement_ids[votes.values == int(value)], return_counts=True)
    return dict(zip(ids.tolist(), counts.tolist(), strict=True))


def _comment_rows(dataset: Dataset) -> Iterable[Sequence[str]]:
    yield COMMENTS_HEADER
    agrees = _count_by_statement(dataset, Vote.AGREE)
    disagrees = _count_by_statement(dataset, Vote.DISAGREE)
    for s in sorted(dataset.statements, key=lambda s: s.id):
        yield (
            "" if s.created is None else _ms_text(s.created),
            str(s.id),
            "" if s.author_id is None else str(s.author_id),
            str(agrees.get(s.id, 0)),
            str(disagrees.get(s.id, 0)),
            str(s.moderation.to_polis()),
            "true" if s.is_meta else "false",
            "true" if s.is_seed else "false",
            "",
            neutralise_text(s.text),
        )


def _vote_rows(dataset: Dataset) -> Iterable[Sequence[str]]:
    yield VOTES_HEADER
    votes = dataset.votes
    keys: list[NDArray[np.generic]] = [np.arange(len(votes))]
    if votes.timestamps is not None:
        keys.append(votes.timestamps)
    order = np.lexsort([*keys, votes.participant_ids, votes.statement_ids])
    values = votes_to_polis(votes.values[order], agree=POLIS_CSV_AGREE)
    if votes.timestamps is None:
        stamps: Iterable[str] = [""] * len(votes)
        datetimes: Iterable[str] = stamps
    else:
        ms = votes.timestamps[order].tolist()
        stamps = map(_ms_text, ms)
        datetimes = map(_java_datetime, ms)
    yield from zip(
        stamps,
        datetimes,
        map(str, votes.statement_ids[order].tolist()),
        map(str, votes.participant_ids[order].tolist()),
        map(str, values.tolist()),
        strict=True,
    )


def _authored(dataset: Dataset) -> dict[int, int]:
    authored: dict[int, int] = {}
    for s in dataset.statements:
        if s.author_id is not None:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    return authored


def _group_of(dataset: Dataset, group_ids: Mapping[int, int] | None) -> dict[int, int]:
    if group_ids is not None:
        return {int(p): int(g) for p, g in group_ids.items()}
    return {p.id: p.group_id for p in dataset.participants if p.group_id is not None}


def _participant_rows(dataset: Dataset, group_ids: Mapping[int, int] | None) -> Iterable[Sequence[str]]:
    matrix = build_vote_matrix(dataset.votes, row_order="polis")
    xids = {p.id: p.xid for p in dataset.participants if p.xid}
    groups = _group_of(dataset, group_ids)
    authored = _authored(dataset)
    header = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
    if xids:
        header.insert(1, "xid")
    yield header + [str(s) for s in matrix.statement_ids.tolist()]
    cell_values = votes_to_polis(matrix.value, agree=POLIS_CSV_AGREE).astype(np.int64) + 1
    bounds = np.searchsorted(matrix.row, np.arange(matrix.shape[0] + 1))
    n_columns = matrix.shape[1]
    for r, pid in enumerate(matrix.participant_ids.tolist()):
        lo, hi = bounds[r], bounds[r + 1]
        row_values = matrix.value[lo:hi]
        cells = np.full(n_columns, "", dtype=object)
        cells[matrix.col[lo:hi]] = _CELL_TEXT[cell_values[lo:hi]]
        group = groups.get(pid)
        meta = [
            str(pid),
            "" if group is None else str(group),
            str(authored.get(pid, 0)),
            str(hi - lo),
            str(int(np.count_nonzero(row_values == Vote.AGREE))),
            str(int(np.count_nonzero(row_values == Vote.DISAGREE))),
        ]
        if xids:
            meta.insert(1, _field(neutralise_text(xids.get(pid, ""))))
        yield meta + cells.tolist()


def _summary_rows(dataset: Dataset, group_ids: Mapping[int, int] | None) -> Iterable[Sequence[str]]:
    votes = dataset.votes
    voters = np.unique(votes.participant_ids)
    groups = _group_of(dataset, group_ids)
    computed = {
        "voters": len(voters),
        "voters-in-conv": len(voters),  # the Clojure export's quirk: all voters (polis-math.md §4.1)
        "commenters": len({s.author_id for s in dataset.statements if s.author_id is not None}),
        "comments": len(np.unique(votes.statement_ids)),
        "groups": len({groups[p] for p in voters.tolist() if p in groups}),
    }
    summary = dataset.summary
    views = summary.get("views") or str(max(len(voters), len(dataset.participants)))
    for key in SUMMARY_KEYS:
        value = str(computed[key]) if key in computed else views if key == "views" else summary.get(key, "")
        yield key, neutralise_text(value)
    for key, value in summary.items():
        if key not in SUMMARY_KEYS:
            yield neutralise_text(key), neutralise_text(value)


def _theme_rows(dataset: Dataset) -> Iterable[Sequence[str]]:
    yield "comment-id", "theme"
    for s in sorted(dataset.statements, key=lambda s: s.id):
        if s.theme is not None:
            yield str(s.id), neutralise_text(s.theme)
