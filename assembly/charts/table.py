"""The data table that stands beside every chart, and the chart itself (SVG plus its table).

A chart is never shipped without its table: screen-reader users and readers who want the numbers get
the same data in rows. The table renders as accessible HTML (caption, column and row headers) and as a
Markdown table for the Markdown report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Chart", "DataTable"]

# Characters that would format, link, open raw HTML or an entity in a Markdown cell: escaped, so a
# statement or group name shows as written in any Markdown viewer (those rendering raw HTML included).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


@dataclass(frozen=True)
class DataTable:
    """Rows of already-formatted cells.

    Attributes
    ----------
    caption : str
        What the table shows (also read out by screen readers).
    columns : tuple of str
        Column headings; the first column holds the row headers.
    rows : tuple of tuple of str
        One tuple per row, as long as ``columns``.
    numeric : tuple of bool
        Per column: right-align it (numbers).
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.caption!r}: row {i} has {len(row)} cells for {len(self.columns)} columns"
                )

    def _is_numeric(self, j: int) -> bool:
        return j < len(self.numeric) and self.numeric[j]

    def to_html(self, *, table_id: str | None = None) -> str:
        """An HTML ``<table>`` with a caption, ``scope="col"`` headings and ``scope="row"`` row headers."""
        id_attr = f' id="{escape(table_id)}"' if table_id else ""
        head = "".join(
            f'<th scope="col"{self._class(j)}>{escape(c)}</th>' for j, c in enumerate(self.columns)
        )
        body = []
        for row in self.rows:
            cells = [f'<th scope="row">{escape(row[0])}</th>'] + [
                f"<td{self._class(j)}>{escape(cell)}</td>" for j, cell in enumerate(row) if j > 0
            ]
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<table class="data"{id_attr}><caption>{escape(self.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def _class(self, j: int) -> str:
        return ' class="num"' if self._is_numeric(j) else ""

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table, preceded by its caption in italics."""

        def cell(value: str) -> str:
            return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))

        align = ["---:" if self._is_numeric(j) else "---" for j in range(len(self.columns))]
        lines = [
            f"*{cell(self.caption)}*",
            "",
            "| " + " | ".join(cell(c) for c in self.columns) + " |",
            "| " + " | ".join(align) + " |",
        ]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in self.rows]
        return "\n".join(lines)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: standalone SVG markup and the table holding the same numbers."""

    chart_id: str
    svg: str
    table: DataTable

    def table_html(self) -> str:
        return self.table.to_html(table_id=f"{self.chart_id}-table")


def numeric_flags(columns: Sequence[str], text_columns: int = 1) -> tuple[bool, ...]:
    """Right-align every column after the first ``text_columns``."""
    return tuple(j >= text_columns for j in range(len(columns)))
