"""Whether the assistant is on, and where it sends text: read from the settings, for the pages that say so
(the assistant page, the site settings page) without importing the rest of the assistant."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from assembly.language_model import Endpoint

__all__ = ["configured_endpoint", "where_text_goes"]


def configured_endpoint() -> Endpoint | None:
    """The endpoint the settings name, or None when the assistant is off (the default)."""
    url = getattr(settings, "ASSEMBLY_LLM_URL", "")
    if not url:
        return None
    return Endpoint(
        base_url=url,
        model=getattr(settings, "ASSEMBLY_LLM_MODEL", ""),
        api_key=getattr(settings, "ASSEMBLY_LLM_API_KEY", ""),
        timeout=float(getattr(settings, "ASSEMBLY_LLM_TIMEOUT_SECONDS", 60)),
    )


def where_text_goes() -> str:
    """One sentence for staff: where the assistant sends text, or that it sends none."""
    endpoint = configured_endpoint()
    if endpoint is None:
        return _("The assistant is off: no text is sent anywhere.")
    return _(
        "The assistant sends the published statements and their figures to %(url)s (model %(model)s)."
    ) % {
        "url": endpoint.url,
        "model": endpoint.model or _("the endpoint's default"),
    }
