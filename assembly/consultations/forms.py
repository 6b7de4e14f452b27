"""Forms: the participant's submission box and the facilitator's consultation, seed, invite and
moderator forms.

Validation rules live in :mod:`assembly.consultations.services` (one rule, one place); these forms
call them, so the HTML pages and the JSON API refuse the same input with the same message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assembly.consultations import services
from assembly.consultations.errors import InvalidStatementError
from assembly.consultations.models import SEED_MAX_LENGTH, SUBMISSION_MAX_LENGTH, Consultation, Theme


def _submission_help() -> str:
    # Formatted when the form is shown, in that request's language: a lazy text formatted with % when
    # the module loads is translated once, into the language active then (none: English).
    return gettext("One stand-alone idea, at most %(limit)d characters.") % {"limit": SUBMISSION_MAX_LENGTH}


class SubmissionForm(forms.Form):
    """A participant's new statement."""

    text = forms.CharField(
        label=_("Your statement"),
        max_length=SUBMISSION_MAX_LENGTH,
        # No maxlength: browsers cut pasted text at it silently, mid-word. The page counts
        # instead, and the server refuses an over-long text with the form (and the text) kept.
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=lazy(_submission_help, str)(),
        error_messages={
            "max_length": _(
                "A statement has at most %(limit_value)d characters; this one has %(show_value)d."
            )
        },
    )

    language = forms.ChoiceField(
        label=_("Language of your statement"),
        required=False,
        choices=(),
        help_text=_("Detected from what you write; correct it if it is wrong."),
    )

    def __init__(
        self, *args: Any, languages: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = languages or []
        if not languages:
            del self.fields["language"]

    def clean_text(self) -> str:
        try:
            return services.validate_statement_text(self.cleaned_data["text"])
        except InvalidStatementError as exc:
            raise ValidationError(exc.message) from None


class LinesField(forms.CharField):
    """A textarea edited one item per line; its Python value is the list of non-blank lines."""

    widget = forms.Textarea

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class AlignedLinesField(LinesField):
    """Lines that pair with another list by position (a wording per criterion): blank lines inside are
    kept as empty entries, so the pairing holds; blank lines at the end are dropped."""

    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        text = forms.CharField.to_python(self, value) or ""
        lines = [line.strip() for line in text.splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return lines


class ConsultationForm(forms.ModelForm):
    """Create or edit a consultation; ``themes`` is edited as one theme per line."""

    moderation_criteria = LinesField(
        label=_("Moderation criteria"),
        help_text=_(
            "One per line. Published to participants; moderators give one as the reason of a decision."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    rejection_wordings = AlignedLinesField(
        label=_("What authors read when a statement is rejected"),
        required=False,
        help_text=_(
            "One line per criterion, in the same order: what the statement was missing, e.g. “Not a clear"
            " standpoint: …”. An empty line gives “Does not meet the criterion” and the criterion."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Other languages"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Languages its texts and statements are translated into, in the translation review queue;"
            " participants see a translation once a person approves it."
        ),
    )
    themes = LinesField(
        label=_("Themes"),
        required=False,
        help_text=_("One per line, in the order to show them."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Consultation
        fields = [
            "title",
            "slug",
            "question",
            "description",
            "guidelines",
            "source_language",
            "languages",
            "moderation_mode",
            "moderation_criteria",
            "rejection_wordings",
            "opens_at",
            "closes_at",
            "accepts_submissions",
            "invite_only",
            "accepts_xid",
            "results_public",
            "min_participants",
            "erasure_policy",
            "embed_origins",
            "embed_any_site",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "guidelines": forms.Textarea(attrs={"rows": 14}),
            "moderation_mode": forms.RadioSelect,
            "erasure_policy": forms.RadioSelect,
            "embed_origins": forms.Textarea(attrs={"rows": 2}),
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = [(code, str(name)) for code, name in settings.LANGUAGES]
        self.fields["source_language"] = forms.ChoiceField(
            label=_("Language of its texts"),
            choices=languages,
            required=False,
            initial=self.instance.source_language,
            help_text=self.fields["source_language"].help_text,
        )
        offered = self.fields["languages"]
        assert isinstance(offered, forms.MultipleChoiceField)
        offered.choices = languages
        if self.instance.pk:
            self.fields["themes"].initial = list(self.instance.themes.values_list("name", flat=True))
            self.fields["slug"].disabled = True  # links already handed out must keep working
            self.fields["slug"].help_text = _("Cannot change once created: links already shared use it.")
        if self.instance.pk is None and not self.is_bound:
            self.fields["moderation_criteria"].initial = self.instance.moderation_criteria
        if not self.is_bound:
            self.initial["rejection_wordings"] = self.instance.aligned_rejection_wordings()
        # Left out of a post (older clients): the consultation keeps its policy (new ones: delete).
        self.fields["erasure_policy"].required = False
        self.fields["min_participants"].required = False
        # The dates typed are read in the site's time zone: say which, so a facilitator elsewhere
        # does not open the consultation an hour early.
        zone = gettext("Time zone: %(zone)s.") % {"zone": timezone.get_current_timezone_name()}
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = f"{self.fields[name].help_text} {zone}"

    def clean(self) -> dict[str, object]:
        """Pair the wording lines with the criteria posted, into what is stored: criterion -> wording.

        Left out of a post (older clients, an API update of other fields): the consultation keeps its
        wordings, still found by criterion. Wordings of criteria no longer listed are kept, so that
        decisions taken under them stay readable."""
        cleaned = super().clean() or {}
        stored = dict(self.instance.rejection_wordings or {})
        criteria = cleaned.get("moderation_criteria")
        if "rejection_wordings" not in self.data or criteria is None:
            cleaned["rejection_wordings"] = stored
            return cleaned
        lines = cleaned.get("rejection_wordings") or []
        if len(lines) > len(criteria):
            self.add_error(
                "rejection_wordings",
                gettext(
                    "There are %(wordings)d rejection wordings for %(criteria)d criteria: give one per"
                    " criterion, in the same order."
                )
                % {"wordings": len(lines), "criteria": len(criteria)},
            )
            return cleaned
        kept = {c: w for c, w in stored.items() if c not in criteria}
        # Fewer lines than criteria: the last criteria have none (the generic wording).
        cleaned["rejection_wordings"] = kept | {c: w for c, w in zip(criteria, lines, strict=False) if w}
        return cleaned

    def clean_source_language(self) -> str:
        """Left out of a post (older clients): the consultation keeps its language."""
        return self.cleaned_data.get("source_language") or self.instance.source_language

    def clean_languages(self) -> list[str]:
        """The other languages, without the source language, in the site's order. Left out of a post
        (older clients, no box ticked): none; a form that shows the boxes posts what is ticked."""
        chosen = set(self.cleaned_data.get("languages") or [])
        source = self.data.get("source_language") or self.instance.source_language
        return [code for code, _name in settings.LANGUAGES if code in chosen and code != source]

    def clean_erasure_policy(self) -> str:
        return self.cleaned_data.get("erasure_policy") or self.instance.erasure_policy

    def clean_min_participants(self) -> int:
        """Left out of a post (older clients): the consultation keeps its threshold."""
        value = self.cleaned_data.get("min_participants")
        return self.instance.min_participants if value is None else value


def _seed_help() -> str:
    return gettext(
        "Each line becomes an accepted statement of at most %(limit)d characters, as for participants."
        " Blank lines are skipped."
    ) % {"limit": SEED_MAX_LENGTH}


class SeedStatementsForm(forms.Form):
    """Many seed statements at once, one per line."""

    statements = forms.CharField(
        label=_("Statements, one per line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=lazy(_seed_help, str)(),
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = consultation.themes.all()


class InviteForm(forms.Form):
    count = forms.IntegerField(label=_("Number of invites"), min_value=1, max_value=10_000, initial=10)
    label = forms.CharField(label=_("Label (for you only)"), max_length=200, required=False)


class ModeratorForm(forms.Form):
    username = forms.CharField(
        label=_("User name of a staff account"),
        max_length=150,
        help_text=_("They moderate this consultation only, with the same tools as you."),
    )
