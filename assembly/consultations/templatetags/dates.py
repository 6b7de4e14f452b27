"""``{{ moment|when }}``: every date and time on the staff and participant pages, in one form.

The language's own date format (Django's localized ``DATETIME_FORMAT``, so one format per language),
in the site's time zone, followed by that zone's abbreviation (CET, CEST): a facilitator in another
country, or a participant reading "opens on 9 March 2027 18:00", knows which 18:00. The ``<time>``
element carries the exact moment (ISO 8601 with its offset) for machines and assistive technology.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def when(value: datetime | None) -> SafeString | str:
    """The moment as ``<time datetime="2027-03-09T18:00:00+01:00">9 mars 2027 18:00 CET</time>``;
    empty for no moment."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    shown = f"{format_date(local, 'DATETIME_FORMAT')} {format_date(local, 'T')}".strip()
    return format_html('<time datetime="{}">{}</time>', local.isoformat(timespec="seconds"), shown)
