"""Template tags for sharing: a page's absolute address, and its QR code as inline SVG."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context: dict[str, Any], path: str) -> str:
    """``path`` as a full address on the host the request came to (what people type or scan)."""
    return str(context["request"].build_absolute_uri(path))


@register.simple_tag
def qr_svg(address: str, label: str) -> SafeString:
    """``address`` as a QR code, an inline SVG image named ``label`` (segno draws it; no script, no
    external reference). Error correction "M" survives a crease or a smudge on a printed poster."""
    import segno
    from django.utils.html import escape

    svg = segno.make(address, error="m").svg_inline(
        scale=1, border=4, dark="#000000", light="#ffffff", omitsize=True, svgclass="qr"
    )
    # The image's name for screen readers; the code's own text is built by segno from escaped data.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308
