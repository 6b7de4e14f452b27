"""The report's cover: the institution that circulates it, and its logo.

The caller supplies both (the CLI's ``--institution`` and ``--logo``, the platform's branding): the
report library only checks the logo and embeds it, so the HTML stays one self-contained file and the
PDF needs nothing from the network. Only image types every browser and WeasyPrint draw are accepted,
recognised by their first bytes rather than a file name anyone can choose.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from assembly.errors import InputError

__all__ = ["MAX_LOGO_BYTES", "Logo", "read_logo"]

MAX_LOGO_BYTES = 2_000_000  # a logo, not a photograph: it is embedded in every copy of the report

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class Logo:
    """An image embedded in the report's cover."""

    data: bytes
    media_type: str

    def data_uri(self) -> str:
        """The image as a ``data:`` address (the report's pages allow no other image source)."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def _media_type(data: bytes) -> str | None:
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    head = data[:1000].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return None


def read_logo(source: str | Path | bytes) -> Logo:
    """A logo from a file or from its bytes: PNG, JPEG, GIF or SVG, at most 2 MB.

    Raises
    ------
    InputError
        The file is missing, empty, too large or not one of those images (nothing is embedded).
    """
    where = None if isinstance(source, bytes) else str(source)
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise InputError(f"cannot read the logo: {error.strerror or error}", file=where) from None
    if not data:
        raise InputError("the logo is empty", file=where)
    if len(data) > MAX_LOGO_BYTES:
        limit = f"at most {MAX_LOGO_BYTES:,} are embedded in a report"
        raise InputError(f"the logo is {len(data):,} bytes; {limit}", file=where)
    media_type = _media_type(data)
    if media_type is None:
        raise InputError("the logo is not a PNG, JPEG, GIF or SVG image", file=where)
    return Logo(data, media_type)
