"""Read a pol.is CSV export (``comments.csv``, ``votes.csv``, ``participants-votes.csv``, ``summary.csv``).

The format is the Clojure exporter's (docs/explanation/polis-math.md §4.1): votes with agree = +1,
every vote row kept (re-votes included) in ``votes.csv``, the latest vote per cell in
``participants-votes.csv``. The newer report export's file names (``<date>-<report>-votes.csv``,
``...-participant-votes.csv``) are recognised too. ``themes.csv`` (``comment-id,theme``) is
Assembly's own addition.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.matrix import build_vote_matrix
from assembly.analysis.types import Moderation, VoteLog
from assembly.dataset import Dataset, Participant, Statement
from assembly.errors import ImportFormatError
from assembly.polis._scan import ByteChunk
from assembly.polis._tables import BOOLEANS, AnyChunk, CsvFile, Progress, restore_text, shorten, whole_number
from assembly.polis.sign import POLIS_CSV_AGREE, PolisSignWarning, check_vote_sign, votes_from_polis

__all__ = ["find_export_files", "read_csv_export"]

# The newer (TypeScript) report export writes JavaScript date strings ("Sat May 31 2025 15:27:10
# GMT+0000 (Coordinated Universal Time)") and timestamps in seconds; the Clojure exporter writes
# Java date strings ("Wed Jun 18 08:16:54 WIB 2014") and milliseconds. Seen in red-dwarf's
# csv-export-test fixture (2025-08-29).
SECONDS_DATETIME_MARKER = "GMT"
MS_PER_SECOND = 1000.0

# participants-votes.csv columns before the per-statement vote cells.
PARTICIPANT_COLUMNS = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")

# file role -> exact names, then name endings of the report export (``2025-08-29-0002-r...-votes.csv``).
_ROLES = {
    "participants": (("participants-votes.csv", "participant-votes.csv"), ("-participant-votes.csv",)),
    "votes": (("votes.csv",), ("-votes.csv",)),
    "comments": (("comments.csv",), ("-comments.csv",)),
    "summary": (("summary.csv",), ("-summary.csv",)),
    "themes": (("themes.csv",), ()),
}


def _role(name: str) -> str | None:
    for role, (exact, endings) in _ROLES.items():
        if name in exact or name.endswith(endings):
            return role
    return None


def find_export_files(path: str | Path) -> dict[str, Path]:
    """The pol.is CSV files of an export folder, by role.

    Parameters
    ----------
    path : str or Path
        A folder, or one ``votes.csv`` / ``participants-votes.csv`` file (then only that file is read).

    Returns
    -------
    dict
        Role (``"votes"``, ``"participants"``, ``"comments"``, ``"summary"``, ``"themes"``) to path.

    Raises
    ------
    ImportFormatError
        The folder holds no votes file, or two files for one role.
    """
    path = Path(path)
    if path.is_file():
        role = _role(path.name)
        if role not in ("votes", "participants"):
            raise ImportFormatError(
                "expected a folder, a votes.csv or a participants-votes.csv file", file=str(path)
            )
        return {role: path}
    if not path.is_dir():
        raise ImportFormatError("no such file or folder", file=str(path))
    files: dict[str, Path] = {}
    for child in sorted(path.iterdir()):
        role = _role(child.name) if child.is_file() else None
        if role is None:
            continue
        if role in files:
            raise ImportFormatError(
                f"two {role} files ({files[role].name} and {child.name}); keep one", file=str(path)
            )
        files[role] = child
    if "votes" not in files and "participants" not in files:
        raise ImportFormatError(
            "no votes file: expected votes.csv or participants-votes.csv in this folder", file=str(path)
        )
    return files


def read_csv_export(
    path: str | Path, *, agree_value: int = POLIS_CSV_AGREE, progress: Progress | None = None
) -> Dataset:
    """Read a pol.is CSV export into a :class:`~assembly.dataset.Dataset`.

    Parameters
    ----------
    path : str or Path
        The export folder (any subset of the files that holds the votes: ``votes.csv``, or
        ``participants-votes.csv`` alone), or a single votes / participants-votes file.
    agree_value : {1, -1}
        The number that means "agree" in the files: +1 in every pol.is CSV export checked so far.
    progress : callable, optional
        Called as ``progress(done, total)`` as the files are read, in bytes.

    Returns
    -------
    Dataset
        ``votes`` keeps every row of ``votes.csv`` (re-votes included), in file order. From
        ``participants-votes.csv`` alone: one vote per cell, in row order, no timestamps.
        ``participants`` in the file's row order (pol.is first-appearance order), else derived
        from the votes in that order. Without ``comments.csv``, every voted statement is listed
        with empty text, accepted. ``name`` is the folder's name.

    Raises
    ------
    ImportFormatError
        Naming the file, line and column, for any malformed content. Nothing is returned then.

    Warns
    -----
    PolisSignWarning
        When authors mostly disagree with their own statements (:func:`check_vote_sign`).

    Notes
    -----
    Pol.is equivalent: the files of ``darwin/export.clj`` (docs/explanation/polis-math.md §4.1).
    """
    files = find_export_files(path)
    path = Path(path)
    name = path.parent.name if path.is_file() else path.name
    advance = _meter(list(files.values()), progress)

    statements = _read_comments(files["comments"], advance) if "comments" in files else None
    known = None if statements is None else np.array(sorted(statements), dtype=np.int64)
    votes = participants = None
    if "votes" in files:
        votes = _read_votes(files["votes"], known=known, agree_value=agree_value, advance=advance)
    if "participants" in files:
        participants, cell_votes = _read_participants(
            files["participants"],
            known=known,
            agree_value=agree_value,
            need_cells=votes is None,
            advance=advance,
        )
        if votes is None:
            votes = cell_votes
        else:
            _check_voters_listed(files["votes"], votes, participants)
    assert votes is not None  # find_export_files guarantees a votes source

    if statements is None:
        statements = {int(s): Statement(id=int(s), text="") for s in np.unique(votes.statement_ids)}
    if "themes" in files:
        _read_themes(files["themes"], statements, advance)
    ordered = [statements[k] for k in sorted(statements)]
    if participants is None:
        participants = derive_participants(votes, ordered)
    summary = _read_summary(files["summary"], advance) if "summary" in files else {}

    dataset = Dataset(statements=ordered, votes=votes, participants=participants, summary=summary, name=name)
    check = check_vote_sign(dataset)
    if check.looks_flipped:
        source = files.get("votes", files.get("participants"))
        warnings.warn(f"{source}: {check.message}", PolisSignWarning, stacklevel=2)
    return dataset


def _meter(paths: list[Path], progress: Progress | None) -> Callable[[int], None] | None:
    """A callback adding bytes read to a running total passed on to ``progress``."""
    if progress is None:
        return None
    total = sum(p.stat().st_size for p in paths)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        progress(min(done, total), total)

    return advance


def derive_participants(votes: VoteLog, statements: list[Statement]) -> list[Participant]:
    """Participants of a vote log, in pol.is first-appearance order, with statements authored."""
    order = build_vote_matrix(votes, row_order="polis").participant_ids
    authored: dict[int, int] = {}
    for s in statements:
        if s.author_id is not None:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    return [Participant(id=int(p), n_statements=authored.get(int(p), 0)) for p in order]


def _time_scale(file: CsvFile, chunk: AnyChunk) -> float:
    column = file.index("datetime")
    if column is not None and SECONDS_DATETIME_MARKER in chunk.text(0, column):
        return MS_PER_SECOND
    return 1.0


def _read_comments(path: Path, advance: Callable[[int], None] | None) -> dict[int, Statement]:
    file = CsvFile(path, required=("comment-id", "comment-body"))
    body = file.header.index("comment-body")
    flag_columns = [(key, file.header.index(key)) for key in ("is-meta", "is-seed") if key in file.header]
    statements: dict[int, Statement] = {}
    for chunk in file.chunks(advance=advance):
        ids, _ = file.ints(chunk, "comment-id")
        optional = {
            key: file.ints(chunk, key, blank=True)
            for key in ("author-id", "agrees", "disagrees")
            if key in file.header
        }
        created = file.floats(chunk, "timestamp", blank=True)[0] if "timestamp" in file.header else None
        scale = _time_scale(file, chunk)
        moderated = None
        if "moderated" in file.header:
            moderated, _ = file.ints(chunk, "moderated")
            file.check_values(chunk, "moderated", moderated, (-1, 0, 1), "a moderation state")
        for i, row in enumerate(chunk.rows):
            sid = int(ids[i])
            if sid in statements:
                raise file.error(
                    f"statement {sid} is listed twice", line=file.line(chunk, i), column="comment-id"
                )
            flags = {}
            for key, j in flag_columns:
                flags[key] = BOOLEANS.get(row[j].strip().lower())
                if flags[key] is None:
                    raise file.error(
                        f"{shorten(row[j])!r} is not true or false", line=file.line(chunk, i), column=key
                    )
            statements[sid] = Statement(
                id=sid,
                text=restore_text(row[body]),
                author_id=_optional(optional.get("author-id"), i),
                created=None if created is None or np.isnan(created[i]) else float(created[i]) * scale,
                moderation=Moderation.ACCEPTED
                if moderated is None
                else Moderation.from_polis(int(moderated[i])),
                is_meta=bool(flags.get("is-meta")),
                is_seed=bool(flags.get("is-seed")),
                source_agrees=_optional(optional.get("agrees"), i),
                source_disagrees=_optional(optional.get("disagrees"), i),
            )
    return statements


def _optional(column: tuple[NDArray[np.int64], NDArray[np.bool_]] | None, i: int) -> int | None:
    if column is None or not column[1][i]:
        return None
    return int(column[0][i])


def _check_known(
    file: CsvFile, chunk: AnyChunk, ids: NDArray[np.int64], known: NDArray[np.int64] | None
) -> None:
    if known is None:
        return
    unknown = np.flatnonzero(~np.isin(ids, known))
    if len(unknown):
        i = int(unknown[0])
        raise file.error(
            f"statement {ids[i]} is not in comments.csv", line=file.line(chunk, i), column="comment-id"
        )


def _read_votes(
    path: Path, *, known: NDArray[np.int64] | None, agree_value: int, advance: Callable[[int], None] | None
) -> VoteLog:
    file = CsvFile(path, required=("comment-id", "voter-id", "vote"))
    timed = file.index("timestamp") is not None
    parts: list[tuple[NDArray[np.int64], ...]] = []
    times: list[NDArray[np.float64]] = []
    blank_row = timed_row = None  # first data row without / with a time
    scale = 1.0
    for n, chunk in enumerate(file.chunks(advance=advance)):
        statement_ids, _ = file.ints(chunk, "comment-id")
        participant_ids, _ = file.ints(chunk, "voter-id")
        values, _ = file.ints(chunk, "vote")
        file.check_values(chunk, "vote", values, (-1, 0, 1), "a vote")
        _check_known(file, chunk, statement_ids, known)
        parts.append((participant_ids, statement_ids, values.astype(np.int8)))  # checked: -1, 0 or 1
        if timed:
            if n == 0:
                scale = _time_scale(file, chunk)
            stamps, present = file.floats(chunk, "timestamp", blank=True)
            if blank_row is None and not present.all():
                blank_row = chunk.first + int(np.flatnonzero(~present)[0])
            if timed_row is None and present.any():
                timed_row = chunk.first + int(np.flatnonzero(present)[0])
            times.append(stamps * scale)
    if not parts:
        return VoteLog.empty()
    if blank_row is not None and timed_row is not None:
        raise file.error(
            f"empty, but the row on line {file.line_of(timed_row)} has one: give every vote a time, or none",
            line=file.line_of(blank_row),
            column="timestamp",
        )
    # One column at a time, each column's chunks freed as soon as it is joined: at 32 M votes, holding
    # every chunk and every joined column at once took 1 GB more at the peak.
    columns = [list(c) for c in zip(*parts, strict=True)]
    parts.clear()
    participant_ids, statement_ids, values = (_joined(c) for c in columns)
    timestamps = _joined(times) if timed and timed_row is not None else None
    return VoteLog(participant_ids, statement_ids, votes_from_polis(values, agree=agree_value), timestamps)


def _joined(chunks: list[NDArray[Any]]) -> NDArray[Any]:
    """The chunks as one array; the list is emptied, so that the chunks can be freed."""
    joined = np.concatenate(chunks)
    chunks.clear()
    return joined


def _read_participants(
    path: Path,
    *,
    known: NDArray[np.int64] | None,
    agree_value: int,
    need_cells: bool,
    advance: Callable[[int], None] | None,
) -> tuple[list[Participant], VoteLog]:
    file = CsvFile(path, required=("participant",))
    columns: list[int] = []
    statement_ids: list[int] = []
    known_ids = None if known is None else set(known.tolist())
    for j, name in enumerate(file.header):
        if name in PARTICIPANT_COLUMNS:
            continue
        try:
            sid = whole_number(name)
        except (ValueError, OverflowError):
            raise file.error("not a statement id (nor a participant column)", line=1, column=name) from None
        if known_ids is not None and sid not in known_ids:
            raise file.error(f"statement {sid} is not in comments.csv", line=1, column=name)
        columns.append(j)
        statement_ids.append(sid)
    column_ids = np.array(statement_ids, dtype=np.int64)
    has = {name: file.index(name) is not None for name in PARTICIPANT_COLUMNS}
    xid_at = file.index("xid")

    participants: list[Participant] = []
    seen: set[int] = set()
    log_p: list[NDArray[np.int64]] = []
    log_s: list[NDArray[np.int64]] = []
    log_v: list[NDArray[np.int8]] = []
    for chunk in file.chunks(advance=advance):
        ids, _ = file.ints(chunk, "participant")
        groups = _optional_values(file, chunk, "group-id") if has["group-id"] else None
        authored = _optional_values(file, chunk, "n-comments") if has["n-comments"] else None
        n_votes = file.ints(chunk, "n-votes", blank=True) if has["n-votes"] else None
        values, voted, bad = _vote_cells(chunk, columns)
        n_voted = voted.sum(axis=1)
        bad_rows = np.flatnonzero(bad.any(axis=1))
        first_bad = int(bad_rows[0]) if len(bad_rows) else -1
        first_miscount = -1
        if n_votes is not None:
            miscounted = np.flatnonzero(n_votes[1] & (n_votes[0] != n_voted))
            first_miscount = int(miscounted[0]) if len(miscounted) else -1
        xids = chunk.column(xid_at) if xid_at is not None else None
        for i, pid in enumerate(ids.tolist()):
            if pid in seen:
                raise file.error(
                    f"participant {pid} has two rows", line=file.line(chunk, i), column="participant"
                )
            seen.add(pid)
            if i == first_bad:
                j = columns[int(np.flatnonzero(bad[i])[0])]
                raise file.error(
                    f"{shorten(chunk.text(i, j))!r} is not a vote (-1, 0, 1)",
                    line=file.line(chunk, i),
                    column=file.header[j],
                )
            if i == first_miscount:
                assert n_votes is not None
                raise file.error(
                    f"says {int(n_votes[0][i])} votes but the row holds {int(n_voted[i])}",
                    line=file.line(chunk, i),
                    column="n-votes",
                )
            xid = restore_text(xids[i]) if xids is not None else ""
            participants.append(
                Participant(
                    id=pid,
                    xid=xid or None,
                    group_id=None if groups is None else groups[i],
                    n_statements=None if authored is None else authored[i],
                )
            )
        if need_cells:
            rows, cells = np.nonzero(voted)  # row by row, in column order
            log_p.append(ids[rows])
            log_s.append(column_ids[cells])
            log_v.append(values[rows, cells])
    if not need_cells or not log_p:
        return participants, VoteLog.empty()
    values = votes_from_polis(np.concatenate(log_v), agree=agree_value)
    return participants, VoteLog(np.concatenate(log_p), np.concatenate(log_s), values, None)


def _optional_values(file: CsvFile, chunk: AnyChunk, name: str) -> list[int | None]:
    """Column ``name`` as whole numbers, ``None`` where blank."""
    values, present = file.ints(chunk, name, blank=True)
    return [v if p else None for v, p in zip(values.tolist(), present.tolist(), strict=True)]


def _vote_cells(
    chunk: AnyChunk, columns: list[int]
) -> tuple[NDArray[np.int8], NDArray[np.bool_], NDArray[np.bool_]]:
    """The vote cells of a chunk: values (file convention), voted and bad masks, each (n_rows, k)."""
    if isinstance(chunk, ByteChunk):
        return chunk.vote_cells(columns)
    shape = (len(chunk), len(columns))
    if not columns:
        return np.zeros(shape, np.int8), np.zeros(shape, bool), np.zeros(shape, bool)
    cells = np.array([[row[j] for j in columns] for row in chunk.rows], dtype=str).reshape(shape)
    blank, zero, one, minus_one = (cells == text for text in ("", "0", "1", "-1"))
    values = one.astype(np.int8) - minus_one.astype(np.int8)
    return values, ~blank, ~(blank | zero | one | minus_one)


def _check_voters_listed(path: Path, votes: VoteLog, participants: list[Participant]) -> None:
    listed = np.array([p.id for p in participants], dtype=np.int64)
    missing = np.flatnonzero(~np.isin(votes.participant_ids, listed))
    if len(missing):
        row = int(missing[0])
        file = CsvFile(path)
        raise file.error(
            f"voter {votes.participant_ids[row]} has no row in participants-votes.csv "
            "(were the files exported at different times?)",
            line=file.line_of(row),
            column="voter-id",
        )


def _read_summary(path: Path, advance: Callable[[int], None] | None) -> dict[str, str]:
    file = CsvFile(path, has_header=False, names=("key", "value"))
    summary: dict[str, str] = {}
    for chunk in file.chunks(advance=advance):
        for i, (key, value) in enumerate(chunk.rows):
            key = restore_text(key.strip())
            if key in summary:
                raise file.error(
                    f"the key {shorten(key)!r} appears twice", line=file.line(chunk, i), column="key"
                )
            summary[key] = restore_text(value)
    return summary


def _read_themes(path: Path, statements: dict[int, Statement], advance: Callable[[int], None] | None) -> None:
    file = CsvFile(path, required=("comment-id", "theme"))
    theme_at = file.header.index("theme")
    themes: dict[int, str | None] = {}
    for chunk in file.chunks(advance=advance):
        ids, _ = file.ints(chunk, "comment-id")
        for i, row in enumerate(chunk.rows):
            sid = int(ids[i])
            problem = (
                "is not in the export"
                if sid not in statements
                else "is listed twice"
                if sid in themes
                else ""
            )
            if problem:
                raise file.error(f"statement {sid} {problem}", line=file.line(chunk, i), column="comment-id")
            themes[sid] = restore_text(row[theme_at]) or None
    for sid, theme in themes.items():  # applied only once the whole file is known to be good
        statements[sid].theme = theme
