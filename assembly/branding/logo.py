"""The uploaded logo: checked and redrawn as a PNG before it is stored.

Why raster only, and redrawn: an SVG is a document (it may carry scripts, external references and
entity expansions), and sanitising one is a parser arms race; a PNG, JPEG, GIF or WebP is decoded by
Pillow and encoded again as a fresh PNG, so what is served holds pixels and nothing else (no metadata,
no polyglot payload after the image data), with a type the server names itself.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

__all__ = [
    "LOGO_FORMATS",
    "LOGO_MAX_BYTES",
    "LOGO_MAX_PIXELS",
    "LOGO_MAX_SIDE",
    "check_logo_size",
    "redraw_logo",
]

LOGO_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
LOGO_MAX_BYTES = 2 * 1024 * 1024  # an upload, before redrawing
LOGO_MAX_PIXELS = 25_000_000  # a decompression bomb is refused before its pixels are decoded
LOGO_MAX_SIDE = 512  # what is stored: enough for a header and a printed poster's corner


def check_logo_size(size: int) -> None:
    """Refuse a logo of more than :data:`LOGO_MAX_BYTES` (checked on an upload before it is read)."""
    if size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)d KB; at most %(limit)d KB are accepted.")
            % {"size": size // 1024, "limit": LOGO_MAX_BYTES // 1024},
            code="too_large",
        )


def redraw_logo(data: bytes) -> bytes:
    """The logo in ``data`` as a PNG of at most :data:`LOGO_MAX_SIDE` pixels a side.

    Raises ValidationError naming what is wrong: too large a file, not an image, a format other than
    :data:`LOGO_FORMATS` (SVG included), or too many pixels.
    """
    check_logo_size(len(data))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("The logo is not an image that can be read: upload a PNG, JPEG, GIF or WebP file."),
            code="not_an_image",
        ) from None
    if kind not in LOGO_FORMATS:
        raise ValidationError(
            _("The logo is a %(kind)s file: upload a PNG, JPEG, GIF or WebP file.") % {"kind": kind},
            code="format",
        )
    if width * height > LOGO_MAX_PIXELS:
        raise ValidationError(
            _("The logo is %(width)d × %(height)d pixels: too large an image.")
            % {"width": width, "height": height},
            code="pixels",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)  # the first frame of an animation
            picture = image.convert("RGBA")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("The logo could not be decoded: %(error)s") % {"error": exc}, code="decode"
        ) from None
    picture.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
