"""The assembly report: the Alignment Assembly paper's results chapter, generated and reproducible.

Modules (dependencies flow downwards):

- ``source``: from a Dataset or a pol.is export folder to a Report (analysis, timing, checksums), and
  from a Report to files. :func:`report_from_dataset` is the seam the web platform calls.
- ``bundle``: the publication bundle (report, pol.is CSVs, data card, licence, DataCite, SHA256SUMS).
- ``render_html`` (Jinja2, self-contained), ``render_markdown`` (+ SVG files), ``render_json``,
  ``render_pdf`` (WeasyPrint, from the HTML); ``figures`` draws their charts with :mod:`assembly.charts`;
  ``wording`` holds the sentences the HTML and Markdown share.
- ``build``: :func:`build_report`, the model from a Dataset and the analysis document;
  ``statements`` (statement and group views), ``sections`` (categories, themes, moderation),
  ``method`` (the method section's words), ``compute`` (CPU time, memory, energy estimate),
  ``moderation`` (the anonymised moderation log).
- ``model``: the Report record itself; plain data, no layout.

Reproducible: the same inputs, method and seed give byte-identical HTML, Markdown and JSON. Nothing
prints "today": the report is dated by the last vote.
"""

from assembly.report.build import build_report
from assembly.report.compute import ComputeRecord
from assembly.report.model import Report
from assembly.report.moderation import ModerationRecord, read_moderation_log
from assembly.report.render_html import render_html
from assembly.report.render_json import render_json
from assembly.report.render_markdown import render_markdown
from assembly.report.render_pdf import render_pdf
from assembly.report.source import render_report, report_from_dataset, report_from_export, write_files

__all__ = [
    "ComputeRecord",
    "ModerationRecord",
    "Report",
    "build_report",
    "read_moderation_log",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_report",
    "report_from_dataset",
    "report_from_export",
    "write_files",
]
