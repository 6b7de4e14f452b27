"""Colours, marker shapes and fill patterns shared by the charts.

Colours come from the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), chosen to stay
distinguishable under the common forms of colour blindness. Colour is never the only cue: groups also
differ by marker shape and carry text labels; vote segments also differ by pattern and are labelled
in the legend and the data table.
"""

from __future__ import annotations

from assembly.analysis.vocabulary import group_letter
from assembly.charts.svg import element, fmt

__all__ = [
    "AGREE_COLOUR",
    "DISAGREE_COLOUR",
    "GROUP_COLOURS",
    "GROUP_MARKERS",
    "PASS_COLOUR",
    "UNPLACED_COLOUR",
    "group_letter",
    "marker",
    "vote_patterns",
]

# Okabe-Ito colours, one per opinion group (at most 5 groups: the analysis caps k at 5, as pol.is does).
GROUP_COLOURS = ("#0072B2", "#E69F00", "#CC79A7", "#009E73", "#56B4E9")
# Marker shapes in the same order, so groups differ by shape as well as colour.
GROUP_MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down")
# Participants not placed in any group (too few votes): neutral grey, hollow.
UNPLACED_COLOUR = "#8C8C8C"

# Vote colours: Okabe-Ito bluish green (agree) and vermillion (disagree); pass is a light neutral grey.
AGREE_COLOUR = "#009E73"
DISAGREE_COLOUR = "#D55E00"
PASS_COLOUR = "#C8C8C8"  # noqa: S105 (a colour, not a password)


def marker(shape: str, x: float, y: float, size: float, attrs: dict[str, object]) -> str:
    """An SVG element drawing ``shape`` centred on (x, y); ``size`` is the half-width."""
    if shape == "circle":
        return element("circle", {"cx": fmt(x), "cy": fmt(y), "r": fmt(size), **attrs})
    if shape == "square":
        side = size * 1.7
        return element(
            "rect",
            {
                "x": fmt(x - side / 2),
                "y": fmt(y - side / 2),
                "width": fmt(side),
                "height": fmt(side),
                **attrs,
            },
        )
    s = size * 1.25
    points = {
        "triangle": ((x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)),
        "triangle-down": ((x, y + s), (x + s, y - s * 0.8), (x - s, y - s * 0.8)),
        "diamond": ((x, y - s), (x + s, y), (x, y + s), (x - s, y)),
    }.get(shape)
    if points is None:
        raise ValueError(f"unknown marker shape {shape!r}; use one of {GROUP_MARKERS}")
    return element("polygon", {"points": " ".join(f"{fmt(px)},{fmt(py)}" for px, py in points), **attrs})


def vote_patterns(chart_id: str) -> tuple[str, dict[str, str]]:
    """The ``<defs>`` content and the fill for agree / disagree / pass segments.

    Agree is solid, disagree is hatched, pass is dotted: the three stay apart in greyscale print.
    """
    hatch = f"{chart_id}-hatch"
    dots = f"{chart_id}-dots"
    defs = element(
        "pattern",
        {
            "id": hatch,
            "patternUnits": "userSpaceOnUse",
            "width": "6",
            "height": "6",
            "patternTransform": "rotate(45)",
        },
        element("rect", {"width": "6", "height": "6", "fill": DISAGREE_COLOUR})
        + element(
            "line",
            {
                "x1": "0",
                "y1": "0",
                "x2": "0",
                "y2": "6",
                "stroke": "#FFFFFF",
                "stroke-width": "1.5",
                "stroke-opacity": "0.55",
            },
        ),
    ) + element(
        "pattern",
        {"id": dots, "patternUnits": "userSpaceOnUse", "width": "5", "height": "5"},
        element("rect", {"width": "5", "height": "5", "fill": PASS_COLOUR})
        + element("circle", {"cx": "2.5", "cy": "2.5", "r": "0.8", "fill": "#6E6E6E"}),
    )
    fills = {"agree": AGREE_COLOUR, "disagree": f"url(#{hatch})", "pass": f"url(#{dots})"}
    return defs, fills
