"""The opinion map: participants on the plane of the first two principal components, by opinion group.

Small conversations get one marker per participant (colour and shape by group). Above
:data:`MAX_DRAWN_POINTS` participants the map counts them in a square grid per group instead, so a
100,000-participant consultation still gives a small, readable SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assembly.charts.palette import GROUP_COLOURS, GROUP_MARKERS, UNPLACED_COLOUR, marker
from assembly.charts.svg import boxed_text, element, fmt, svg_document, text
from assembly.charts.table import Chart, DataTable, numeric_flags
from assembly.charts.words import ENGLISH, ChartWords

__all__ = ["GRID_CELLS", "MAX_DRAWN_POINTS", "MapSeries", "opinion_map"]

# Above this many participants, draw grid cells instead of one marker each: beyond ~2,000 markers
# they overlap into blots and the SVG passes ~150 kB, while a 40 x 40 grid stays under 1,600 cells a group.
MAX_DRAWN_POINTS = 2000
# Cells per side of the grid used above MAX_DRAWN_POINTS.
GRID_CELLS = 40

WIDTH = 560
PLOT = 400  # side of the square plotting area
LEFT = (WIDTH - PLOT) / 2
TOP = 10
LEGEND_ROW = 18
MARKER_SIZE = 2.6
# Characters of a group name shown on the map itself (the legend and table show it whole).
MAX_MAP_LABEL_CHARS = 22


Points = tuple[NDArray[np.float64], NDArray[np.float64]]


@dataclass(frozen=True)
class MapSeries:
    """One opinion group's participants: their coordinates on the two principal components."""

    label: str
    x: Sequence[float]
    y: Sequence[float]

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y):
            raise ValueError(f"series {self.label!r}: {len(self.x)} x values but {len(self.y)} y values")


def opinion_map(
    groups: Sequence[MapSeries],
    *,
    chart_id: str,
    title: str,
    unplaced: MapSeries | None = None,
    max_points: int = MAX_DRAWN_POINTS,
    grid_cells: int = GRID_CELLS,
    words: ChartWords = ENGLISH,
    you: tuple[float, float] | None = None,
    you_label: str = "You",
) -> Chart:
    """Draw participants on the PCA plane, coloured and shaped by group, with group labels.

    Parameters
    ----------
    groups : sequence of MapSeries
        One per opinion group, in group order (colour and marker follow the order; at most 5).
    chart_id, title : str
        Unique id on the page; title read out by screen readers.
    unplaced : MapSeries, optional
        Participants not placed in any group, drawn as small hollow grey circles.
    max_points, grid_cells : int
        Above ``max_points`` participants in total, count them in a ``grid_cells`` x ``grid_cells`` grid.
    words : ChartWords
        The words and number formats printed (English by default).
    you : (x, y), optional
        One participant's own position, ringed and labelled ``you_label``: the map a participant sees
        of where they stand (never a public page: the ring singles them out).

    Returns
    -------
    Chart
        The SVG and a table: group, participants, centre x, centre y.

    Raises
    ------
    ValueError
        No participant at all, more groups than colours, or a coordinate that is not a finite number.
    """
    if len(groups) > len(GROUP_COLOURS):
        raise ValueError(
            f"chart {chart_id!r}: {len(groups)} groups; at most {len(GROUP_COLOURS)} can be drawn"
        )
    series = list(groups) + ([unplaced] if unplaced is not None else [])
    arrays = [(np.asarray(s.x, dtype=np.float64), np.asarray(s.y, dtype=np.float64)) for s in series]
    n_total = sum(len(x) for x, _ in arrays)
    if n_total == 0:
        raise ValueError(f"chart {chart_id!r}: no participant to draw")
    for s, (x, y) in zip(series, arrays, strict=True):
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            raise ValueError(f"chart {chart_id!r}: series {s.label!r} has a coordinate that is not finite")

    if you is not None and not all(math.isfinite(v) for v in you):
        raise ValueError(f"chart {chart_id!r}: the position marked {you_label!r} is not finite")
    extra = [np.asarray([you[0]]), np.asarray([you[1]])] if you is not None else [np.empty(0), np.empty(0)]
    all_x = np.concatenate([x for x, _ in arrays] + [extra[0]])
    all_y = np.concatenate([y for _, y in arrays] + [extra[1]])
    cx, cy = (all_x.min() + all_x.max()) / 2, (all_y.min() + all_y.max()) / 2
    half = max(all_x.max() - all_x.min(), all_y.max() - all_y.min()) / 2 * 1.08
    half = half if half > 1e-12 else 1.0
    frame = _Frame(cx - half, cy - half, 2 * half)

    binned = n_total > max_points
    body = [_axes(frame, words)]
    order = ([len(series) - 1] if unplaced is not None else []) + list(range(len(groups)))
    for i in order:  # unplaced first, underneath the groups
        x, y = arrays[i]
        is_group = i < len(groups)
        colour = GROUP_COLOURS[i] if is_group else UNPLACED_COLOUR
        if binned:
            body.append(_cells(x, y, frame, grid_cells, colour, n_total))
        else:
            body.append(_markers(x, y, frame, GROUP_MARKERS[i] if is_group else "unplaced", colour))
    centres: list[tuple[float, float] | None] = [
        (float(x.mean()), float(y.mean())) if len(x) else None for x, y in arrays
    ]
    for s, centre in zip(groups, centres, strict=False):
        if centre is not None:
            body.append(_label(s.label, *frame.to_svg(*centre)))
    if you is not None:
        body.append(_you(you_label, *frame.to_svg(*you)))
    body.append(_legend(groups, unplaced, arrays, words))

    legend_rows = len(groups) + (1 if unplaced is not None else 0)
    height = TOP + PLOT + 24 + legend_rows * LEGEND_ROW + 8
    description = _describe(series, arrays, centres, len(groups), binned, grid_cells, words)
    svg = svg_document(
        chart_id=chart_id,
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        body="".join(body),
    )
    return Chart(chart_id=chart_id, svg=svg, table=_table(series, arrays, centres, title, words))


@dataclass(frozen=True)
class _Frame:
    x0: float
    y0: float
    span: float

    def to_svg(self, x: float, y: float) -> tuple[float, float]:
        return (LEFT + (x - self.x0) / self.span * PLOT, TOP + (self.y0 + self.span - y) / self.span * PLOT)


def _axes(frame: _Frame, words: ChartWords) -> str:
    out = [
        element(
            "rect",
            {
                "x": fmt(LEFT),
                "y": fmt(TOP),
                "width": fmt(PLOT),
                "height": fmt(PLOT),
                "fill": "#FFFFFF",
                "stroke": "#8C8C8C",
                "stroke-width": "0.8",
            },
        )
    ]
    zx, zy = frame.to_svg(0.0, 0.0)
    line = {"stroke": "#BDBDBD", "stroke-width": "0.8", "stroke-dasharray": "4 3"}
    if LEFT < zx < LEFT + PLOT:
        out.append(
            element("line", {"x1": fmt(zx), "y1": fmt(TOP), "x2": fmt(zx), "y2": fmt(TOP + PLOT), **line})
        )
    if TOP < zy < TOP + PLOT:
        out.append(
            element("line", {"x1": fmt(LEFT), "y1": fmt(zy), "x2": fmt(LEFT + PLOT), "y2": fmt(zy), **line})
        )
    small = {"font-size": "10", "fill": "#555555"}
    out.append(
        element(
            "text",
            {"x": fmt(LEFT + PLOT), "y": fmt(TOP + PLOT + 13), "text-anchor": "end", **small},
            text(words.first_component),
        )
    )
    out.append(
        element("text", {"x": fmt(LEFT + 4), "y": fmt(TOP + 12), **small}, text(words.second_component))
    )
    return element("g", {"class": "axes"}, "".join(out))


def _markers(x: np.ndarray, y: np.ndarray, frame: _Frame, shape: str, colour: str) -> str:
    out = []
    for px, py in zip(x.tolist(), y.tolist(), strict=True):
        sx, sy = frame.to_svg(px, py)
        if shape == "unplaced":
            out.append(
                marker("circle", sx, sy, 1.8, {"fill": "none", "stroke": colour, "stroke-width": "0.7"})
            )
        else:
            out.append(marker(shape, sx, sy, MARKER_SIZE, {"fill": colour, "fill-opacity": "0.8"}))
    return element("g", {"class": "points"}, "".join(out))


def _cells(x: np.ndarray, y: np.ndarray, frame: _Frame, cells: int, colour: str, n_total: int) -> str:
    if len(x) == 0:
        return ""
    edges_x = np.linspace(frame.x0, frame.x0 + frame.span, cells + 1)
    edges_y = np.linspace(frame.y0, frame.y0 + frame.span, cells + 1)
    counts, _, _ = np.histogram2d(x, y, bins=(edges_x, edges_y))
    side = PLOT / cells
    top = float(counts.max())
    out = []
    for i, j in zip(*np.nonzero(counts), strict=True):
        # Square-root scale: a cell with 4x the participants looks 2x as dark, which reads as denser
        # without letting one crowded cell wash out the rest.
        opacity = 0.15 + 0.8 * math.sqrt(counts[i, j] / top)
        sx, sy = frame.to_svg(float(edges_x[i]), float(edges_y[j + 1]))
        out.append(
            element(
                "rect",
                {
                    "x": fmt(sx),
                    "y": fmt(sy),
                    "width": fmt(side),
                    "height": fmt(side),
                    "fill": colour,
                    "fill-opacity": fmt(opacity, digits=2),
                },
            )
        )
    return element("g", {"class": "cells"}, "".join(out))


def _short(label: str) -> str:
    return label if len(label) <= MAX_MAP_LABEL_CHARS else label[: MAX_MAP_LABEL_CHARS - 1] + "…"


def _label(label: str, sx: float, sy: float) -> str:
    shown = _short(label)
    half = (11 * 0.64 * len(shown) + 6) / 2
    sx = min(max(sx, LEFT + half + 2), LEFT + PLOT - half - 2)  # keep the label inside the frame
    return element(
        "g",
        {"class": "group-label"},
        boxed_text(shown, sx, sy, font_size=11, box_height=17, bold=True, outline=True),
    )


def _you(label: str, sx: float, sy: float) -> str:
    """A ring round one participant's own mark, with its label above it (below near the top edge)."""
    ring_style = {"r": "7", "fill": "none", "stroke": "#111111", "stroke-width": "2"}
    ring = element("circle", {"cx": fmt(sx), "cy": fmt(sy), **ring_style})
    shown = _short(label)
    half = (12 * 0.64 * len(shown) + 6) / 2
    lx = min(max(sx, LEFT + half + 2), LEFT + PLOT - half - 2)
    ly = sy - 18 if sy - 18 > TOP + 10 else sy + 20
    tag = boxed_text(shown, lx, ly, font_size=12, box_height=18, bold=True, outline=True)
    return element("g", {"class": "you"}, ring + tag)


def _legend(
    groups: Sequence[MapSeries], unplaced: MapSeries | None, arrays: list[Points], words: ChartWords
) -> str:
    out = []
    y = TOP + PLOT + 30
    for i, s in enumerate(groups):
        out.append(marker(GROUP_MARKERS[i], LEFT + 6, y - 4, 4.5, {"fill": GROUP_COLOURS[i]}))
        out.append(
            element(
                "text",
                {"x": fmt(LEFT + 18), "y": fmt(y), "font-size": "11", "fill": "#222222"},
                text(_legend_entry(s, len(arrays[i][0]), words)),
            )
        )
        y += LEGEND_ROW
    if unplaced is not None:
        out.append(marker("circle", LEFT + 6, y - 4, 3, {"fill": "none", "stroke": UNPLACED_COLOUR}))
        out.append(
            element(
                "text",
                {"x": fmt(LEFT + 18), "y": fmt(y), "font-size": "11", "fill": "#222222"},
                text(_legend_entry(unplaced, len(arrays[-1][0]), words)),
            )
        )
    return element("g", {"class": "legend"}, "".join(out))


def _legend_entry(s: MapSeries, n: int, words: ChartWords) -> str:
    return words.map_legend % {"who": s.label, "participants": words.participants(n)}


def _centre_text(centre: tuple[float, float] | None, words: ChartWords) -> tuple[str, str]:
    if centre is None:
        return ("–", "–")
    return (words.decimal(centre[0]), words.decimal(centre[1]))


def _describe(
    series: list[MapSeries],
    arrays: list[Points],
    centres: list[tuple[float, float] | None],
    n_groups: int,
    binned: bool,
    cells: int,
    words: ChartWords,
) -> str:
    n_total = sum(len(x) for x, _ in arrays)
    how = words.map_binned % {"cells": cells} if binned else words.map_points
    parts = [words.map_summary(n_total, n_groups), how]
    for s, (x, _), centre in zip(series, arrays, centres, strict=True):
        values = {"who": s.label, "participants": words.participants(len(x))}
        if centre is None:
            parts.append(words.map_series % values)
        else:
            cx, cy = _centre_text(centre, words)
            parts.append(words.map_series_centre % {**values, "x": cx, "y": cy})
    return " ".join(parts)


def _table(
    series: list[MapSeries],
    arrays: list[Points],
    centres: list[tuple[float, float] | None],
    title: str,
    words: ChartWords,
) -> DataTable:
    columns = (words.column_group, words.column_participants, words.column_centre_x, words.column_centre_y)
    rows = tuple(
        (s.label, words.integer(len(x)), *_centre_text(c, words))
        for s, (x, _), c in zip(series, arrays, centres, strict=True)
    )
    return DataTable(caption=title, columns=columns, rows=rows, numeric=numeric_flags(columns))
