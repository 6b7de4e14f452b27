"""The staff form that names the opinion groups of a consultation's latest analysis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from assembly.analysis.document import AnalysisDocument
from assembly.analysis.vocabulary import group_letter
from assembly.consultations.models import Consultation
from assembly.results.models import GROUP_NAME_MAX_LENGTH, AnalysisSnapshot, GroupName

__all__ = ["GroupNamesForm"]


class GroupNamesForm(forms.Form):
    """One optional text field per group of the latest analysis (``group_0``, ``group_1``, ...).

    An empty field gives the group its letter back. The same rules serve the JSON API.
    """

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        document = (
            AnalysisSnapshot.objects.filter(consultation=consultation)
            .values_list("document", flat=True)
            .first()
        )
        self.group_ids = sorted(g.id for g in AnalysisDocument.from_json(document).groups) if document else []
        current = dict(GroupName.objects.filter(consultation=consultation).values_list("group", "name"))
        for i, gid in enumerate(self.group_ids):
            self.fields[f"group_{gid}"] = forms.CharField(
                label=_("Name of group %(letter)s") % {"letter": group_letter(i)},
                max_length=GROUP_NAME_MAX_LENGTH,
                required=False,
                initial=current.get(gid, ""),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, str] = {}
        for name, value in list(cleaned.items()):
            value = " ".join(str(value or "").split())
            cleaned[name] = value
            if not value:
                continue
            if value.casefold() in seen:
                self.add_error(name, _("Two groups cannot have the same name."))
            seen[value.casefold()] = name
        return cleaned

    def save(self) -> None:
        """Store the names (one transaction); an empty name deletes the group's name."""
        with transaction.atomic():
            for group, name in self.names().items():
                if name:
                    GroupName.objects.update_or_create(
                        consultation=self.consultation, group=group, defaults={"name": name}
                    )
                else:
                    GroupName.objects.filter(consultation=self.consultation, group=group).delete()

    def names(self) -> dict[int, str]:
        """Group id -> its name ("" for none); call after is_valid()."""
        return {gid: self.cleaned_data.get(f"group_{gid}", "") for gid in self.group_ids}
