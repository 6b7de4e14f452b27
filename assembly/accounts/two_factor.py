"""The optional second factor of staff accounts: enrol an authenticator app, check its codes, recover.

An account enrols by scanning a QR code (rendered on the server as SVG with ``segno``) and typing one
code to confirm; it then gets :data:`~assembly.accounts.totp.RECOVERY_CODES` single-use recovery
codes, shown once. From then on, logging in asks for a code after the password.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from assembly.accounts import totp
from assembly.accounts.models import RecoveryCode, TotpDevice

__all__ = [
    "ISSUER",
    "active_device",
    "confirm_enrolment",
    "disable",
    "pending_device",
    "qr_code_data_uri",
    "start_enrolment",
    "verify_code",
]

# The name authenticator apps list the account under.
ISSUER = "Assembly"


def active_device(user: Any) -> TotpDevice | None:
    """The account's confirmed authenticator, or None when it logs in with a password only."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def pending_device(user: Any) -> TotpDevice | None:
    """The account's authenticator being set up (not yet confirmed), or None."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()


def start_enrolment(user: Any) -> TotpDevice:
    """A new, unconfirmed authenticator secret for ``user`` (replacing an unconfirmed one)."""
    TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()
    return TotpDevice.objects.create(user=user, secret=totp.new_secret())


def qr_code_data_uri(device: TotpDevice) -> str:
    """The enrolment QR code as an SVG ``data:`` URI (allowed by the site's img-src policy)."""
    import segno

    uri = totp.provisioning_uri(device.secret, account=device.user.get_username(), issuer=ISSUER)
    return segno.make(uri, error="m").svg_data_uri(scale=4, dark="#000000", light="#ffffff")


def _new_recovery_codes(user: Any) -> list[str]:
    codes = totp.new_recovery_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=totp.recovery_code_hash(code)) for code in codes
    )
    return codes


def confirm_enrolment(device: TotpDevice, code: str) -> list[str] | None:
    """Activate ``device`` if ``code`` is its current code; returns the new recovery codes, else None."""
    step = totp.matching_step(device.secret, code)
    if step is None:
        return None
    with transaction.atomic():
        TotpDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed_at = timezone.now()
        device.last_step = step
        device.save(update_fields=["confirmed_at", "last_step"])
        return _new_recovery_codes(device.user)


def verify_code(user: Any, code: str) -> bool:
    """Check a login code: the authenticator's (each time step used once) or an unused recovery code."""
    device = active_device(user)
    if device is None:
        return False
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().get(pk=device.pk)
        step = totp.matching_step(device.secret, code, after_step=device.last_step)
        if step is not None:
            device.last_step = step
            device.save(update_fields=["last_step"])
            return True
        used = RecoveryCode.objects.filter(
            user=user, code_hash=totp.recovery_code_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        return used == 1


def disable(user: Any) -> None:
    """Remove the account's authenticator and recovery codes: back to password-only logins."""
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
