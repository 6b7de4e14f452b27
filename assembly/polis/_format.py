"""Bulk formatting of CSV cells with numpy: the fast path of :mod:`assembly.polis.csv_writer`.

A column of cells is a :data:`TextColumn`: an (n_rows, width) array of bytes and a mask of the
bytes that belong to each cell (cells are shorter than ``width``). :func:`join_rows` puts columns
side by side with commas and line ends and keeps the masked bytes, which is one boolean index:
millions of rows without a Python loop. Numbers and dates are formatted the same way, digit by
digit over whole columns. The one-value functions (:func:`ms_text`, :func:`java_datetime`) are the
reference: the bulk functions give the same text (tests/polis/test_format.py) or ``None`` for
values outside their range, and the caller then formats those with the one-value functions.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

TextColumn = tuple[NDArray[np.uint8], NDArray[np.bool_]]

COMMA, NEWLINE, MINUS, DIGIT_0 = (ord(c) for c in ",\n-0")
# Java's Date.toString() names, fixed here so the output does not depend on the machine's locale.
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# 1970-01-01, day 0 of the epoch, was a Thursday (DAYS index 3).
EPOCH_WEEKDAY = 3
SECONDS_PER_DAY = 86_400
MS_PER_SECOND = 1000
# Dates formatted in bulk: years 1000-9999, whose "YYYY" has four digits (1000-01-01T00:00:00
# and 9999-12-31T23:59:59 UTC in seconds since the epoch).
FIRST_BULK_SECOND = -30_610_224_000
LAST_BULK_SECOND = 253_402_300_799
# java_datetimes makes a text for every day from the first to the last date when they span fewer
# days than rows plus this; otherwise for each distinct day only.
DAY_TABLE_SLACK = 1024
# Integral floats below 2**53 are exact integers: str(int(ms)) is their int64's digits.
EXACT_INTEGER_FLOAT = 2.0**53
# civil_dates: days from 0000-03-01 to 1970-01-01, and days in a 400-year Gregorian era.
DAYS_BEFORE_EPOCH = 719_468
DAYS_PER_ERA = 146_097
# Digits per step of the digit loop: 10**9 < 2**32, so each group is split in uint32 arithmetic.
GROUP_DIGITS = 9

_DAY_BYTES = np.frombuffer("".join(DAYS).encode(), np.uint8).reshape(7, 3)
_MONTH_BYTES = np.frombuffer("".join(MONTHS).encode(), np.uint8).reshape(12, 3)
_PAIRS = np.frombuffer("".join(f"{i:02d}" for i in range(100)).encode(), np.uint8).reshape(100, 2)
# "Www Mmm DD HH:MM:SS UTC YYYY": the fixed characters, and where the parts go.
_DATETIME_TEMPLATE = np.frombuffer(b"Mon Jan 01 00:00:00 UTC 1970", np.uint8)


def ms_text(ms: float) -> str:
    """A timestamp as the Clojure exporter writes it: integral milliseconds without ``.0``."""
    return str(int(ms)) if float(ms).is_integer() else repr(float(ms))


def java_datetime(ms: float) -> str:
    """Java's ``Date.toString()`` of a timestamp in milliseconds, in UTC."""
    t = time.gmtime(ms // MS_PER_SECOND)
    return (
        f"{DAYS[t.tm_wday]} {MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} UTC {t.tm_year}"
    )


def empty_column(n: int) -> TextColumn:
    """``n`` empty cells."""
    return np.zeros((n, 0), np.uint8), np.zeros((n, 0), bool)


def texts(cells: Sequence[str]) -> TextColumn:
    """Any texts (encoded as UTF-8), one per row."""
    encoded = [cell.encode("utf-8") for cell in cells]
    lengths = np.fromiter(map(len, encoded), np.int64, len(encoded))
    width = int(lengths.max()) if len(encoded) else 0
    if width == 0:
        return empty_column(len(encoded))
    data = np.array(encoded, dtype=f"S{width}").view(np.uint8).reshape(len(encoded), width)
    return data, np.arange(width) < lengths[:, None]


def whole_numbers(values: NDArray[np.int64], present: NDArray[np.bool_] | None = None) -> TextColumn:
    """Integers as decimal text (``str(int)``); cells where ``present`` is false are left blank."""
    values = np.asarray(values, dtype=np.int64)
    n = len(values)
    if n == 0:
        return empty_column(0)
    negative = values < 0
    magnitude = np.abs(values).astype(np.uint64)  # abs(-2**63) wraps to -2**63: as uint64, 2**63
    width = len(str(int(magnitude.max())))
    digits = np.empty((n, width), np.uint8)
    rest = magnitude
    for start in range(0, width, GROUP_DIGITS):  # 9 digits at a time, from the right
        if start + GROUP_DIGITS >= width:
            group = rest.astype(np.uint32)  # the last group: fewer than 10**9 left
        else:
            higher = rest // np.uint64(10**GROUP_DIGITS)
            group = (rest - higher * np.uint64(10**GROUP_DIGITS)).astype(np.uint32)
            rest = higher
        for k in range(start, min(start + GROUP_DIGITS, width)):  # the k-th digit from the right
            tens = group // np.uint32(10)
            digits[:, width - 1 - k] = group - tens * np.uint32(10) + DIGIT_0
            group = tens
    # Leading zeros are left out; a zero keeps its last digit.
    leading = np.where(magnitude == 0, width - 1, np.argmax(digits != DIGIT_0, axis=1))
    keep = np.arange(width) >= leading[:, None]
    if negative.any():
        digits = np.concatenate([np.full((n, 1), MINUS, np.uint8), digits], axis=1)
        keep = np.concatenate([negative[:, None], keep], axis=1)
    if present is not None:
        keep &= present[:, None]
    return digits, keep


def milliseconds(ms: NDArray[np.float64]) -> TextColumn | None:
    """:func:`ms_text` of every timestamp, or ``None`` unless all are integral and below 2**53."""
    if not (np.abs(ms) < EXACT_INTEGER_FLOAT).all() or not (ms == np.floor(ms)).all():
        return None
    return whole_numbers(ms.astype(np.int64))


def java_datetimes(ms: NDArray[np.float64]) -> TextColumn | None:
    """:func:`java_datetime` of every timestamp, or ``None`` unless all fall in years 1000-9999.

    Each distinct day's text is made once (``"Www Mmm DD 00:00:00 UTC YYYY"``), then every row
    copies its day's text and its time of day from a table of the day's 86,400 seconds.
    """
    seconds = np.floor_divide(ms, MS_PER_SECOND)  # floor, as Python's // on floats
    if not ((seconds >= FIRST_BULK_SECOND) & (seconds <= LAST_BULK_SECOND)).all():  # NaN fails too
        return None
    days, second_of_day = np.divmod(seconds.astype(np.int64), SECONDS_PER_DAY)
    first = int(days.min(initial=0))
    if len(days) and int(days.max()) - first < len(days) + DAY_TABLE_SLACK:
        distinct, which = np.arange(first, int(days.max()) + 1), days - first
    else:
        distinct, which = np.unique(days, return_inverse=True)
    year, month, day_of_month = civil_dates(distinct)
    texts = np.empty((len(distinct), len(_DATETIME_TEMPLATE)), np.uint8)
    texts[:] = _DATETIME_TEMPLATE
    texts[:, 0:3] = _DAY_BYTES[(distinct + EPOCH_WEEKDAY) % 7]
    texts[:, 4:7] = _MONTH_BYTES[month - 1]
    texts[:, 8:10] = _PAIRS[day_of_month]
    texts[:, 24:26] = _PAIRS[year // 100]
    texts[:, 26:28] = _PAIRS[year % 100]
    out = _rows_of(texts, which)
    out[:, 11:19] = _rows_of(_times_of_day(), second_of_day)
    return out, np.ones(out.shape, bool)


def _rows_of(table: NDArray[np.uint8], index: NDArray[np.int64]) -> NDArray[np.uint8]:
    """``table[index]`` for a 2-D byte table, copying whole rows at a time."""
    width = table.shape[1]
    rows = np.ascontiguousarray(table).view(f"V{width}").ravel()
    return rows[index].view(np.uint8).reshape(len(index), width)


@functools.cache
def _times_of_day() -> NDArray[np.uint8]:
    """``"HH:MM:SS"`` of each second of a day."""
    second = np.arange(SECONDS_PER_DAY)
    times = np.full((SECONDS_PER_DAY, 8), ord(":"), np.uint8)
    times[:, 0:2] = _PAIRS[second // 3600]
    times[:, 3:5] = _PAIRS[second // 60 % 60]
    times[:, 6:8] = _PAIRS[second % 60]
    return times


def civil_dates(days: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
    """Year, month (1-12) and day of month of days since 1970-01-01, proleptic Gregorian.

    Integer arithmetic over 400-year eras (Howard Hinnant's ``civil_from_days``), several times
    faster than numpy's datetime64 unit conversions.
    """
    shifted = days + DAYS_BEFORE_EPOCH  # days since 0000-03-01: years start in March
    era = shifted // DAYS_PER_ERA
    day_of_era = shifted - era * DAYS_PER_ERA  # [0, 146096]
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // (DAYS_PER_ERA - 1)
    ) // 365  # [0, 399]
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)  # [0, 365]
    month_from_march = (5 * day_of_year + 2) // 153  # [0, 11]
    day_of_month = day_of_year - (153 * month_from_march + 2) // 5 + 1
    month = np.where(month_from_march < 10, month_from_march + 3, month_from_march - 9)
    year = year_of_era + era * 400 + (month <= 2)
    return year, month, day_of_month


def join_rows(columns: Sequence[TextColumn]) -> bytes:
    """CSV rows of the given columns (cells already quoted where they must be), each ending in ``\\n``."""
    n = len(columns[0][0])
    comma = np.full((n, 1), COMMA, np.uint8)
    newline = np.full((n, 1), NEWLINE, np.uint8)
    always = np.ones((n, 1), bool)
    parts: list[NDArray[np.uint8]] = []
    keeps: list[NDArray[np.bool_]] = []
    for k, (data, keep) in enumerate(columns):
        parts += [data, newline if k == len(columns) - 1 else comma]
        keeps += [keep, always]
    return np.concatenate(parts, axis=1)[np.concatenate(keeps, axis=1)].tobytes()


def row_lengths(columns: Sequence[TextColumn]) -> NDArray[np.int64]:
    """The length of each row :func:`join_rows` makes of ``columns``, line end included."""
    lengths = np.full(len(columns[0][0]), len(columns), np.int64)  # the commas and the line end
    for _, keep in columns:
        lengths += keep.sum(axis=1)
    return lengths


def append_sparse_cells(
    lines: bytes,
    lengths: NDArray[np.int64],
    n_cells: int,
    rows: NDArray[np.integer],
    cells: NDArray[np.integer],
    codes: NDArray[np.integer],
    table: Sequence[bytes],
) -> bytes:
    """Extend every line with ``n_cells`` cells, blank but for a few.

    Parameters
    ----------
    lines : bytes
        Rows as :func:`join_rows` makes them; ``lengths`` gives each row's length.
    rows, cells, codes : integer arrays
        The non-blank cells, sorted by (row, cell): cell ``cells[i]`` of row ``rows[i]`` holds
        ``table[codes[i]]`` (a non-empty text that needs no quotes).

    Notes
    -----
    Laid out directly: the output starts as commas; each row's line is copied in (its line end
    becoming a comma), the cells' texts are put where they land and the new line ends placed. The
    cost is the output's size plus the non-blank cells, however many blank cells there are.
    """
    if n_cells == 0:
        return lines
    longest = max(map(len, table))
    table_bytes = texts([text.decode("ascii") for text in table])[0]  # (len(table), longest)
    text_length = np.array([len(text) for text in table], np.int64)[codes]
    n_rows = len(lengths)
    row_text = np.bincount(rows, weights=text_length, minlength=n_rows).astype(np.int64)
    out_lengths = lengths + n_cells + row_text  # n_cells - 1 commas between cells, then a line end
    out_starts = np.cumsum(out_lengths) - out_lengths
    out = np.full(int(out_lengths.sum()), COMMA, np.uint8)
    line_starts = np.cumsum(lengths) - lengths
    out[np.repeat(out_starts - line_starts, lengths) + np.arange(len(lines))] = np.frombuffer(lines, np.uint8)
    out[out_starts + lengths - 1] = COMMA
    out[out_starts + out_lengths - 1] = NEWLINE
    # Each text lands after its row's line, one comma per cell before it, and the texts before it.
    texts_before = np.cumsum(text_length) - text_length
    texts_before -= (np.cumsum(row_text) - row_text)[rows]
    position = out_starts[rows] + lengths[rows] + cells + texts_before
    for k in range(longest):
        has = text_length > k
        out[position[has] + k] = table_bytes[codes[has], k]
    return out.tobytes()
