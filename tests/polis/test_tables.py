"""Reading CSV files in chunks: the bulk path and the csv module give the same rows and the same errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assembly.errors import ImportFormatError
from assembly.polis import _tables
from assembly.polis._scan import ByteChunk
from assembly.polis._tables import Chunk, CsvFile


def _read(path: Path, *, required: tuple[str, ...] = ()) -> tuple[list[list[str]], list[type]]:
    file = CsvFile(path, required=required)
    rows: list[list[str]] = []
    kinds: list[type] = []
    for chunk in file.chunks():
        assert chunk.first == len(rows)
        rows += chunk.rows
        kinds.append(type(chunk))
    return rows, kinds


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 16 bytes, so that a few rows make several blocks."""
    monkeypatch.setattr(_tables, "BLOCK_BYTES", 16)


def test_plain_file_is_read_in_bulk(tmp_path: Path, small_blocks: None) -> None:
    """Check that a plain file comes in byte chunks holding every row once, in order."""
    path = tmp_path / "votes.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\r\n" + b"".join(b"%d,%d\r\n" % (i, -i) for i in range(20)))
    rows, kinds = _read(path, required=("a", "b"))
    assert rows == [[str(i), str(-i)] for i in range(20)]
    assert set(kinds) == {ByteChunk}


def test_from_the_first_block_that_is_not_plain_the_csv_module_reads(
    tmp_path: Path, small_blocks: None
) -> None:
    """Check that a quoted field mid-file switches to the csv module, with no row lost or repeated."""
    path = tmp_path / "comments.csv"
    lines = [f"{i},plain text {i}" for i in range(10)] + ['10,"quoted, with comma"'] + ["11,after"]
    path.write_text("id,body\n" + "\n".join(lines), encoding="utf-8")  # no final line end
    rows, kinds = _read(path)
    assert rows == [[str(i), f"plain text {i}"] for i in range(10)] + [
        ["10", "quoted, with comma"],
        ["11", "after"],
    ]
    assert kinds[0] is ByteChunk and kinds[-1] is Chunk


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(
        st.lists(st.text(alphabet='ab1,"\r\n ', max_size=5), min_size=2, max_size=2), min_size=1, max_size=12
    ),
    crlf=st.booleans(),
)
def test_any_file_reads_as_the_csv_module_reads_it(
    tmp_path_factory: pytest.TempPathFactory, cells, crlf
) -> None:
    """Check against the csv module: the same rows, or an error where the csv module fails."""
    end = "\r\n" if crlf else "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=end).writerows([["x", "y"], *cells])
    path = tmp_path_factory.mktemp("t") / "f.csv"
    path.write_bytes(buffer.getvalue().encode())
    expected = [row for row in csv.reader(open(path, encoding="utf-8", newline="")) if row][1:]
    old = _tables.BLOCK_BYTES
    _tables.BLOCK_BYTES = 8
    try:
        if any(len(row) != 2 for row in expected):
            with pytest.raises(ImportFormatError):
                _read(path)
        else:
            assert _read(path)[0] == expected
    finally:
        _tables.BLOCK_BYTES = old


@pytest.mark.parametrize("where", ["plain part", "after the switch"])
def test_errors_name_the_same_line_on_either_path(tmp_path: Path, small_blocks: None, where: str) -> None:
    """Check that a short row is reported on its own line whichever path read it."""
    body = [f"{i},{i}" for i in range(12)]
    if where == "after the switch":
        body[3] = '3,"quoted"'
    body[9] = "9"  # line 11 of the file
    path = tmp_path / "f.csv"
    path.write_text("a,b\n" + "\n".join(body) + "\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        _read(path)
    assert (caught.value.line, caught.value.column) == (11, "b")


def test_invalid_csv_after_the_switch_names_its_line(tmp_path: Path, small_blocks: None) -> None:
    """Check that the csv module's own errors count the lines read in bulk before it."""
    path = tmp_path / "f.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(8)) + '8,"bad"x\n', encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not valid CSV") as caught:
        _read(path)
    assert caught.value.line == 10


def test_bytes_read_add_up_to_the_file_size(tmp_path: Path, small_blocks: None) -> None:
    """Check that the progress callback is told about every byte of the file, on both paths."""
    path = tmp_path / "f.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(8)) + '8,"x"\n9,9', encoding="utf-8")
    told: list[int] = []
    for _ in CsvFile(path).chunks(advance=told.append):
        pass
    assert sum(told) == path.stat().st_size
