"""The results tables: the latest analysis of each consultation, and staff names for its opinion groups.

An :class:`AnalysisSnapshot` row exists per consultation once a runner has looked at it. It holds the
analysis document of the latest *successful* run (kept when a later run fails, so the results page
always has something to show), the participant positions for the map, the routing priorities, what
the run saw (its change marker and last vote event), its times, and the error of the latest failed
run. The same row is the runner's lease: a runner owns a consultation while ``lease_owner`` is its
name and ``lease_expires_at`` is in the future, so two runners never analyse one consultation at once.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assembly.consultations.models import Consultation

# Staff group names are short labels drawn on the opinion map ("boundary-setters").
GROUP_NAME_MAX_LENGTH = 60


class AnalysisSnapshot(models.Model):
    """The latest analysis of one consultation, and who is computing the next one."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="analysis_snapshot"
    )
    document = models.JSONField(
        _("analysis"),
        null=True,
        blank=True,
        help_text="The analysis JSON document (docs/reference/analysis-json.md); empty until a run succeeds.",
    )
    positions = models.JSONField(
        _("participant positions"),
        default=dict,
        blank=True,
        help_text='Opinion-map coordinates: {"ids": [...], "x": [...], "y": [...]} (participant numbers).',
    )
    priorities = models.JSONField(
        _("routing priorities"),
        default=dict,
        blank=True,
        help_text="Statement number (as text) -> pol.is routing priority, from the same run as the document.",
    )
    marker = models.CharField(
        _("data version analysed"),
        max_length=200,
        blank=True,
        help_text="The change marker (snapshots.change_marker) the successful run read.",
    )
    last_vote_event_id = models.BigIntegerField(
        _("last vote included"), default=0, help_text="Id of the latest vote event the document includes."
    )
    votes = models.PositiveIntegerField(_("votes analysed"), default=0)
    placed = models.PositiveIntegerField(
        _("participants in groups"),
        null=True,
        blank=True,
        help_text="Participants placed in groups by the document (kept apart: the status needs no document).",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    error = models.TextField(_("error of the latest run"), blank=True)
    error_marker = models.CharField(max_length=200, blank=True)
    error_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    lease_owner = models.CharField(max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("analysis snapshot")
        verbose_name_plural = _("analysis snapshots")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.finished_at or '-'}"

    @property
    def has_results(self) -> bool:
        """True once a run succeeded (read without loading the document, which can be megabytes)."""
        return self.finished_at is not None

    def age_seconds(self, now: datetime | None = None) -> float | None:
        """Seconds since the latest successful run finished; None before the first one."""
        if self.finished_at is None:
            return None
        return max(((now or timezone.now()) - self.finished_at).total_seconds(), 0.0)

    def position_map(self) -> dict[int, tuple[float, float]]:
        """Participant number -> (x, y) on the opinion map, from :attr:`positions`."""
        stored = self.positions or {}
        return {
            int(p): (float(x), float(y))
            for p, x, y in zip(stored.get("ids", []), stored.get("x", []), stored.get("y", []), strict=True)
        }

    @property
    def failed_last(self) -> bool:
        """True when the latest run failed (after the latest success, if any)."""
        return self.error_at is not None and (self.finished_at is None or self.error_at >= self.finished_at)


class GroupName(models.Model):
    """A facilitator's name for an opinion group, e.g. "boundary-setters".

    Keyed by the analysis's group id (0, 1, ...). The stable method numbers groups the same way from run
    to run while the groups themselves stay alike; when they change, staff rename them.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="group_names")
    group = models.PositiveSmallIntegerField(_("group"))
    name = models.CharField(_("name"), max_length=GROUP_NAME_MAX_LENGTH)

    class Meta:
        verbose_name = _("group name")
        verbose_name_plural = _("group names")
        ordering = ["consultation", "group"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "group"], name="group_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
