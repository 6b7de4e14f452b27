"""Bulk reading of plain CSV blocks: the same rows and numbers as the csv module and int() / float()."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assembly.polis._scan import ByteChunk, plain_block, split_fields

# Characters that matter to CSV and to number parsing, and a few that do not.
CSV_ALPHABET = ',"\r\n-+ 0123456789.e_xé\x00'
NUMBER_ALPHABET = "-+ 0123456789._e"


def _csv_rows(data: bytes) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True) if row]


def _chunk(text: str, width: int) -> ByteChunk:
    data = plain_block(text.encode())
    assert data is not None
    chunk = split_fields(data, width, 0)
    assert chunk is not None
    return chunk


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=CSV_ALPHABET, max_size=60), width=st.integers(1, 4))
def test_a_plain_block_gives_the_csv_module_rows(text: str, width: int) -> None:
    """Check that whenever a block is taken as plain, its rows are exactly what the csv module reads."""
    data = (text if text.endswith("\n") else text + "\n").encode()
    plain = plain_block(data)
    chunk = None if plain is None else split_fields(plain, width, 0)
    if chunk is None:
        return
    assert chunk.rows == _csv_rows(data)
    assert all(len(row) == width for row in chunk.rows)
    assert [chunk.column(j) for j in range(width)] == [
        list(c) for c in zip(*chunk.rows, strict=True)
    ] or not len(chunk)


def test_quotes_nul_lone_carriage_returns_and_bad_utf8_are_not_plain() -> None:
    """Check the cases the csv module must read: quotes, NUL, a lone CR and bytes that are not UTF-8."""
    for data in (b'1,"a"\n', b"1,a\x00\n", b"1,a\rb\n", b"1,caf\xe9\n"):
        assert plain_block(data) is None
    assert plain_block(b"1,a\r\n2,b\r\n") == b"1,a\n2,b\n"
    assert plain_block("1,café\n".encode()) == "1,café\n".encode()


def test_blank_lines_and_wrong_widths_are_left_to_the_csv_module() -> None:
    """Check that a blank line, or a row of another width, makes split_fields decline the block."""
    assert split_fields(b"1,2\n\n3,4\n", 2, 0) is None
    assert split_fields(b"1\n\n3\n", 1, 0) is None
    assert split_fields(b"1,2\n3\n", 2, 0) is None
    assert split_fields(b"1,2\n3,4,5\n", 2, 0) is None
    assert split_fields(b"1,2\n3,4\n", 2, 7).first == 7


def test_a_field_over_the_csv_size_limit_is_left_to_the_csv_module() -> None:
    """Check that a field the csv module would refuse as too large is not read in bulk."""
    limit = csv.field_size_limit()
    assert split_fields(b"1," + b"9" * limit + b"\n", 2, 0) is not None
    assert split_fields(b"1," + b"9" * (limit + 1) + b"\n", 2, 0) is None


def _python_numbers(texts: list[str], *, whole: bool, blank: bool) -> tuple[list[float], list[bool]] | None:
    """What int() / float() make of a column (None when one cell fails), blanks as 0 / NaN."""
    values: list[float] = []
    for text in texts:
        if text == "":
            if not blank:
                return None
            values.append(0 if whole else math.nan)
            continue
        try:
            value = int(text) if whole else float(text)
        except (ValueError, OverflowError):
            return None
        if whole and not -(2**63) <= value < 2**63 or not whole and not math.isfinite(value):
            return None
        values.append(value)
    return values, [t != "" for t in texts]


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.text(alphabet=NUMBER_ALPHABET, max_size=22), min_size=1, max_size=8),
    whole=st.booleans(),
    blank=st.booleans(),
)
def test_bulk_numbers_are_what_int_and_float_give(texts: list[str], whole: bool, blank: bool) -> None:
    """Check that bulk parsing gives int()'s / float()'s values, or declines: never a different number."""
    chunk = _chunk("".join(f"0,{t}\n" for t in texts), 2)  # (a lone blank cell would be a blank line)
    bulk = chunk.numbers(1, whole=whole, blank=blank)
    expected = _python_numbers(texts, whole=whole, blank=blank)
    if bulk is None:
        # Declining is allowed (the csv path then decides) unless every cell is a plain number.
        plain = all(
            t == "" and blank or t.lstrip("-").isdigit() and t.count("-") <= 1 and len(t) < 16 for t in texts
        )
        assert not plain or expected is None
        return
    assert expected is not None
    values, present = bulk
    assert present.tolist() == expected[1]
    if whole:
        assert values.dtype == np.int64 and values.tolist() == expected[0]
    else:
        assert values.dtype == np.float64
        np.testing.assert_array_equal(values, np.array(expected[0], dtype=np.float64))
        assert np.signbit(values).tolist() == [math.copysign(1, v) < 0 for v in expected[0]]


def test_plain_numbers_are_parsed_in_bulk() -> None:
    """Check hand-read values: signs, leading zeros, blanks, -0 as a float, 18 digits."""
    chunk = _chunk("".join(f"0,{t}\n" for t in ["12", "-7", "007", "", "-0", "9" * 18]), 2)
    values, present = chunk.numbers(1, whole=True, blank=True)
    assert values.tolist() == [12, -7, 7, 0, 0, 999_999_999_999_999_999]
    assert present.tolist() == [True, True, True, False, True, True]
    assert chunk.numbers(1, whole=True, blank=False) is None  # a blank where none is allowed
    floats, _ = _chunk("-0\n1403054214196\n", 1).numbers(0, whole=False, blank=False)
    assert np.signbit(floats[0]) and floats[1] == 1403054214196.0


def test_other_spellings_are_declined() -> None:
    """Check that texts int() accepts in other spellings ("+5", " 5", "1_0") are left to int()."""
    for text in ("+5", " 5", "1_0", "5 ", "--5", "-", "1.5", "1e3"):
        assert _chunk(f"1\n{text}\n", 1).numbers(0, whole=True, blank=False) is None, text


def test_vote_cells_are_blank_minus_one_zero_or_one() -> None:
    """Check that vote cells read as values, voted and bad masks, any other text being bad."""
    chunk = _chunk("7,,-1,0,1\n8,1,x,-0,11\n", 5)
    values, voted, bad = chunk.vote_cells([1, 2, 3, 4])
    assert values.tolist() == [[0, -1, 0, 1], [1, 0, 0, 0]]
    assert voted.tolist() == [[False, True, True, True], [True, True, True, True]]
    assert bad.tolist() == [[False, False, False, False], [False, True, True, True]]
    values, _, bad = chunk.vote_cells([4, 1])  # columns in any order
    assert values.tolist() == [[1, 0], [0, 1]] and bad.tolist() == [[False, False], [True, False]]


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(
        st.lists(st.sampled_from(["", "-1", "0", "1", "2", "-", "10", "+1", "-11"]), min_size=3, max_size=3),
        min_size=1,
        max_size=6,
    )
)
def test_vote_cells_agree_with_reading_the_text(cells: list[list[str]]) -> None:
    """Check that the byte-level vote reading matches a reading of each cell's text."""
    chunk = _chunk("".join(",".join(row) + "\n" for row in cells), 3)
    values, voted, bad = chunk.vote_cells([0, 1, 2])
    meaning = {"": 0, "-1": -1, "0": 0, "1": 1}
    assert values.tolist() == [[meaning.get(c, 0) for c in row] for row in cells]
    assert voted.tolist() == [[c != "" for c in row] for row in cells]
    assert bad.tolist() == [[c not in meaning for c in row] for row in cells]
