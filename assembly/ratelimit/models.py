"""One counter row per limited subject (a participant, an IP address) and kind of action."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """How many times ``subject`` did ``scope`` in the window that started at ``window_start``.

    Written only by :func:`assembly.ratelimit.limits.hit` with one ``INSERT ... ON CONFLICT DO UPDATE``
    (atomic on SQLite and PostgreSQL), so every server process and thread shares the same count.
    """

    scope = models.CharField(max_length=32)  # "vote", "statement", "new-participant"
    subject = models.CharField(max_length=64)  # a participant's id or an IP address
    window_start = models.BigIntegerField()  # Unix time (seconds) the current window began
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "subject"], name="rate_counter_unique")]
        indexes = [models.Index(fields=["window_start"], name="rate_counter_window")]

    def __str__(self) -> str:
        return f"{self.scope} {self.subject}: {self.hits} since {self.window_start}"
