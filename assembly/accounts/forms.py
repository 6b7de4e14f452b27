"""Forms of the staff login: password (with the lockout), second factor, authenticator enrolment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assembly.accounts.lockout import Lock, current_lock
from assembly.config.security import client_address


def lock_message(lock: Lock) -> str:
    minutes = lock.minutes_left()
    return ngettext(
        "Too many failed logins. Try again in %(minutes)d minute.",
        "Too many failed logins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LoginForm(AuthenticationForm):
    """Django's login form, which first refuses locked accounts and addresses with a clear message."""

    def clean(self) -> dict[str, Any]:
        lock = current_lock(
            username=self.data.get("username", ""), address=client_address(self.request)
        )
        if lock is not None:
            raise ValidationError(lock_message(lock), code="locked")
        return super().clean()


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class DisableForm(CodeForm):
    """Turning the second factor off asks for a current code, so a stolen session cannot do it."""
