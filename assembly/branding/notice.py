"""The privacy notice in force for a page: the site's parts, each replaced by the consultation's own
when it set one."""

from __future__ import annotations

from dataclasses import dataclass

from assembly.branding.models import NOTICE_FIELDS, ConsultationNotice, SiteSettings
from assembly.consultations.models import Consultation

__all__ = ["Notice", "notice_for"]


@dataclass(frozen=True)
class Notice:
    """The parts of a privacy notice (empty string: nobody set it), and where each came from."""

    controller: str
    contact: str
    purpose: str
    legal_basis: str
    retention: str
    rights: str
    overridden: frozenset[str]

    @property
    def missing(self) -> list[str]:
        """The required parts nobody set, by field name (shown to staff, so the gap is seen)."""
        return [name for name in NOTICE_FIELDS if not getattr(self, name).strip()]


def notice_for(site: SiteSettings, consultation: Consultation | None = None) -> Notice:
    """The notice of ``consultation`` (or of the site, without one)."""
    own = None
    if consultation is not None:
        own = ConsultationNotice.objects.filter(consultation=consultation).first()
    parts = {}
    overridden = set()
    for name in NOTICE_FIELDS:
        value = getattr(own, name, "").strip() if own is not None else ""
        if value:
            overridden.add(name)
        parts[name] = value or getattr(site, name).strip()
    return Notice(**parts, rights=site.rights.strip(), overridden=frozenset(overridden))
