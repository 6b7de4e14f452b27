"""The ``brand`` template variable: the site's identity, read once per page that uses it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from assembly.branding.models import SiteSettings


def brand(request: HttpRequest) -> dict[str, Any]:
    """``brand``: the :class:`SiteSettings` row, loaded only when a template reads it."""
    return {"brand": SimpleLazyObject(SiteSettings.load)}
