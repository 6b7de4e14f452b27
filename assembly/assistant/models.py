"""A language-model call (its footprint) and a draft (its text, its check and who approved it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assembly.consultations.models import Consultation, Theme


class ModelCall(models.Model):
    """One request to the configured endpoint, answered or not: what it cost and how it ended."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="model_calls")
    kind = models.CharField(_("kind"), max_length=20)
    endpoint = models.CharField(_("endpoint"), max_length=500)
    model = models.CharField(_("model"), max_length=200)
    prompt_sha256 = models.CharField(_("prompt SHA-256"), max_length=64)
    prompt_tokens = models.PositiveIntegerField(_("prompt tokens"), default=0)
    completion_tokens = models.PositiveIntegerField(_("completion tokens"), default=0)
    seconds = models.FloatField(_("seconds"), default=0.0)
    error = models.TextField(_("error"), blank=True)
    made_at = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("language-model call")
        verbose_name_plural = _("language-model calls")
        ordering = ["made_at", "id"]


class Draft(models.Model):
    """A text the model wrote for one place (a theme's name or summary, the key takeaways)."""

    class Kind(models.TextChoices):
        THEME_NAME = "theme-name", _("Theme name")
        THEME_SUMMARY = "theme-summary", _("Theme summary")
        TAKEAWAYS = "takeaways", _("Key takeaways")

    class Status(models.TextChoices):
        REJECTED = "rejected", _("Rejected by the checker")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DISCARDED = "discarded", _("Discarded")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts")
    call = models.OneToOneField(ModelCall, on_delete=models.PROTECT, related_name="draft")
    text = models.TextField(_("text as the model wrote it"))
    approved_text = models.TextField(_("text as approved"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    problems = models.JSONField(_("problems found by the checker"), default=list, blank=True)
    cited = models.JSONField(_("statements cited"), default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-call__made_at", "-id"]

    @property
    def model(self) -> str:
        return self.call.model

    @property
    def prompt_sha256(self) -> str:
        return self.call.prompt_sha256
