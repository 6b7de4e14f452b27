"""The moderation log: every moderator action, with its before and after states.

Rows are only ever added (by :mod:`assembly.moderation.services`), never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assembly.consultations.models import Consultation, Participant, Statement


class Action(models.TextChoices):
    ACCEPT = "statement.accept", _("Accepted a statement")
    REJECT = "statement.reject", _("Rejected a statement")
    REQUEUE = "statement.requeue", _("Returned a statement to the queue")
    MARK_META = "statement.meta", _("Marked a statement as meta")
    UNMARK_META = "statement.unmeta", _("Unmarked a meta statement")
    EXCLUDE = "participant.exclude", _("Excluded a participant")
    INCLUDE = "participant.include", _("Included an excluded participant again")
    PUBLISH = "consultation.publish", _("Published the consultation")
    CORRECT = "statement.correct", _("Corrected the text of a statement")
    THEME = "statement.theme", _("Filed a statement under a theme")


class ModerationLogEntry(models.Model):
    """One moderation action. ``before`` and ``after`` hold the fields the action changed."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="moderation_log")
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_log",
        verbose_name=_("statement"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_log",
        verbose_name=_("participant"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Published in the log export: do not write personal data here.")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
