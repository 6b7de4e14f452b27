"""Writing SVG markup by hand: escaping, number formatting and the accessible ``<svg>`` wrapper.

Every chart in :mod:`assembly.charts` is built from these few helpers, so the output is plain text that
is the same byte for byte for the same numbers (fixed decimals, attributes in a fixed order).
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

__all__ = ["boxed_text", "element", "fmt", "svg_document", "text"]


def fmt(value: float, *, digits: int = 1) -> str:
    """Format a coordinate with a fixed number of decimals and no trailing zeros ("12", "12.5")."""
    out = f"{float(value):.{digits}f}"
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def _attributes(attrs: Mapping[str, object]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        shown = fmt(value) if isinstance(value, float) else str(value)
        parts.append(f" {name}={quoteattr(shown)}")
    return "".join(parts)


def element(tag: str, attrs: Mapping[str, object] | None = None, content: str | None = None) -> str:
    """One SVG element; ``content`` is already-built markup (use :func:`text` for plain text)."""
    opening = f"<{tag}{_attributes(attrs or {})}"
    if content is None:
        return opening + "/>"
    return f"{opening}>{content}</{tag}>"


def text(value: str) -> str:
    """Escape plain text for use as element content."""
    return escape(value)


def svg_document(
    *, chart_id: str, width: float, height: float, title: str, description: str, body: str, defs: str = ""
) -> str:
    """The outer ``<svg>``: ``role="img"``, labelled by its own ``<title>`` and ``<desc>``.

    ``chart_id`` prefixes every id inside, so several charts can share one HTML page.
    """
    head = element("title", {"id": f"{chart_id}-title"}, text(title)) + element(
        "desc", {"id": f"{chart_id}-desc"}, text(description)
    )
    if defs:
        head += element("defs", None, defs)
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "id": chart_id,
        "class": "chart",
        "role": "img",
        "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "viewBox": f"0 0 {fmt(width)} {fmt(height)}",
        "width": fmt(width),
        "height": fmt(height),
        "font-family": "DejaVu Sans, Verdana, sans-serif",
    }
    return element("svg", attrs, head + body)


def boxed_text(
    label: str,
    cx: float,
    cy: float,
    *,
    font_size: float,
    box_height: float,
    bold: bool = False,
    outline: bool = False,
) -> str:
    """``label`` centred on (cx, cy) over a white rounded box, readable on any fill or pattern."""
    width = font_size * (0.64 if bold else 0.62) * len(label) + 6
    box = {
        "x": fmt(cx - width / 2),
        "y": fmt(cy - box_height / 2),
        "width": fmt(width),
        "height": fmt(box_height),
        "rx": "2.5",
        "fill": "#FFFFFF",
        "fill-opacity": "0.88",
    }
    if outline:
        box.update({"stroke": "#333333", "stroke-width": "0.6"})
    label_attrs = {
        "x": fmt(cx),
        "y": fmt(cy + font_size * 0.36),
        "font-size": fmt(font_size),
        "font-weight": "bold" if bold else None,
        "text-anchor": "middle",
        "fill": "#000000",
    }
    return element("rect", box) + element("text", label_attrs, text(label))
