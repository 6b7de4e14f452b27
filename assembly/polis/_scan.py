"""Bulk reading of plain CSV bytes with numpy: the fast path of :mod:`assembly.polis._tables`.

A block of a CSV file is *plain* when the :mod:`csv` module would read it as text split at commas
and line ends: no quote character, no NUL, no carriage return but in CRLF line ends, no blank line,
valid UTF-8, no field over the csv module's size limit. pol.is's ``votes.csv`` and
``participants-votes.csv`` are plain throughout. A plain block whose rows all have the header's
width is cut into fields in a few vectorised passes over its bytes, and numbers written in their
plain form (an optional minus sign, then digits) are parsed the same way.

Everything else gives ``None``; the caller then reads that part with the csv module and Python's
``int`` / ``float``, which also locate errors. Both paths give the same values on every input
(tests/polis/test_scan.py checks this against the csv module).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

COMMA, NEWLINE, MINUS, DIGIT_0, DIGIT_1 = (ord(c) for c in ",\n-01")
# Digits parsed in bulk: 10**18 - 1 < 2**63, so the sum cannot overflow int64. Longer numbers
# (and every other spelling Python's int() accepts: "+5", " 5", "1_000") take the csv path.
MAX_WHOLE_DIGITS = 18
# Below 2**53 (16 digits) every integer is exactly a float64, so converting the parsed integer
# gives the very float that float(text) gives. 15 digits keep clear of that bound.
MAX_FLOAT_DIGITS = 15


# Vote cell codes, by what precedes a separator: not a vote, blank, "0", "1", "-1".
BAD_CELL, BLANK_CELL, ZERO_CELL, ONE_CELL, MINUS_ONE_CELL = range(5)
# Vote value of each code (in the file's convention).
CELL_VALUES = np.array([0, 0, 0, 1, -1], dtype=np.int8)


@dataclass(eq=False)
class ByteChunk:
    """Consecutive rows of a plain block, located by their field separators.

    Attributes
    ----------
    data : bytes
        The rows, each ending in ``\\n`` (CRLF already turned into LF).
    ends : int64 array of shape (n_rows, width)
        Field ``[i, j]`` ends at ``data[ends[i, j]]``, a comma or (last field) the line end.
    is_separator : bool array of shape (len(data),)
        Where ``data`` holds a comma or line end.
    first : int
        Position of the first row among the file's data rows, from 0.
    """

    data: bytes
    ends: NDArray[np.int64]
    is_separator: NDArray[np.bool_]
    first: int

    def __len__(self) -> int:
        return len(self.ends)

    @cached_property
    def buf(self) -> NDArray[np.uint8]:
        return np.frombuffer(self.data, dtype=np.uint8)

    def span(self, j: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Start and end offsets of column ``j``'s fields."""
        ends = self.ends[:, j]
        if j:
            return self.ends[:, j - 1] + 1, ends
        starts = np.zeros(len(ends), np.int64)
        starts[1:] = self.ends[:-1, -1] + 1
        return starts, ends

    def text(self, i: int, j: int) -> str:
        """Field ``[i, j]`` as text."""
        starts, ends = self.span(j)
        return self.data[starts[i] : ends[i]].decode("utf-8")

    def column(self, j: int) -> list[str]:
        """Column ``j`` as text (slow: for conversions the bulk parser declines)."""
        data = self.data
        starts, ends = self.span(j)
        return [data[s:e].decode("utf-8") for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]

    @cached_property
    def rows(self) -> list[list[str]]:
        """Every row as a list of texts (as the csv module would give them)."""
        return [line.split(",") for line in self.data.decode("utf-8").split("\n")[:-1]]

    def numbers(
        self, j: int, *, whole: bool, blank: bool
    ) -> tuple[NDArray[np.int64] | NDArray[np.float64], NDArray[np.bool_]] | None:
        """Column ``j`` as int64 (``whole``) or float64, and its non-blank mask.

        Blanks read as 0 / NaN when ``blank`` is true. ``None`` when a cell is not a plain number
        (or is blank when ``blank`` is false): the caller converts the text instead.
        """
        starts, ends = self.span(j)
        present = ends > starts
        if not present.all():
            if not blank:
                return None
            starts, ends = starts[present], ends[present]
        parsed = parse_plain_integers(
            self.buf, starts, ends, max_digits=MAX_WHOLE_DIGITS if whole else MAX_FLOAT_DIGITS
        )
        if parsed is None:
            return None
        magnitude, negative = parsed
        if whole:
            values: NDArray[np.int64] | NDArray[np.float64] = np.zeros(len(present), np.int64)
            values[present] = np.where(negative, -magnitude, magnitude)
        else:
            values = np.full(len(present), np.nan)
            as_float = magnitude.astype(np.float64)
            values[present] = np.where(negative, -as_float, as_float)  # "-0" gives -0.0, as float() does
        return values, present

    def vote_cells(self, columns: list[int]) -> tuple[NDArray[np.int8], NDArray[np.bool_], NDArray[np.bool_]]:
        """The cells of ``columns`` read as votes: values, voted mask and bad mask, each (n_rows, k).

        A cell is blank (no vote), ``-1``, ``0`` or ``1``; anything else is bad. Decided for every
        separator at once from the three bytes before it, so no field offsets are needed.
        """
        codes = _cell_codes(self.buf, self.is_separator).reshape(self.ends.shape)
        contiguous = columns == list(range(columns[0], columns[0] + len(columns))) if columns else True
        cells = codes[:, columns[0] : columns[0] + len(columns)] if contiguous else codes[:, columns]
        return CELL_VALUES[cells], cells != BLANK_CELL, cells == BAD_CELL


def _cell_codes(buf: NDArray[np.uint8], is_separator: NDArray[np.bool_]) -> NDArray[np.uint8]:
    """The vote cell code of the field ending at each separator, in order."""
    # Three line ends before the block, so that its first field is preceded by a separator too.
    padded = np.concatenate([np.full(3, NEWLINE, np.uint8), buf])
    separated = np.concatenate([np.ones(3, bool), is_separator])
    n = len(buf)
    before_1, before_2 = padded[2 : 2 + n], padded[1 : 1 + n]
    after_1, after_2, after_3 = separated[2 : 2 + n], separated[1 : 1 + n], separated[:n]
    one = before_1 == DIGIT_1
    codes = after_1.astype(np.uint8)  # BLANK_CELL where the field is empty, else BAD_CELL so far
    codes[after_2 & (before_1 == DIGIT_0)] = ZERO_CELL
    codes[after_2 & one] = ONE_CELL
    codes[after_3 & (before_2 == MINUS) & one] = MINUS_ONE_CELL
    return codes[is_separator]


def plain_block(data: bytes) -> bytes | None:
    """``data`` with CRLF line ends made LF, or ``None`` if the csv module must read it.

    ``data`` holds whole lines, the last ending in ``\\n``. (Blank lines are found by
    :func:`split_fields`.)
    """
    if b'"' in data or b"\x00" in data:
        return None
    if b"\r" in data:
        if data.count(b"\r") != data.count(b"\r\n"):
            return None
        data = data.replace(b"\r\n", b"\n")
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return data


def split_fields(data: bytes, width: int, first: int) -> ByteChunk | None:
    """Cut a plain block (see :func:`plain_block`) into ``width`` fields per row.

    ``None`` when a row has another number of fields, a line is blank (the csv module skips it
    but counts it in line numbers) or a field exceeds the csv module's size limit.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    is_newline = buf == NEWLINE
    is_separator = is_newline | (buf == COMMA)
    separators = np.flatnonzero(is_separator)
    n_rows = int(np.count_nonzero(is_newline))
    if len(separators) != n_rows * width:
        return None
    ends = separators.reshape(n_rows, width)
    # n_rows newlines in all, one at the end of every row: the other separators are commas.
    if not is_newline[ends[:, -1]].all():
        return None
    chunk = ByteChunk(data, ends, is_separator, first)
    if n_rows:
        line_lengths = np.diff(ends[:, -1], prepend=-1) - 1
        if int(line_lengths.min()) == 0:
            return None
        limit = csv.field_size_limit()
        if int(line_lengths.max()) > limit:
            for j in range(width):
                starts, field_ends = chunk.span(j)
                if int((field_ends - starts).max()) > limit:
                    return None
    return chunk


def parse_plain_integers(
    buf: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64], *, max_digits: int
) -> tuple[NDArray[np.int64], NDArray[np.bool_]] | None:
    """Magnitude and sign of every field ``buf[starts:ends]`` of the form ``-?[0-9]{1,max_digits}``.

    ``None`` if any field has another form.
    """
    n = len(starts)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, bool)
    negative = buf[starts] == MINUS
    n_digits = ends - starts - negative
    fewest, most = int(n_digits.min()), int(n_digits.max())
    if fewest < 1 or most > max_digits:
        return None
    magnitude = np.zeros(n, np.int64)
    too_big = np.zeros(n, bool)  # a byte that is not a digit: below "0" it wraps round to over 9
    position = ends - 1  # of the k-th digit from the right
    for k in range(most):
        digit = buf[np.maximum(position, 0)] - np.uint8(DIGIT_0)
        if k >= fewest:  # some fields have fewer digits: only count the others
            digit[n_digits <= k] = 0
        too_big |= digit > 9
        magnitude += digit * np.int64(10**k)
        position -= 1
    if too_big.any():
        return None
    return magnitude, negative
