"""The forms staff fill in: the site's identity, and a consultation's own privacy details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assembly.branding.logo import check_logo_size, redraw_logo
from assembly.branding.models import NOTICE_FIELDS, ConsultationNotice, SiteSettings

_TEXT = {"rows": 3}
_COLOUR = {"pattern": "#[0-9a-fA-F]{6}", "size": 7, "spellcheck": "false", "autocomplete": "off"}


class SiteSettingsForm(forms.ModelForm):
    """Name, logo, colours, welcome text, privacy notice and imprint. A logo is redrawn as a PNG
    (:func:`~assembly.branding.logo.redraw_logo`); colours are refused below WCAG AA contrast."""

    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "A PNG, JPEG, GIF or WebP image of at most 2 MB (not SVG); it is stored redrawn as a PNG."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = SiteSettings
        fields = [
            "site_name",
            "welcome",
            "logo_text",
            "accent_colour",
            "band_colour",
            *NOTICE_FIELDS,
            "rights",
            "imprint",
        ]
        widgets = {
            "welcome": forms.Textarea(attrs={"rows": 4}),
            "accent_colour": forms.TextInput(attrs=_COLOUR),
            "band_colour": forms.TextInput(attrs=_COLOUR),
            **{name: forms.Textarea(attrs=_TEXT) for name in (*NOTICE_FIELDS, "rights")},
            "imprint": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["site_name", "welcome", "logo_file", "remove_logo", "logo_text"])
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_logo_file(self) -> bytes | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        check_logo_size(upload.size)  # before the upload is read into memory
        return redraw_logo(upload.read())

    def clean_accent_colour(self) -> str:
        return str(self.cleaned_data["accent_colour"]).strip().lower()

    def clean_band_colour(self) -> str:
        return str(self.cleaned_data["band_colour"]).strip().lower()

    def save(self, commit: bool = True) -> SiteSettings:
        settings = super().save(commit=False)
        if self.cleaned_data.get("remove_logo"):
            settings.logo = b""
        if self.cleaned_data.get("logo_file"):
            settings.logo = self.cleaned_data["logo_file"]
        if commit:
            settings.save()
        return settings


class ConsultationNoticeForm(forms.ModelForm):
    """A consultation's own controller, contact, purpose, legal basis and retention (blank: the site's)."""

    class Meta:
        model = ConsultationNotice
        fields = list(NOTICE_FIELDS)
        widgets = {name: forms.Textarea(attrs=_TEXT) for name in NOTICE_FIELDS}
