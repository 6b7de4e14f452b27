"""The PDF report: the HTML report laid out on A4 by WeasyPrint (optional dependency, extra ``pdf``)."""

from __future__ import annotations

from assembly.errors import AssemblyError
from assembly.report.model import Report
from assembly.report.render_html import render_html

__all__ = ["render_pdf"]


def render_pdf(report: Report, *, html: str | None = None) -> bytes:
    """Render the report as PDF bytes (from ``html`` when already rendered).

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
    document = weasyprint.HTML(string=html if html is not None else render_html(report))
    return document.write_pdf() or b""
