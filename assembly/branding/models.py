"""The site's identity (one row) and a consultation's own privacy details (optional, one per
consultation).

The privacy notice has the parts the GDPR's article 13 asks for: who is responsible (controller), how to
reach them (contact), why data is collected (purpose), on what ground (legal basis), how long it is kept
(retention), and the participant's rights. The site sets them once; a consultation run for another
institution or purpose may override each part (a blank part keeps the site's).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from assembly.branding.contrast import AA_TEXT, HEX_COLOUR, contrast_ratio, darken_until

__all__ = ["DEFAULT_SITE_NAME", "NOTICE_FIELDS", "ConsultationNotice", "SiteSettings", "check_colours"]

DEFAULT_SITE_NAME = "Assembly"
# The colours of the stylesheet the site's colours replace (assembly.css): text, page, header band.
INK = "#1d1d1f"
PAPER = "#ffffff"
TINT = "#f4f2ee"
NOTICE_FIELDS = ("controller", "contact", "purpose", "legal_basis", "retention")


def check_colours(accent: str, band: str) -> None:
    """Refuse colours that would make text unreadable (WCAG AA, 4.5:1), proposing a shade that passes.

    ``accent`` is the colour of links (on the page and on the header band) and of buttons (white text on
    it); ``band`` the background of the header and footer (dark text and links on it).
    """
    errors: dict[str, ValidationError] = {}
    for name, colour in (("accent_colour", accent), ("band_colour", band)):
        if not HEX_COLOUR.match(colour):
            errors[name] = ValidationError(
                _("%(colour)s is not a colour of the form #rrggbb (for example #0b5cad).")
                % {"colour": colour},
                code="format",
            )
    if errors:
        raise ValidationError(errors)
    against = (PAPER, band)
    worst = min(contrast_ratio(accent, other) for other in against)
    if worst < AA_TEXT:
        errors["accent_colour"] = ValidationError(
            _(
                "Links and buttons in %(colour)s reach a contrast of only %(ratio).1f:1 against the page or "
                "the header band; at least 4.5:1 is needed to be readable. Try %(suggestion)s."
            )
            % {"colour": accent, "ratio": worst, "suggestion": darken_until(accent, against=against)},
            code="contrast",
        )
    elif contrast_ratio(INK, band) < AA_TEXT:
        errors["band_colour"] = ValidationError(
            _(
                "Text on a header band in %(colour)s reaches a contrast of only %(ratio).1f:1; at least "
                "4.5:1 is needed to be readable. Choose a lighter colour."
            )
            % {"colour": band, "ratio": contrast_ratio(INK, band)},
            code="contrast",
        )
    if errors:
        raise ValidationError(errors)


class NoticeParts(models.Model):
    """The privacy notice's parts (blank allowed: a consultation's blank part keeps the site's)."""

    controller = models.TextField(
        _("who is responsible (controller)"),
        blank=True,
        help_text=_("The institution responsible for the data: its name and address."),
    )
    contact = models.TextField(
        _("privacy contact"),
        blank=True,
        help_text=_("How participants reach you (or your data protection officer)."),
    )
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("Why the votes and statements are collected and used.")
    )
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("For example: consent, or a task in the public interest.")
    )
    retention = models.TextField(
        _("retention"), blank=True, help_text=_("How long the data is kept, and what happens to it then.")
    )

    class Meta:
        abstract = True


class SiteSettings(NoticeParts):
    """The site's identity: one row (:meth:`load` creates it with the defaults)."""

    site_name = models.CharField(
        _("site name"),
        max_length=100,
        default=DEFAULT_SITE_NAME,
        help_text=_("Your institution or programme: shown in every page's header and title."),
    )
    welcome = models.TextField(
        _("welcome text"), blank=True, help_text=_("Shown on the home page, above the consultations.")
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_text = models.CharField(
        _("logo's text alternative"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for people who cannot see it. Empty: the site name."),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#0b5cad", help_text=_("Links and buttons, as #rrggbb.")
    )
    band_colour = models.CharField(
        _("header colour"),
        max_length=7,
        default=TINT,
        help_text=_("Header and footer background, as #rrggbb."),
    )
    rights = models.TextField(
        _("more about participants' rights"),
        blank=True,
        help_text=_("Added to the rights the notice always lists: your authority."),
    )
    imprint = models.TextField(
        _("imprint"),
        blank=True,
        help_text=_("Who publishes this site: name, address. Empty: no imprint page."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")

    def __str__(self) -> str:
        return self.site_name

    @classmethod
    def load(cls) -> SiteSettings:
        """The site's row; an unsaved one with the defaults when staff never saved it (no write on read)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def clean(self) -> None:
        check_colours(self.accent_colour, self.band_colour)

    @property
    def version(self) -> str:
        """Changes when the settings do: appended to the logo's and colours' addresses, so a browser
        that cached the old ones fetches the new."""
        return str(int(self.updated_at.timestamp())) if self.updated_at else "0"

    @property
    def has_own_colours(self) -> bool:
        return (self.accent_colour, self.band_colour) != ("#0b5cad", TINT)


class ConsultationNotice(NoticeParts):
    """A consultation's own privacy details: each non-blank part replaces the site's."""

    consultation = models.OneToOneField(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="notice"
    )

    class Meta:
        verbose_name = _("consultation's privacy details")
        verbose_name_plural = _("consultations' privacy details")

    def __str__(self) -> str:
        return str(self.consultation_id)
