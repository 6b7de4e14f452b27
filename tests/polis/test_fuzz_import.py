"""Fuzzing the pol.is readers: a damaged export is read completely or refused with a located error.

Each example takes a small real export (CSV from pol.is's openData, a CSV subset written by
Assembly with themes and xids, or an API JSON dump), damages it with one to three mutations (bytes
flipped, columns dropped / duplicated / added, rows truncated or blanked, other encodings, huge
numbers, NaN, empty files, unbalanced quotes, BOMs, CRLF, JSON values of the wrong type), reads it
with :func:`assembly.polis.read_export` and checks that

- either the read succeeds and the dataset is consistent (one vote per ``votes.csv`` row, one
  statement per ``comments.csv`` row, every vote on a listed statement by a listed participant),
- or it raises :class:`~assembly.errors.ImportFormatError` naming the file, and the line and column
  when it gives them; any other exception is a bug in the reader;
- and nothing leaks: the damaged files are unchanged, a second read gives the same outcome, and
  the undamaged export still reads as before (the readers are pure functions).

The number of examples is ``ASSEMBLY_FUZZ_EXAMPLES`` (default 200, a few seconds in CI). For a
longer hunt: ``ASSEMBLY_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/polis/test_fuzz_import.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assembly.analysis.types import VoteLog
from assembly.dataset import Dataset
from assembly.errors import ImportFormatError
from assembly.polis import PolisSignWarning, read_csv_export, read_export, write_csv_export

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("ASSEMBLY_FUZZ_EXAMPLES", "200"))
# Texts put in place of a cell: numbers out of every range, NaN, infinities, odd spellings.
ODD_VALUES = [
    "9" * 30,
    "9" * 5000,
    "-9223372036854775809",
    "9223372036854775808",
    "1e400",
    "-1e400",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "",
    " ",
    "1.5",
    "0x10",
    "+1",
    "1_0",
    "-",
    "true",
    '"',
    "\x00",
    "\u00e9",
    "\ufeff1",
]
ODD_JSON_VALUES: list[Any] = [
    None,
    True,
    -1,
    2**70,
    -(2**70),
    1.5,
    1e300,
    float("nan"),
    float("inf"),
    "",
    "12",
    "abc",
    "2025-13-45",
    [],
    {},
    [1, 2],
]


def _csv_seed(name: str) -> dict[str, bytes]:
    folder = ROOT / "data" / "polis-open-data" / name
    files = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
    return {f: (folder / f).read_bytes() for f in files}


def _written_seed() -> dict[str, bytes]:
    """12 participants of bg2050-volunteers (newer header: is-meta, is-seed), written with themes and xids."""
    dataset = read_csv_export(ROOT / "data" / "polis-open-data" / "bg2050-volunteers")
    participants = dataset.participants[:12]
    statements = dataset.statements[:25]
    votes = dataset.votes
    assert votes.timestamps is not None
    rows = np.isin(votes.participant_ids, [p.id for p in participants]) & np.isin(
        votes.statement_ids, [s.id for s in statements]
    )
    subset = VoteLog(
        votes.participant_ids[rows], votes.statement_ids[rows], votes.values[rows], votes.timestamps[rows]
    )
    for i, s in enumerate(statements):
        s.theme = ("Access", "=Formula, quoted", None)[i % 3]
    for i, p in enumerate(participants):
        p.xid = f"user-{i}" if i % 2 else None
    small = Dataset(statements=statements, votes=subset, participants=participants, summary=dataset.summary)
    with tempfile.TemporaryDirectory() as tmp:
        write_csv_export(small, tmp)
        return {p.name: p.read_bytes() for p in Path(tmp).iterdir()}


def _json_seed() -> dict[str, bytes]:
    folder = ROOT / "tests" / "fixtures" / "polis-math" / "below-100-ptpts"
    comments = json.loads((folder / "comments.json").read_text(encoding="utf-8"))[:20]
    listed = {c["tid"] for c in comments}
    votes = [v for v in json.loads((folder / "votes.json").read_text(encoding="utf-8")) if v["tid"] in listed]
    return {
        "comments.json": json.dumps(comments, indent=1).encode(),
        "votes.json": json.dumps(votes[:300], indent=1).encode(),
        "conversation.json": (folder / "conversation.json").read_bytes(),
        "math-pca2.json": (folder / "math-pca2.json").read_bytes(),
    }


_LONDON = _csv_seed("london.youth.policing")
SEEDS: dict[str, dict[str, bytes]] = {
    "london.youth.policing": _LONDON,
    # Without comments.csv nothing vouches for the statement ids: every id is taken as it comes.
    "participants-votes alone": {"participants-votes.csv": _LONDON["participants-votes.csv"]},
    "votes alone": {"votes.csv": _LONDON["votes.csv"]},
    "bg2050 subset": _written_seed(),
    "api json": _json_seed(),
}


# --- mutations: each changes the files of one export in place ----------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _flip_bytes(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    data = bytearray(files[name])
    for _ in range(draw(st.integers(1, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    files[name] = bytes(data)


def _truncate(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    files[name] = files[name][: draw(st.integers(0, len(files[name])))]


def _empty(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    files[name] = draw(st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b" "]))


def _remove(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    del files[name]


def _edit_column(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    """Drop, duplicate or add a column (naively: split at every comma, as a careless script would)."""
    lines = _lines(files[name])
    width = max(len(line.split(b",")) for line in lines)
    at = draw(st.integers(0, width))
    how = draw(st.sampled_from(["drop", "duplicate", "add"]))
    out = []
    for n, line in enumerate(lines):
        if not line:
            out.append(line)
            continue
        cells = line.split(b",")
        k = min(at, len(cells) - 1)
        if how == "drop":
            del cells[k]
        elif how == "duplicate":
            cells.insert(k, cells[k])
        else:
            cells.insert(k, b"extra" if n == 0 else b"x")
        out.append(b",".join(cells))
    files[name] = b"\n".join(out)


def _odd_cell(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    """Put a huge number, NaN, a stray quote or the like into one cell."""
    lines = _lines(files[name])
    n = draw(st.sampled_from([0, draw(st.integers(0, len(lines) - 1))]))  # the header half the time
    cells = lines[n].split(b",")
    k = draw(st.integers(0, len(cells) - 1))
    cells[k] = draw(st.sampled_from(ODD_VALUES)).encode()
    lines[n] = b",".join(cells)
    files[name] = b"\n".join(lines)


def _edit_lines(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    """Delete, repeat, blank or swap lines."""
    lines = _lines(files[name])
    n = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["delete", "repeat", "blank", "swap"]))
    if how == "delete":
        del lines[n]
    elif how == "repeat":
        lines.insert(n, lines[n])
    elif how == "blank":
        lines.insert(n, draw(st.sampled_from([b"", b"\r", b" ", b","])))
    else:
        m = draw(st.integers(0, len(lines) - 1))
        lines[n], lines[m] = lines[m], lines[n]
    files[name] = b"\n".join(lines)


def _quote(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    data = files[name]
    at = draw(st.integers(0, len(data)))
    files[name] = data[:at] + draw(st.sampled_from([b'"', b'""', b'"x"y', b'\\"'])) + data[at:]


def _encoding(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    """Save the file as another encoding, or with a BOM, CRLF or lone CR line ends."""
    data = files[name]
    how = draw(st.sampled_from(["utf-16", "utf-16-le", "latin-1", "cp1252", "bom", "two boms", "crlf", "cr"]))
    if how in ("bom", "two boms"):
        files[name] = b"\xef\xbb\xbf" * (2 if how == "two boms" else 1) + data
    elif how == "crlf":
        files[name] = data.replace(b"\n", b"\r\n")
    elif how == "cr":
        files[name] = data.replace(b"\n", b"\r")
    else:
        text = data.decode("utf-8", errors="replace") + "\u00e9\u20ac"
        files[name] = text.encode(how, errors="replace")


def _json_value(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    """Give one field of one JSON item a value of the wrong type or out of range."""
    try:
        data = json.loads(files[name])
    except (ValueError, RecursionError):  # already damaged beyond JSON
        return
    target = data
    if isinstance(data, list) and data:
        target = data[draw(st.integers(0, len(data) - 1))]
    if isinstance(target, dict) and target:
        key = draw(st.sampled_from(sorted(target)))
        target[key] = draw(st.sampled_from(ODD_JSON_VALUES))
    elif isinstance(data, list):
        data.append(draw(st.sampled_from(ODD_JSON_VALUES)))
    files[name] = json.dumps(data).encode()


JSON_SHAPES = {
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "object": b"{}",
    "empty list": b"[]",
    "null": b"null",
    "numbers": b"[1, 2]",
    "huge number": b"9" * 5000,
    "empty object": b"[{}]",
}


def _json_shape(files: dict[str, bytes], name: str, draw: Callable[..., Any]) -> None:
    """Replace a whole JSON file with another shape: deep nesting, a bare value, a huge number."""
    files[name] = JSON_SHAPES[draw(st.sampled_from(sorted(JSON_SHAPES)))]


CSV_MUTATIONS = [
    _flip_bytes,
    _truncate,
    _empty,
    _remove,
    _edit_column,
    _odd_cell,
    _edit_lines,
    _quote,
    _encoding,
]
JSON_MUTATIONS = [_flip_bytes, _truncate, _empty, _remove, _encoding, _json_value, _json_value, _json_shape]


# --- the checks --------------------------------------------------------------------------------


def _csv_rows(data: bytes, *, header: bool = True) -> int:
    """Data rows as the csv module counts them (blank lines skipped)."""
    rows = [r for r in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) if r]
    return len(rows) - (1 if header else 0)


def _outcome(folder: Path) -> Dataset | ImportFormatError:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PolisSignWarning)
        try:
            return read_export(folder)
        except ImportFormatError as exc:
            return exc


def _check_error(error: ImportFormatError, folder: Path, files: dict[str, bytes]) -> None:
    assert error.file is not None, error
    where = Path(error.file)
    assert where == folder or where.parent == folder, error
    message = str(error)
    assert message.startswith(error.file), message
    if error.line is not None:
        assert f"line {error.line}" in message
        assert error.line >= 1
        if where.name in files:
            assert error.line <= files[where.name].count(b"\n") + files[where.name].count(b"\r") + 1, error
    if error.column is not None:
        assert f"column {error.column!r}" in message
    assert len(message) < 2000, "messages quote at most a short piece of the file"


def _check_dataset(dataset: Dataset, files: dict[str, bytes]) -> None:
    ids = [s.id for s in dataset.statements]
    assert ids == sorted(set(ids))
    votes = dataset.votes
    assert set(votes.statement_ids.tolist()) <= set(ids)
    assert set(np.unique(votes.values).tolist()) <= {-1, 0, 1}
    assert votes.timestamps is None or bool(np.isfinite(votes.timestamps).all())
    pids = [p.id for p in dataset.participants]
    assert len(pids) == len(set(pids))
    assert set(votes.participant_ids.tolist()) <= set(pids)
    if "votes.csv" in files:
        assert len(votes) == _csv_rows(files["votes.csv"])
    if "comments.csv" in files:
        assert len(dataset.statements) == _csv_rows(files["comments.csv"])
    if "participants-votes.csv" in files:
        assert len(dataset.participants) == _csv_rows(files["participants-votes.csv"])
    if "votes.json" in files and not any(name.endswith(".csv") for name in files):
        assert len(votes) == len(json.loads(files["votes.json"].decode("utf-8-sig")))


def _same(a: Dataset | ImportFormatError, b: Dataset | ImportFormatError) -> bool:
    if isinstance(a, ImportFormatError) or isinstance(b, ImportFormatError):
        return type(a) is type(b) and str(a) == str(b)
    if a.statements != b.statements or a.participants != b.participants or a.summary != b.summary:
        return False
    for x, y in ((a.votes.participant_ids, b.votes.participant_ids), (a.votes.values, b.votes.values)):
        if not np.array_equal(x, y):
            return False
    if (a.votes.timestamps is None) != (b.votes.timestamps is None):
        return False
    return a.votes.timestamps is None or np.array_equal(a.votes.timestamps, b.votes.timestamps)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Dataset]]:
    """Each seed written to a folder and read once, undamaged."""
    out = {}
    for name, files in SEEDS.items():
        folder = tmp_path_factory.mktemp("seed") / "export"
        _write(folder, files)
        dataset = _outcome(folder)
        assert isinstance(dataset, Dataset), dataset
        _check_dataset(dataset, files)
        out[name] = (folder, dataset)
    return out


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(seed=st.sampled_from(sorted(SEEDS)), data=st.data())
def test_damaged_exports_are_read_whole_or_refused_with_a_located_error(
    baselines: dict[str, tuple[Path, Dataset]], seed: str, data: st.DataObject
) -> None:
    """Check that any damaged export reads consistently or raises ImportFormatError, and changes nothing."""
    files = dict(SEEDS[seed])
    mutations = JSON_MUTATIONS if seed == "api json" else CSV_MUTATIONS
    for _ in range(data.draw(st.integers(1, 3), label="n_mutations")):
        if not files:
            break
        mutate = data.draw(st.sampled_from(mutations), label="mutation")
        name = data.draw(st.sampled_from(sorted(files)), label="file")
        mutate(files, name, data.draw)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        _write(folder, files)
        outcome = _outcome(folder)
        if isinstance(outcome, ImportFormatError):
            _check_error(outcome, folder, files)
        else:
            _check_dataset(outcome, files)
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == files, "reading changed the files"
        assert _same(_outcome(folder), outcome), "a second read gave another outcome"
    seed_folder, seed_dataset = baselines[seed]
    assert _same(_outcome(seed_folder), seed_dataset), "a damaged read changed a later good read"
