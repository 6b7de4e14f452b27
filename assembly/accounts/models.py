"""The staff accounts' tables: who moderates which consultation, failed logins, two-factor devices.

Django's own ``User`` holds the accounts. A staff account moderates (and facilitates) the
consultations it created and those it is assigned to here; superusers moderate every consultation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsultationModerator(models.Model):
    """A staff account allowed to facilitate and moderate one consultation."""

    # Named, not imported: the consultations app builds on this one (tests/test_architecture.py).
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="moderators",
        verbose_name=_("consultation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderated_consultations",
        verbose_name=_("staff account"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("moderator")
        verbose_name_plural = _("moderators")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="one_moderator_role_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.consultation.slug}"


class LoginFailure(models.Model):
    """One failed attempt at proving who one is (a wrong password or second-factor code), kept for
    :data:`~assembly.accounts.lockout.MEMORY`.

    Stored in the database so that every server process sees the same count. ``scope`` says what the
    failure counts against (see :mod:`assembly.accounts.lockout`).
    """

    class Scope(models.TextChoices):
        # Anyone can type a user name: a wrong password at login locks only this account from this
        # address, so no one can lock an account for its owner (or a shared address for everyone).
        ADDRESS = "address", _("account from this address (wrong password at login)")
        # Only someone who has the password or a session can get this far: counted against the account
        # from every address, so changing addresses does not give more guesses.
        ACCOUNT = "account", _("account from every address (wrong code or current password)")

    username = models.CharField(_("user name"), max_length=150, db_index=True)
    ip = models.CharField(_("address"), max_length=45, db_index=True)
    scope = models.CharField(_("counts against"), max_length=7, choices=Scope, default=Scope.ADDRESS)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.ip} ({self.scope})"


class TotpDevice(models.Model):
    """A staff account's authenticator app (RFC 6238 TOTP). Active once ``confirmed_at`` is set."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64, help_text="Base32, as shown to the authenticator app.")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_step = models.BigIntegerField(
        default=-1, help_text="Time step of the latest accepted code: a code is accepted once only."
    )

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A single-use code that replaces the authenticator once (only its SHA-256 is stored)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
