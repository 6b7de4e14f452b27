"""WCAG 2.1 contrast ratios (success criterion 1.4.3, level AA: 4.5:1 for text), for the colours staff
choose: the site must stay readable whatever the institution's palette."""

from __future__ import annotations

import re

__all__ = ["AA_TEXT", "HEX_COLOUR", "contrast_ratio", "darken_until", "relative_luminance"]

AA_TEXT = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _rgb(colour: str) -> tuple[int, int, int]:
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a colour of the form #rrggbb: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rrggbb`` (0 black to 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darken_until(colour: str, *, against: tuple[str, ...], ratio: float = AA_TEXT) -> str:
    """The lightest shade of ``colour`` (same hue, channels scaled down together) that reaches ``ratio``
    against every colour of ``against``: what the refusal proposes instead. Black when none does."""
    r, g, b = _rgb(colour)
    for step in range(100, -1, -1):
        shade = "#{:02x}{:02x}{:02x}".format(*(round(v * step / 100) for v in (r, g, b)))
        if all(contrast_ratio(shade, other) >= ratio for other in against):
            return shade
    return "#000000"
