"""A version of a consultation's text in another language, with its provenance.

One :class:`Translation` row holds one text of the consultation (its title, question, description,
guidelines, a moderation criterion, a theme, a group's name, a statement) in one language. The text is
named by ``kind`` + ``object_id`` + ``field``, so any text, including ones added later, can be translated
without new columns. ``source_text`` is the original the translation was made from: when the original
changes (a moderator corrects a statement), the translation no longer applies until someone approves a
new one.

Translations are drafts until a person approves them; participants, results and reports read approved
ones only (:mod:`assembly.consultations.translations`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation text")
    CRITERION = "criterion", _("Moderation criterion")
    THEME = "theme", _("Theme")
    GROUP = "group", _("Group name")
    STATEMENT = "statement", _("Statement")


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft, awaiting review")
    APPROVED = "approved", _("Approved")


class TranslationOrigin(models.TextChoices):
    MACHINE = "machine", _("Machine translation")
    HUMAN = "human", _("Written by a person")


class Translation(models.Model):
    """One text of a consultation in one language: a draft, or approved by a person."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="translations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TranslationKind.choices)
    # The consultation's, theme's or statement's primary key, the group's id, the criterion's index.
    object_id = models.PositiveIntegerField(_("object"))
    field = models.CharField(_("field"), max_length=40)
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("translation"))
    source_language = models.CharField(_("translated from"), max_length=8)
    source_text = models.TextField(_("original"))
    status = models.CharField(
        _("status"), max_length=8, choices=TranslationStatus.choices, default=TranslationStatus.DRAFT
    )
    origin = models.CharField(_("origin"), max_length=8, choices=TranslationOrigin.choices)
    provider = models.CharField(_("provider"), max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["consultation", "kind", "object_id", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind", "object_id", "field", "language"],
                name="one_translation_per_text_and_language",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "approved"]), name="translation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.field} [{self.language}]"

    @property
    def is_approved(self) -> bool:
        return self.status == TranslationStatus.APPROVED
