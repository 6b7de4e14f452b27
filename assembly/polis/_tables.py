"""Reading pol.is CSV files in chunks, with every error located by file, line and column.

Private helpers of :mod:`assembly.polis`. Files are read a block of bytes at a time and turned into
numpy columns a chunk at a time, so a 5-million-row ``votes.csv`` never exists as Python objects
all at once. Plain blocks (no quotes: all of pol.is's vote files) are cut into fields and parsed
in bulk by :mod:`assembly.polis._scan`; from the first block that is not plain to the end of the
file, rows are read with the :mod:`csv` module. Conversions take a vectorised path and only walk
the rows one by one, to find the offending line, when that fails.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from assembly.errors import ImportFormatError
from assembly.polis._scan import ByteChunk, plain_block, split_fields

# Cells read by the csv module before converting to numpy: ~13,000 votes.csv rows, ~65
# participants-votes.csv rows of 1,000 statements. Large enough that per-chunk overhead vanishes;
# small enough that the row lists die young (measured on 1 M votes.csv rows: 0.8 s to parse in
# chunks of 10,000 rows, 1.6 s in chunks of 100,000, the difference being Python's garbage
# collector walking the live rows).
CHUNK_CELLS = 65_536
# Bytes per block on the plain path: ~40,000 votes.csv rows, ~2,000 participants-votes.csv rows of
# 1,000 statements (field offsets: 16 bytes per field, ~32 MB). Measured on 4 M votes: 1, 2 and
# 8 MiB blocks read equally fast; 2 MiB keeps the offsets small.
BLOCK_BYTES = 1 << 21
# Bytes looked at for the header row before giving the plain path up for the csv module.
HEADER_BYTES = 1 << 16
UTF8_BOM = b"\xef\xbb\xbf"

# Called with (bytes read so far, bytes to read in all).
Progress = Callable[[int, int], None]

# Characters of a cell or column name quoted in an error message; enough to recognise it.
SHOWN_CHARS = 40
# Column names listed when a required one is missing (participants-votes.csv has one per statement).
SHOWN_NAMES = 12

# Spreadsheet formula injection (OWASP "CSV injection"): a cell starting with one of these is run as
# a formula by Excel / LibreOffice. Tab and carriage return are on OWASP's list too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A written cell that needs the protective quote: optional quotes already there, then a formula start.
# Quoting texts that already start with quotes keeps the round trip exact (see restore_text).
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def shorten(text: str) -> str:
    """``text`` cut to :data:`SHOWN_CHARS` characters for an error message."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "..."


def _listing(names: Sequence[str]) -> str:
    """The first :data:`SHOWN_NAMES` column names, for an error message."""
    shown = ", ".join(shorten(name) for name in names[:SHOWN_NAMES])
    return shown if len(names) <= SHOWN_NAMES else f"{shown}, ... ({len(names)} columns)"


def neutralise_text(text: str) -> str:
    """Prefix a single quote to a text cell a spreadsheet would run as a formula."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def restore_text(text: str) -> str:
    """Undo :func:`neutralise_text`: drop the protective quote before a formula start."""
    return text[1:] if _QUOTED.match(text) else text


@dataclass
class Chunk:
    """Consecutive data rows of one file (about :data:`CHUNK_CELLS` cells)."""

    rows: list[list[str]]
    first: int  # position of rows[0] among the file's data rows, from 0

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, index: int) -> list[str]:
        return list(map(itemgetter(index), self.rows))

    def text(self, i: int, j: int) -> str:
        return self.rows[i][j]


# A chunk of rows: read by the csv module, or cut from a plain block.
AnyChunk = Chunk | ByteChunk


class CsvFile:
    """One CSV file of an export: its header, and its rows in chunks.

    Parameters
    ----------
    path : Path
    has_header : bool
        ``False`` for ``summary.csv`` (key,value rows); then ``names`` names the columns.
    required : sequence of str
        Columns that must be in the header.
    """

    def __init__(
        self,
        path: Path,
        *,
        has_header: bool = True,
        required: Sequence[str] = (),
        names: Sequence[str] = (),
    ) -> None:
        self.path = path
        self.has_header = has_header
        self.header: list[str] = [] if has_header else list(names)
        if has_header:
            first = next(self._records(skip_header=False), None)
            if first is None:
                raise self.error("the file is empty: expected a header row", line=1)
            self.header = [name.strip() for name in first[1]]
            missing = [name for name in required if name not in self.header]
            if missing:
                raise self.error(
                    f"missing column; the header has {_listing(self.header)}", line=1, column=missing[0]
                )
            seen: set[str] = set()
            for name in self.header:
                if name in seen:
                    raise self.error("the header names this column twice", line=1, column=name)
                seen.add(name)
        self.width = len(self.header)

    def error(self, message: str, *, line: int | None = None, column: str | None = None) -> ImportFormatError:
        return ImportFormatError(
            message, file=str(self.path), line=line, column=None if column is None else shorten(column)
        )

    def index(self, name: str) -> int | None:
        """The position of a column, or ``None`` if the header lacks it."""
        return self.header.index(name) if name in self.header else None

    def _records(self, *, skip_header: bool) -> Iterator[tuple[int, list[str]]]:
        """(start line, fields) of every non-blank record."""
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle, strict=True)
                start = 1
                first = True
                while True:
                    try:
                        row = next(reader)
                    except StopIteration:
                        return
                    except csv.Error as exc:
                        raise self.error(f"not valid CSV ({exc})", line=reader.line_num) from None
                    line, start = start, reader.line_num + 1
                    if not row:
                        continue
                    if first and skip_header:
                        first = False
                        continue
                    first = False
                    yield line, row
        except UnicodeDecodeError:
            raise self._decode_error() from None
        except OSError as exc:
            raise self.error(f"cannot read the file ({exc.strerror})") from None

    def _decode_error(self) -> ImportFormatError:
        """Locate the first byte that is not UTF-8 (slow path, on error only)."""
        data = self.path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start
        else:  # pragma: no cover - the streaming decoder already failed
            bad = 0
        before = data[:bad]
        # Lines end in LF, CRLF or a lone CR, as the csv module counts them.
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        prefix = data[line_start:bad].decode("utf-8", errors="replace")
        header = self.header
        try:
            field = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
            if self.has_header and not header and line > 1:  # failed while reading the header row
                header = next(csv.reader(io.StringIO(before.decode("utf-8-sig"), newline="")), [])
        except csv.Error:  # the line's start is not CSV either: name no column
            field = -1
        column = header[field] if 0 <= field < len(header) else None
        return self.error(
            f"not UTF-8 text (byte 0x{data[bad]:02x}); save the file as UTF-8 and try again",
            line=line,
            column=column,
        )

    def line_of(self, row: int) -> int:
        """The 1-based line on which data row ``row`` (from 0) starts (slow: re-reads; errors only)."""
        for n, (line, _) in enumerate(self._records(skip_header=self.has_header)):
            if n == row:
                return line
        raise IndexError(row)  # pragma: no cover - callers pass rows they have read

    def line(self, chunk: AnyChunk, i: int) -> int:
        """The line of ``chunk.rows[i]``."""
        return self.line_of(chunk.first + i)

    def chunks(self, *, advance: Callable[[int], None] | None = None) -> Iterator[AnyChunk]:
        """The data rows in chunks, each row checked to have the header's width. Blank lines are skipped.

        ``advance`` is called with the number of bytes of the file each chunk moved on.
        """
        advance = advance or (lambda n: None)
        try:
            with open(self.path, "rb") as handle:
                offset = self._data_start(handle)
                first = 0
                if offset is None:  # a header the plain path does not read: the csv module reads it all
                    yield from self._csv_chunks(handle, 0, first, advance)
                    return
                advance(offset)
                handle.seek(offset)
                for data, size in _blocks(handle):
                    plain = plain_block(data)
                    chunk = None if plain is None else split_fields(plain, self.width, first)
                    if chunk is None:
                        yield from self._csv_chunks(handle, offset, first, advance)
                        return
                    if len(chunk):
                        yield chunk
                    first += len(chunk)
                    offset += size
                    advance(size)
        except OSError as exc:
            raise self.error(f"cannot read the file ({exc.strerror})") from None

    def _data_start(self, handle: io.BufferedReader) -> int | None:
        """Byte offset of the first data row, if the header row is plain; else ``None``."""
        head = handle.read(HEADER_BYTES)
        offset = len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0
        if not self.has_header:
            return offset
        end = head.find(b"\n", offset)
        line = head[offset:end].removesuffix(b"\r")
        if end < 0 or not line or plain_block(line + b"\n") is None:
            return None
        return end + 1

    def _csv_chunks(
        self, handle: io.BufferedReader, offset: int, first: int, advance: Callable[[int], None]
    ) -> Iterator[Chunk]:
        """The rows from byte ``offset`` (a row start; 0: the file start, header included) to the end.

        ``first`` rows came before ``offset``, one line each (they were plain), after the header.
        """
        width = self.width
        size = max(1, CHUNK_CELLS // max(width, 1))
        lines_before = 0 if offset == 0 else first + int(self.has_header)
        handle.seek(offset)
        text = io.TextIOWrapper(handle, encoding="utf-8-sig" if offset == 0 else "utf-8", newline="")
        reader = csv.reader(text, strict=True)
        try:
            if self.has_header and offset == 0:
                next((row for row in reader if row), None)
            while rows := list(islice(reader, size)):
                if [] in rows:
                    rows = [row for row in rows if row]
                if rows and set(map(len, rows)) != {width}:
                    i = next(i for i, row in enumerate(rows) if len(row) != width)
                    raise self._width_error(self.line_of(first + i), rows[i], width)
                if rows:
                    yield Chunk(rows, first)
                first += len(rows)
                position = handle.tell()
                advance(position - offset)
                offset = position
        except csv.Error as exc:
            raise self.error(f"not valid CSV ({exc})", line=lines_before + reader.line_num) from None
        except UnicodeDecodeError:
            raise self._decode_error() from None
        finally:
            text.detach()

    def _width_error(self, line: int, row: list[str], width: int) -> ImportFormatError:
        message = f"the row has {len(row)} field{'s' if len(row) != 1 else ''}, expected {width}"
        if len(row) < width:
            return self.error(message, line=line, column=self.header[len(row)])
        return self.error(message, line=line, column=f"field {width + 1}")

    # --- column conversion -------------------------------------------------------------------

    def ints(
        self, chunk: AnyChunk, name: str, *, blank: bool = False
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """Column ``name`` as int64 (blanks read as 0 if ``blank``), and the non-blank mask."""
        return self._numbers(chunk, name, np.int64, 0, blank, int, "a whole number")

    def floats(
        self, chunk: AnyChunk, name: str, *, blank: bool = False
    ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """Column ``name`` as finite float64 (blanks read as NaN if ``blank``), and the non-blank mask."""
        return self._numbers(chunk, name, np.float64, np.nan, blank, float, "a number")

    def _numbers(
        self, chunk: AnyChunk, name: str, dtype: type, fill: float, blank: bool, parse: Any, what: str
    ) -> tuple[NDArray[Any], NDArray[np.bool_]]:
        j = self.header.index(name)
        if isinstance(chunk, ByteChunk):
            bulk = chunk.numbers(j, whole=parse is int, blank=blank)
            if bulk is not None:
                return bulk
        texts = chunk.column(j)
        try:
            if "" in texts:
                if not blank:
                    raise ValueError
                present = np.array([t != "" for t in texts], dtype=bool)
                given = [t for t in texts if t]
                values: NDArray[Any] = np.full(len(texts), fill, dtype=dtype)
                values[present] = np.fromiter(map(parse, given), dtype, len(given))
            else:
                present = np.ones(len(texts), dtype=bool)
                values = np.fromiter(map(parse, texts), dtype, len(texts))
            if parse is float and not np.isfinite(values[present]).all():
                raise ValueError
        except (ValueError, OverflowError):
            strict = _finite_float if parse is float else whole_number
            raise self._first_bad(chunk, texts, name, strict, blank, what) from None
        return values, present

    def _first_bad(
        self, chunk: AnyChunk, texts: list[str], name: str, parse: Any, blank: bool, what: str
    ) -> ImportFormatError:
        for i, text in enumerate(texts):
            if text == "":
                if blank:
                    continue
                return self.error(f"empty, expected {what}", line=self.line(chunk, i), column=name)
            try:
                parse(text)
            except (ValueError, OverflowError):
                return self.error(f"{shorten(text)!r} is not {what}", line=self.line(chunk, i), column=name)
        return self.error(f"expected {what}", line=self.line(chunk, 0), column=name)  # pragma: no cover

    def check_values(
        self, chunk: AnyChunk, name: str, values: NDArray[np.int64], allowed: Sequence[int], what: str
    ) -> None:
        """Raise at the first row whose value is not in ``allowed``."""
        bad = np.flatnonzero(~np.isin(values, allowed))
        if len(bad):
            i = int(bad[0])
            raise self.error(
                f"{values[i]} is not {what} ({', '.join(map(str, allowed))})",
                line=self.line(chunk, i),
                column=name,
            )


def _blocks(handle: io.BufferedReader) -> Iterator[tuple[bytes, int]]:
    """Whole lines from the current position, about :data:`BLOCK_BYTES` at a time, with their size.

    A last line without a line end gets one (its size does not count it).
    """
    carry = b""
    while data := handle.read(BLOCK_BYTES):
        data = carry + data
        cut = data.rfind(b"\n") + 1
        if cut:
            yield data[:cut], cut
        carry = data[cut:]
    if carry:
        yield carry + b"\n", len(carry)


def whole_number(text: str) -> int:
    """``int(text)``, raising OverflowError outside int64 (the dtype of every id column)."""
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise OverflowError(text)
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if not np.isfinite(value):
        raise ValueError(text)
    return value


# pol.is writes booleans as true / false; 1 / 0 and blank (false) are accepted too.
BOOLEANS = {
    "true": True,
    "t": True,
    "1": True,
    "yes": True,
    "false": False,
    "f": False,
    "0": False,
    "no": False,
    "": False,
}
