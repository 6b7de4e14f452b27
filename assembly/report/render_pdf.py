"""The PDF report: the HTML report laid out on A4 by WeasyPrint (optional dependency, extra ``pdf``)."""

from __future__ import annotations

from assembly.errors import AssemblyError
from assembly.report.model import Report
from assembly.report.render_html import render_html

__all__ = ["pdf_from_html", "render_pdf"]


def render_pdf(report: Report, *, html: str | None = None, full: bool = False) -> bytes:
    """Render the report as PDF bytes (from ``html`` when already rendered; else the compact report
    unless ``full``).

    Raises
    ------
    AssemblyError
        WeasyPrint is not installed (install with ``pip install 'assembly[pdf]'``).
    """
    return pdf_from_html(html if html is not None else render_html(report, full=full))


def pdf_from_html(html: str) -> bytes:
    """Lay out a rendered HTML report on A4 as PDF bytes.

    Raises
    ------
    AssemblyError
        WeasyPrint is not installed (install with ``pip install 'assembly[pdf]'``).
    """
    try:
        import weasyprint
    except ImportError:  # pragma: no cover - depends on the installation
        raise AssemblyError(
            "PDF output needs WeasyPrint: install it with pip install 'assembly[pdf]'"
        ) from None
    document = weasyprint.HTML(string=html)
    return document.write_pdf() or b""
