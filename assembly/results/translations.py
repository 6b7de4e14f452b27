"""The staff's group names as texts of the translation queue (assembly.consultations.translations)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from assembly.consultations.models import Consultation
from assembly.consultations.translation_models import TranslationKind
from assembly.consultations.translations import Item
from assembly.results.models import GroupName

__all__ = ["group_name_items"]


def group_name_items(consultation: Consultation) -> Iterator[Item]:
    source = consultation.source_language
    for group in GroupName.objects.filter(consultation=consultation).order_by("group"):
        label = _("Name of group %(number)d") % {"number": group.group + 1}
        yield Item(TranslationKind.GROUP, group.group, "name", group.name, source, label)
