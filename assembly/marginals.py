"""Published per-statement figures that a simulated consultation can be shaped to ("marginals").

A marginals file is a CSV with one statement per row: its text, the printed shares of agree,
disagree and pass votes, and optionally its theme, whether it was published, how the source files it
and, for friction statements, which group agrees. ``data/culture-for-ai/paper-statements.csv`` (the
statements quoted by the 2025 Culture for AI paper, described in its README) is the reference example.
:func:`assembly.simulate.simulate_consultation` turns them into votes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assembly.analysis.vocabulary import CATEGORIES
from assembly.errors import InputError

__all__ = ["THEME_NAMES", "Marginal", "read_marginals"]

# Theme numbers used by the Culture for AI paper (data/culture-for-ai/README.md).
THEME_NAMES = {
    1: "Position and responsibilities",
    2: "Heritage data as AI training material",
    3: "Climate",
    4: "Bias",
    5: "Capacity and AI literacy",
    6: "Alliances beyond the sector",
    7: "Desirable and undesirable use cases",
}
MARGINAL_COLUMNS = ("statement", "agree_pct", "disagree_pct", "pass_pct")
MARGINAL_OPTIONAL_COLUMNS = ("theme", "published", "paper_category", "friction_group_agreeing")
# Printed percentages are rounded (the paper truncates: its rows sum to 98 or 99), so the three
# shares of a row may miss 100 by this much before the row is taken to be a typo.
PCT_SUM_TOLERANCE = 3.0


@dataclass(frozen=True)
class Marginal:
    """One statement's published figures (a row of a marginals file).

    Attributes
    ----------
    text : the statement.
    agree_pct, disagree_pct, pass_pct : the printed shares of all votes on it, in percent, or None
        when the source prints none (then all three are None).
    theme : a theme name (paper theme numbers are replaced by :data:`THEME_NAMES`), or None.
    published : False if the statement was submitted but never put to the vote.
    paper_category : how the source files it (one of :data:`CATEGORIES`), or None.
    friction_group_agreeing : for a friction statement, the group that agrees (0 = A, the first
        group; 1 = B, the second), or None.
    source, line : where the row was read (file name and 1-based line), for messages.
    """

    text: str
    agree_pct: float | None = None
    disagree_pct: float | None = None
    pass_pct: float | None = None
    theme: str | None = None
    published: bool = True
    paper_category: str | None = None
    friction_group_agreeing: int | None = None
    source: str | None = None
    line: int | None = None

    @property
    def shares_pct(self) -> tuple[float, float, float] | None:
        """(agree, disagree, pass) in percent, or None when not printed."""
        if self.agree_pct is None or self.disagree_pct is None or self.pass_pct is None:
            return None
        return (self.agree_pct, self.disagree_pct, self.pass_pct)


def read_marginals(path: str | Path) -> list[Marginal]:
    """Read per-statement published figures from a CSV file.

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV file with columns ``statement, agree_pct, disagree_pct, pass_pct`` and optionally
        ``theme, published, paper_category, friction_group_agreeing``, in any order (the format of
        ``data/culture-for-ai/paper-statements.csv``, described in its README).

    Returns
    -------
    list of Marginal, one per row, in file order.

    Raises
    ------
    InputError
        Unreadable file, unknown or missing column, or a bad value; names the file, line and column.
    """
    name = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise InputError("empty file; expected a header row", file=name, line=1)
            columns = _check_header([h.strip() for h in header], name)
            rows = []
            for fields in reader:
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) != len(columns):
                    raise InputError(
                        f"{len(fields)} fields, but the header has {len(columns)}",
                        file=name,
                        line=reader.line_num,
                    )
                rows.append(_marginal_row(dict(zip(columns, fields, strict=True)), name, reader.line_num))
    except OSError as exc:
        raise InputError(f"cannot read the marginals file: {exc.strerror or exc}", file=name) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", file=name) from exc
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", file=name) from exc
    if not rows:
        raise InputError("no statements after the header", file=name, line=2)
    return rows


def _check_header(columns: list[str], name: str) -> list[str]:
    known = MARGINAL_COLUMNS + MARGINAL_OPTIONAL_COLUMNS
    for column in columns:
        if column not in known:
            raise InputError(
                f"unknown column; the columns are {', '.join(known)}", file=name, line=1, column=column
            )
        if columns.count(column) > 1:
            raise InputError("column appears twice", file=name, line=1, column=column)
    for column in MARGINAL_COLUMNS:
        if column not in columns:
            raise InputError("required column is missing", file=name, line=1, column=column)
    return columns


def _marginal_row(row: dict[str, str], name: str, line: int) -> Marginal:
    def fail(message: str, column: str | None = None) -> InputError:
        return InputError(message, file=name, line=line, column=column)

    text = row["statement"].strip()
    if not text:
        raise fail("the statement text is empty", "statement")
    pcts: list[float] = []
    for column in MARGINAL_COLUMNS[1:]:
        raw = row[column].strip()
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            raise fail(f"{raw!r} is not a number", column) from None
        if not 0 <= value <= 100:
            raise fail(f"{raw} is not a percentage between 0 and 100", column)
        pcts.append(value)
    if len(pcts) not in (0, 3):
        raise fail("give all three of agree_pct, disagree_pct, pass_pct or none of them")
    if pcts and abs(sum(pcts) - 100) > PCT_SUM_TOLERANCE:
        raise fail(f"agree, disagree and pass add up to {sum(pcts):g}%, not about 100%")
    published_raw = row.get("published", "").strip().lower()
    if published_raw not in ("", "yes", "no"):
        raise fail(f"{published_raw!r} is not yes or no", "published")
    published = published_raw != "no"
    if pcts and not published:
        raise fail("an unpublished statement cannot have vote percentages", "published")
    theme = _theme_name(row.get("theme", "").strip(), fail)
    category = row.get("paper_category", "").strip().lower() or None
    if category is not None and category not in CATEGORIES:
        raise fail(f"{category!r} is not one of {', '.join(CATEGORIES)}", "paper_category")
    friction_raw = row.get("friction_group_agreeing", "").strip().upper()
    if friction_raw not in ("", "A", "B"):
        raise fail(f"{friction_raw!r} is not A or B", "friction_group_agreeing")
    agree, disagree, passes = pcts if pcts else (None, None, None)
    return Marginal(
        text=text,
        agree_pct=agree,
        disagree_pct=disagree,
        pass_pct=passes,
        theme=theme,
        published=published,
        paper_category=category,
        friction_group_agreeing={"": None, "A": 0, "B": 1}[friction_raw],
        source=Path(name).name,
        line=line,
    )


def _theme_name(raw: str, fail: Callable[[str, str], InputError]) -> str | None:
    if not raw:
        return None
    if raw.isdigit():
        if int(raw) not in THEME_NAMES:
            raise fail(
                f"theme number {raw} is not one of the paper's themes 1-7; give a name instead", "theme"
            )
        return THEME_NAMES[int(raw)]
    return raw
