"""Write a :class:`~assembly.dataset.Dataset` as a pol.is CSV export.

The files follow the Clojure exporter that wrote pol.is's openData (docs/explanation/polis-math.md §4.1),
so tools made for pol.is exports (red-dwarf, notebooks, spreadsheets) read them as they are. Checked against
the openData files: ``participants-votes.csv`` comes out byte-identical, the other files identical
once parsed, up to what the format cannot carry (see :func:`write_csv_export`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import VoteMatrix, build_vote_matrix
from assembly.analysis.types import Vote
from assembly.dataset import Dataset
from assembly.polis import _format
from assembly.polis._format import TextColumn, join_rows, whole_numbers
from assembly.polis._tables import Progress, neutralise_text
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
# A cell that must be quoted (RFC 4180; the csv module of Python 3.11 misses a lone "\r" when lines
# end in "\n", so the quoting is done here).
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
# votes.csv rows formatted at a time (~70 bytes each, twice over with the keep mask: ~10 MB).
VOTE_ROWS_PER_CHUNK = 1 << 16
# _positions looks ids up in a table (linear time) when the largest is below this many times the
# number of ids plus LOOKUP_MIN (a table of at most a few bytes per id); else by binary search.
LOOKUP_SPAN = 8
LOOKUP_MIN = 1024
# participants-votes.csv rows formatted at a time (~1 kB each with 1,000 statements).
PARTICIPANT_ROWS_PER_CHUNK = 4096
# participants-votes.csv cell text by the vote in the CSV convention + 1.
_CELL_TEXTS = (b"-1", b"0", b"1")

# A file's content: bytes chunks, and the number of rows each chunk holds (for progress).
Content = Iterator[tuple[bytes, int]]


def write_csv_export(
    dataset: Dataset,
    directory: str | Path,
    *,
    group_ids: Mapping[int, int] | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``comments.csv``, ``votes.csv``, ``participants-votes.csv`` and ``summary.csv``.

    Parameters
    ----------
    dataset : Dataset
    directory : str or Path
        Created if missing; the four files (and ``themes.csv``) are replaced.
    group_ids : mapping of participant id to group id, optional
        The ``group-id`` column. Default: each participant's ``group_id``.
    progress : callable, optional
        Called as ``progress(done, total)`` as the files are written, in rows.

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
    statement_ids = np.sort(np.array([s.id for s in dataset.statements], dtype=np.int64))
    if len(statement_ids) and (statement_ids[1:] == statement_ids[:-1]).any():
        raise ValueError(
            f"statement id {statement_ids[1:][statement_ids[1:] == statement_ids[:-1]][0]} "
            "is used by two statements"
        )
    votes = dataset.votes
    position = _positions(statement_ids, votes.statement_ids)  # of each vote's statement
    if (position < 0).any():
        raise ValueError(
            f"a vote names statement {votes.statement_ids[position < 0][0]}, which the dataset does not list"
        )

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    matrix = build_vote_matrix(votes, row_order="polis")
    groups = _group_of(dataset, group_ids)
    themed = any(s.theme is not None for s in dataset.statements)
    contents: list[tuple[str, Content]] = [
        ("comments.csv", _text_rows(_comment_rows(dataset, statement_ids, position))),
        ("votes.csv", _vote_rows(dataset)),
        ("participants-votes.csv", _participant_rows(dataset, matrix, groups)),
        ("summary.csv", _text_rows(_summary_rows(dataset, matrix, groups))),
    ]
    if themed:
        contents.append(("themes.csv", _text_rows(_theme_rows(dataset))))
    report = progress or (lambda done, total: None)
    total = len(dataset.statements) + len(votes) + matrix.shape[0]
    done = 0
    written: list[Path] = []
    try:
        for name, content in contents:
            temporary = directory / f".{name}.partial"
            written.append(temporary)
            with open(temporary, "wb") as handle:
                for data, n_rows in content:
                    handle.write(data)
                    if n_rows:
                        done += n_rows
                        report(min(done, total), total)
    except BaseException:
        for temporary in written:
            temporary.unlink(missing_ok=True)
        raise
    paths = []
    for temporary, (name, _) in zip(written, contents, strict=True):
        os.replace(temporary, directory / name)
        paths.append(directory / name)
    if not themed:
        (directory / "themes.csv").unlink(missing_ok=True)
    report(total, total)
    return paths


def _positions(sorted_ids: NDArray[np.int64], ids: NDArray[np.int64]) -> NDArray[np.int64]:
    """The position of each of ``ids`` in ``sorted_ids`` (ascending, distinct), -1 where it is missing."""
    if len(sorted_ids) == 0:
        return np.full(len(ids), -1, np.int64)
    low, high = int(sorted_ids[0]), int(sorted_ids[-1])
    if low >= 0 and high < LOOKUP_SPAN * len(ids) + LOOKUP_MIN:
        table = np.full(high + 1, -1, np.int64)
        table[sorted_ids] = np.arange(len(sorted_ids))
        return np.where((ids >= 0) & (ids <= high), table[np.clip(ids, 0, high)], -1)
    position = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    return np.where(sorted_ids[position] == ids, position, -1)


def _field(text: str) -> str:
    """One CSV cell, quoted only when it must be (as the Clojure exporter and the csv module do)."""
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


# Text rows encoded per batch: few enough to stay small, enough that per-write overhead vanishes.
TEXT_ROWS_PER_CHUNK = 1024


def _text_rows(rows: Iterable[Sequence[str]]) -> Content:
    """Rows of texts, each cell quoted where it must be; the header row does not count as a row."""
    iterator = iter(rows)
    header = next(iterator)
    yield (",".join(map(_field, header)) + "\n").encode("utf-8"), 0
    batch: list[str] = []
    for row in iterator:
        batch.append(",".join(map(_field, row)) + "\n")
        if len(batch) == TEXT_ROWS_PER_CHUNK:
            yield "".join(batch).encode("utf-8"), len(batch)
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8"), len(batch)


def _comment_rows(
    dataset: Dataset, statement_ids: NDArray[np.int64], position: NDArray[np.int64]
) -> Iterable[Sequence[str]]:
    yield COMMENTS_HEADER
    values = dataset.votes.values
    agrees, disagrees = (
        dict(
            zip(
                statement_ids.tolist(),
                np.bincount(position[values == int(vote)], minlength=len(statement_ids)).tolist(),
                strict=True,
            )
        )
        for vote in (Vote.AGREE, Vote.DISAGREE)
    )
    for s in sorted(dataset.statements, key=lambda s: s.id):
        yield (
            "" if s.created is None else _format.ms_text(s.created),
            str(s.id),
            "" if s.author_id is None else str(s.author_id),
            str(agrees[s.id]),
            str(disagrees[s.id]),
            str(s.moderation.to_polis()),
            "true" if s.is_meta else "false",
            "true" if s.is_seed else "false",
            "",
            neutralise_text(s.text),
        )


def _vote_order(dataset: Dataset) -> NDArray[np.intp]:
    """Vote rows by (statement, participant, time, row): the Clojure exporter's order."""
    votes = dataset.votes
    statement_ids, participant_ids, times = votes.statement_ids, votes.participant_ids, votes.timestamps
    cell = _cell_keys(statement_ids, participant_ids)
    if cell is None:
        return np.lexsort([*([] if times is None else [times]), participant_ids, statement_ids])
    order = np.argsort(cell, kind="stable")  # stable: the votes of a cell stay in row order
    if times is not None:
        # Re-votes are rare: only the cells voted more than once are then sorted by time.
        in_order = cell[order]
        repeated = in_order[1:] == in_order[:-1]
        several = np.zeros(len(order), bool)
        several[:-1] |= repeated
        several[1:] |= repeated
        at = np.flatnonzero(several)
        rows = order[at]
        order[at] = rows[np.lexsort((times[rows], cell[rows]))]
    return order


def _cell_keys(
    statement_ids: NDArray[np.int64], participant_ids: NDArray[np.int64]
) -> NDArray[np.int64] | None:
    """One int64 per vote that sorts as (statement, participant), if the ids allow it."""
    if len(statement_ids) == 0 or min(int(statement_ids.min()), int(participant_ids.min())) < 0:
        return None
    span = int(participant_ids.max()) + 1
    if (int(statement_ids.max()) + 1) * span >= 2**63:
        return None
    return statement_ids * span + participant_ids


def _timestamp_columns(ms: NDArray[np.float64]) -> tuple[TextColumn, TextColumn]:
    """The timestamp and datetime cells; values the bulk formatters decline are formatted one by one."""
    stamps = _format.milliseconds(ms)
    if stamps is None:
        stamps = _format.texts([_format.ms_text(x) for x in ms.tolist()])
    datetimes = _format.java_datetimes(ms)
    if datetimes is None:
        datetimes = _format.texts([_format.java_datetime(x) for x in ms.tolist()])
    return stamps, datetimes


def _vote_rows(dataset: Dataset) -> Content:
    yield (",".join(VOTES_HEADER) + "\n").encode(), 0
    votes = dataset.votes
    order = _vote_order(dataset)
    for start in range(0, len(votes), VOTE_ROWS_PER_CHUNK):
        rows = order[start : start + VOTE_ROWS_PER_CHUNK]
        if votes.timestamps is None:
            stamps = datetimes = _format.empty_column(len(rows))
        else:
            stamps, datetimes = _timestamp_columns(votes.timestamps[rows])
        values = votes_to_polis(votes.values[rows], agree=POLIS_CSV_AGREE).astype(np.int64)
        numbers = [votes.statement_ids[rows], votes.participant_ids[rows], values]
        yield join_rows([stamps, datetimes, *map(whole_numbers, numbers)]), len(rows)


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


def _participant_rows(dataset: Dataset, matrix: VoteMatrix, groups: dict[int, int]) -> Content:
    xids = {p.id: p.xid for p in dataset.participants if p.xid}
    header = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
    if xids:
        header.insert(1, "xid")
    yield (",".join(header + [str(s) for s in matrix.statement_ids.tolist()]) + "\n").encode(), 0
    n_rows, n_columns = matrix.shape
    pids = matrix.participant_ids.tolist()
    authored = _authored(dataset)
    group = [groups.get(pid) for pid in pids]
    meta = {
        "participant": (matrix.participant_ids, None),
        "group-id": (np.array([g or 0 for g in group], np.int64), np.array([g is not None for g in group])),
        "n-comments": (np.array([authored.get(pid, 0) for pid in pids], np.int64), None),
        "n-votes": (np.bincount(matrix.row, minlength=n_rows), None),
        "n-agree": (np.bincount(matrix.row[matrix.value == Vote.AGREE], minlength=n_rows), None),
        "n-disagree": (np.bincount(matrix.row[matrix.value == Vote.DISAGREE], minlength=n_rows), None),
    }
    codes = votes_to_polis(matrix.value, agree=POLIS_CSV_AGREE).astype(np.int64) + 1  # index in _CELL_TEXTS
    bounds = np.searchsorted(matrix.row, np.arange(n_rows + 1))
    for r0 in range(0, n_rows, PARTICIPANT_ROWS_PER_CHUNK):
        r1 = min(n_rows, r0 + PARTICIPANT_ROWS_PER_CHUNK)
        lo, hi = bounds[r0], bounds[r1]
        columns = []
        for name in header:
            if name == "xid":
                columns.append(
                    _format.texts([_field(neutralise_text(xids.get(pid, ""))) for pid in pids[r0:r1]])
                )
            else:
                values, present = meta[name]
                columns.append(whole_numbers(values[r0:r1], None if present is None else present[r0:r1]))
        block = _format.append_sparse_cells(
            join_rows(columns),
            _format.row_lengths(columns),
            n_columns,
            matrix.row[lo:hi] - r0,
            matrix.col[lo:hi],
            codes[lo:hi],
            _CELL_TEXTS,
        )
        yield block, r1 - r0


def _summary_rows(dataset: Dataset, matrix: VoteMatrix, groups: dict[int, int]) -> Iterable[Sequence[str]]:
    voters = matrix.participant_ids
    computed = {
        "voters": len(voters),
        # The Clojure export's quirk: all voters (docs/explanation/polis-math.md §4.1).
        "voters-in-conv": len(voters),
        "commenters": len({s.author_id for s in dataset.statements if s.author_id is not None}),
        "comments": len(matrix.statement_ids),
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
