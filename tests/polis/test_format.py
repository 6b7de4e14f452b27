"""Bulk formatting of CSV cells: the same text as Python's str() and the one-value date functions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assembly.polis._format import (
    append_sparse_cells,
    java_datetime,
    java_datetimes,
    join_rows,
    milliseconds,
    ms_text,
    row_lengths,
    texts,
    whole_numbers,
)

# Milliseconds of 1000-01-01T00:00:00 and 9999-12-31T23:59:59.999 UTC.
FIRST_MS, LAST_MS = -30_610_224_000_000, 253_402_300_799_999


def _lines(column) -> list[str]:
    return join_rows([column]).decode().split("\n")[:-1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=20))
def test_whole_numbers_are_written_as_str_writes_them(values: list[int]) -> None:
    """Check that bulk integer text equals str() for any int64, the extremes included."""
    assert _lines(whole_numbers(np.array(values, np.int64))) == [str(v) for v in values]


def test_whole_numbers_hand_checked() -> None:
    """Check a few values read by eye, and that cells not present are left blank."""
    column = whole_numbers(
        np.array([0, -1, 10, -(2**63), 1000000000]), np.array([True, True, False, True, True])
    )
    assert _lines(column) == ["0", "-1", "", "-9223372036854775808", "1000000000"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(FIRST_MS - 10**6, LAST_MS + 10**6), min_size=1, max_size=20))
def test_datetimes_match_the_one_value_function(ms: list[int]) -> None:
    """Check bulk dates against java_datetime (time.gmtime), or a refusal outside years 1000-9999."""
    values = np.array(ms, dtype=np.float64)
    bulk = java_datetimes(values)
    if min(ms) < FIRST_MS or max(ms) > LAST_MS:
        assert bulk is None
    else:
        assert bulk is not None
        assert _lines(bulk) == [java_datetime(float(v)) for v in ms]
    assert _lines(milliseconds(values)) == [ms_text(float(v)) for v in ms]


def test_datetimes_hand_checked() -> None:
    """Check Java's Date.toString() layout in UTC on dates read off a calendar."""
    assert java_datetime(1403054214196.0) == "Wed Jun 18 01:16:54 UTC 2014"
    assert java_datetime(-1.0) == "Wed Dec 31 23:59:59 UTC 1969"
    assert java_datetime(951782400000.0) == "Tue Feb 29 00:00:00 UTC 2000"
    assert _lines(java_datetimes(np.array([-1.0, 951782400000.0]))) == [
        "Wed Dec 31 23:59:59 UTC 1969",
        "Tue Feb 29 00:00:00 UTC 2000",
    ]


def test_milliseconds_that_are_not_integral_are_left_to_python() -> None:
    """Check that fractional, huge or missing timestamps are declined (repr() formats them)."""
    for value in (1.5, 2.0**53, float("nan"), float("inf")):
        assert milliseconds(np.array([1.0, value])) is None
    assert ms_text(1.5) == "1.5" and ms_text(-0.0) == "0" and ms_text(3.0) == "3"
    assert _lines(milliseconds(np.array([-0.0, 3.0]))) == ["0", "3"]


def test_texts_keep_every_byte() -> None:
    """Check that any text, NUL and multi-byte characters included, comes out as its UTF-8 bytes."""
    cells = ["", "é", "a\x00", "\x00", '"x,y"']
    assert join_rows([texts(cells)]) == "".join(c + "\n" for c in cells).encode()


def test_rows_join_columns_with_commas() -> None:
    """Check join_rows and row_lengths on a hand-made three-column table."""
    columns = [whole_numbers(np.array([1, 22])), texts(["a", ""]), whole_numbers(np.array([-3, 4]))]
    assert join_rows(columns) == b"1,a,-3\n22,,4\n"
    assert row_lengths(columns).tolist() == [7, 6]


SPARSE_CASES = {
    # n_cells, (row, cell, code) of each non-blank cell, expected bytes
    "no cells": (0, [], b"7\n8\n9\n"),
    "one cell": (1, [(1, 0, 2)], b"7,\n8,1\n9,\n"),
    "four cells": (4, [(0, 0, 0), (0, 3, 2), (2, 1, 1)], b"7,-1,,,1\n8,,,,\n9,,0,,\n"),
}


@pytest.mark.parametrize("case", list(SPARSE_CASES))
def test_sparse_cells_are_appended_to_each_line(case: str) -> None:
    """Check that mostly blank cells land in the right place, one comma each, hand-computed."""
    n_cells, given_cells, expected = SPARSE_CASES[case]
    columns = [whole_numbers(np.array([7, 8, 9]))]
    rows, cells, codes = (
        (np.array(part, np.int64) for part in zip(*given_cells, strict=True))
        if given_cells
        else (np.zeros(0, np.int64),) * 3
    )
    out = append_sparse_cells(
        join_rows(columns), row_lengths(columns), n_cells, rows, cells, codes, (b"-1", b"0", b"1")
    )
    assert out == expected
