"""Stacked agree / disagree / pass bars, one row per group, like the Alignment Assembly paper's figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assembly.charts.numbers import format_interval, rounded_percent
from assembly.charts.palette import vote_patterns
from assembly.charts.svg import boxed_text, element, fmt, svg_document, text
from assembly.charts.table import Chart, DataTable, numeric_flags
from assembly.charts.words import ENGLISH, ChartWords

__all__ = ["BarRow", "vote_bars"]

# Layout, in SVG user units (1 unit = 1 CSS px at the default size).
WIDTH = 560
LABEL_WIDTH = 170  # room for "All participants" and a short group name
COUNT_WIDTH = 64  # room for "n = 1,234"
ROW_HEIGHT = 24  # tall enough for a percent label above the interval whisker
ROW_GAP = 7
# The agree-interval whisker runs this far below the bar's middle, under the percent labels.
WHISKER_OFFSET = 7.5
LEGEND_HEIGHT = 22
# Below this width (units) a segment is too narrow to hold its "91%" label.
MIN_LABELLED_SEGMENT = 28
# Labels longer than this many characters are shortened in the SVG (the table keeps them whole).
MAX_LABEL_CHARS = 26


@dataclass(frozen=True)
class BarRow:
    """One bar: who voted (a label) and their latest-vote counts.

    ``agree_interval`` is an optional (low, high) interval for the agree share, drawn as a whisker.
    """

    label: str
    agree: int
    disagree: int
    passes: int
    agree_interval: tuple[float, float] | None = None

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passes


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def vote_bars(
    rows: Sequence[BarRow],
    *,
    chart_id: str,
    title: str,
    interval_name: str = "interval",
    words: ChartWords = ENGLISH,
) -> Chart:
    """Draw one horizontal stacked bar per row: agree, disagree and pass shares of that row's votes.

    Parameters
    ----------
    rows : sequence of BarRow
        Usually "All participants" first, then each opinion group. Counts must be >= 0.
    chart_id : str
        Unique id on the page; prefixes every id in the SVG.
    title : str
        Short title (the statement, usually); read out by screen readers.
    interval_name : str
        How the agree interval is named in the table and description, e.g. "95% interval".
    words : ChartWords
        The words and number formats printed (English by default).

    Returns
    -------
    Chart
        The SVG and a table with the same numbers (shares rounded the paper's way, and counts).

    Raises
    ------
    ValueError
        If there are no rows, a count is negative, or no row has any vote (an empty chart says nothing).
    """
    if not rows:
        raise ValueError(f"chart {chart_id!r}: no rows to draw")
    for row in rows:
        if min(row.agree, row.disagree, row.passes) < 0:
            raise ValueError(f"chart {chart_id!r}: negative count in row {row.label!r}")
    if all(row.votes == 0 for row in rows):
        raise ValueError(f"chart {chart_id!r}: no row has any vote")

    defs, fills = vote_patterns(chart_id)
    bar_width = WIDTH - LABEL_WIDTH - COUNT_WIDTH
    height = LEGEND_HEIGHT + len(rows) * (ROW_HEIGHT + ROW_GAP)
    parts = [_legend(fills, words)]
    described = []
    for i, row in enumerate(rows):
        y = LEGEND_HEIGHT + i * (ROW_HEIGHT + ROW_GAP)
        parts.append(_row(row, y, bar_width, fills, words))
        described.append(_describe(row, interval_name, words))
    description = " ".join([words.bars_description, *described])
    svg = svg_document(
        chart_id=chart_id,
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        body="".join(parts),
        defs=defs,
    )
    return Chart(chart_id=chart_id, svg=svg, table=_table(rows, title, interval_name, words))


def _legend(fills: dict[str, str], words: ChartWords) -> str:
    out = []
    x = LABEL_WIDTH
    for key, label in (("agree", words.agree), ("disagree", words.disagree), ("pass", words.passes)):
        out.append(
            element(
                "rect",
                {
                    "x": fmt(x),
                    "y": "4",
                    "width": "12",
                    "height": "12",
                    "fill": fills[key],
                    "stroke": "#333333",
                    "stroke-width": "0.5",
                },
            )
        )
        out.append(
            element("text", {"x": fmt(x + 16), "y": "14", "font-size": "11", "fill": "#222222"}, text(label))
        )
        x += 90
    return element("g", {"class": "legend"}, "".join(out))


def _row(row: BarRow, y: float, bar_width: float, fills: dict[str, str], words: ChartWords) -> str:
    mid = y + ROW_HEIGHT / 2
    out = [
        element(
            "text",
            {
                "x": fmt(LABEL_WIDTH - 6),
                "y": fmt(mid + 4),
                "font-size": "11",
                "text-anchor": "end",
                "fill": "#222222",
            },
            text(_short(row.label)),
        )
    ]
    if row.votes == 0:
        out.append(
            element(
                "rect",
                {
                    "x": fmt(LABEL_WIDTH),
                    "y": fmt(y),
                    "width": fmt(bar_width),
                    "height": fmt(ROW_HEIGHT),
                    "fill": "none",
                    "stroke": "#8C8C8C",
                    "stroke-dasharray": "3 2",
                },
            )
        )
        out.append(
            element(
                "text",
                {"x": fmt(LABEL_WIDTH + 6), "y": fmt(mid + 4), "font-size": "10", "fill": "#444444"},
                text(words.no_votes),
            )
        )
    else:
        x = float(LABEL_WIDTH)
        for key, count in (("agree", row.agree), ("disagree", row.disagree), ("pass", row.passes)):
            w = bar_width * count / row.votes
            if w > 0:
                out.append(
                    element(
                        "rect",
                        {
                            "x": fmt(x),
                            "y": fmt(y),
                            "width": fmt(w),
                            "height": fmt(ROW_HEIGHT),
                            "fill": fills[key],
                        },
                    )
                )
                if w >= MIN_LABELLED_SEGMENT:
                    label = words.share(rounded_percent(count, row.votes))
                    out.append(boxed_text(label, x + w / 2, mid - 3, font_size=10, box_height=13))
            x += w
        if row.agree_interval is not None:
            out.append(_whisker(row.agree_interval, mid, bar_width))
    out.append(
        element(
            "text",
            {"x": fmt(WIDTH - COUNT_WIDTH + 6), "y": fmt(mid + 4), "font-size": "10", "fill": "#222222"},
            text(words.bar_count % {"n": words.integer(row.votes)}),
        )
    )
    return element("g", {"class": "bar"}, "".join(out))


def _whisker(interval: tuple[float, float], mid: float, bar_width: float) -> str:
    lo, hi = (LABEL_WIDTH + bar_width * min(max(v, 0.0), 1.0) for v in interval)
    y = mid + WHISKER_OFFSET
    attrs = {"stroke": "#000000", "stroke-width": "1.2"}
    return element(
        "g",
        {"class": "interval"},
        "".join(
            [
                element("line", {"x1": fmt(lo), "y1": fmt(y), "x2": fmt(hi), "y2": fmt(y), **attrs}),
                element("line", {"x1": fmt(lo), "y1": fmt(y - 3), "x2": fmt(lo), "y2": fmt(y + 3), **attrs}),
                element("line", {"x1": fmt(hi), "y1": fmt(y - 3), "x2": fmt(hi), "y2": fmt(y + 3), **attrs}),
            ]
        ),
    )


def _shares(row: BarRow, words: ChartWords) -> tuple[str, str, str]:
    n = row.votes
    return (
        words.share(rounded_percent(row.agree, n)),
        words.share(rounded_percent(row.disagree, n)),
        words.share(rounded_percent(row.passes, n)),
    )


def _interval(interval: tuple[float, float], words: ChartWords) -> str:
    """The interval as :func:`format_interval` writes it, with the words' percent sign."""
    return words.share(format_interval(*interval).removesuffix("%"))


def _describe(row: BarRow, interval_name: str, words: ChartWords) -> str:
    if row.votes == 0:
        return words.bar_no_votes % {"who": row.label}
    a, d, p = _shares(row, words)
    values = {"who": row.label, "agree": a, "disagree": d, "passes": p, "votes": words.votes(row.votes)}
    if row.agree_interval is None:
        return words.bar_shares % values
    interval = _interval(row.agree_interval, words)
    return words.bar_shares_interval % {**values, "interval_name": interval_name, "interval": interval}


def _table(rows: Sequence[BarRow], title: str, interval_name: str, words: ChartWords) -> DataTable:
    with_interval = any(r.agree_interval is not None for r in rows)
    columns = [
        words.column_who,
        words.column_agree,
        words.column_disagree,
        words.column_passes,
        words.column_votes,
    ]
    if with_interval:
        columns.append(words.column_agree_interval % {"interval_name": interval_name})
    body = []
    for row in rows:
        a, d, p = _shares(row, words) if row.votes else ("–", "–", "–")
        cells = [
            row.label,
            f"{a} ({words.integer(row.agree)})",
            f"{d} ({words.integer(row.disagree)})",
            f"{p} ({words.integer(row.passes)})",
            words.integer(row.votes),
        ]
        if with_interval:
            cells.append(_interval(row.agree_interval, words) if row.agree_interval else "–")
        body.append(tuple(cells))
    caption = words.bars_caption % {"title": title}
    return DataTable(
        caption=caption, columns=tuple(columns), rows=tuple(body), numeric=numeric_flags(columns)
    )
