"""Charts for the report and the results pages: plain numbers in, SVG text out, each with its data table.

Modules (dependencies flow downwards; nothing here knows about datasets, analyses or Django):

- ``bars``: stacked agree / disagree / pass bars per group (:func:`vote_bars`).
- ``opinion_map``: participants on the PCA plane by group, binned above 2,000 (:func:`opinion_map`).
- ``table``: :class:`DataTable` (HTML and Markdown) and :class:`Chart` (SVG plus table).
- ``words``: :class:`ChartWords`, the words and number formats a chart prints (English by default; the
  web pages pass their reader's language).
- ``palette``: Okabe-Ito colours, marker shapes, fill patterns.
- ``numbers``: shares rounded the way the Alignment Assembly paper prints them.
- ``svg``: escaping, fixed-decimal numbers and the accessible ``<svg>`` wrapper.

Every SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` (``aria-labelledby``), and the same numbers
in its table. The output is deterministic: the same numbers give the same bytes.
"""

from assembly.charts.bars import BarRow, vote_bars
from assembly.charts.numbers import format_interval, rounded_percent
from assembly.charts.opinion_map import MapSeries, opinion_map
from assembly.charts.palette import group_letter
from assembly.charts.table import Chart, DataTable
from assembly.charts.words import ChartWords

__all__ = [
    "BarRow",
    "Chart",
    "ChartWords",
    "DataTable",
    "MapSeries",
    "format_interval",
    "group_letter",
    "opinion_map",
    "rounded_percent",
    "vote_bars",
]
