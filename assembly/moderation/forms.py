"""The moderator's forms: a decision on one or many statements, a text correction, excluding a participant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assembly.consultations.models import Consultation
from assembly.moderation.services import EXCLUSION_REASONS

DECISIONS = (
    ("accept", _("Accept")),
    ("reject", _("Reject")),
    ("requeue", _("Back to the queue")),
    ("meta", _("Mark as meta")),
    ("unmeta", _("Unmark meta")),
)


class DecisionForm(forms.Form):
    """One decision on the statements ticked (bulk) or on the one the button belongs to.

    The statement numbers themselves are checked by the service (unknown ones refuse the whole decision).
    """

    action = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.ChoiceField(label=_("Reason"), required=False, choices=())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_("Optional. Published in the log export: do not write personal data here."),
    )

    author_note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=1000,
        help_text=_(
            "Optional, with an accept or a reject. Shown only to the statement's author, on their own page;"
            " never published."
        ),
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = [("", _("(no reason)"))] + [
            (c, c) for c in consultation.moderation_criteria
        ]


class ExclusionForm(forms.Form):
    """Exclude a participant (the page then asks on a confirmation page; the API does not)."""

    reason = forms.ChoiceField(label=_("Reason"), choices=list(EXCLUSION_REASONS.items()))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_("Optional. Published in the log export: do not write personal data here."),
    )


class CorrectionForm(forms.Form):
    """A corrected statement text (the rules are the service's: :func:`services.correct_statement`)."""

    text = forms.CharField(label=_("Corrected text"), max_length=1000, strip=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_("Optional. Published in the log export: do not write personal data here."),
    )
