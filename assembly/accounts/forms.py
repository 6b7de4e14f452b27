"""Forms of the staff login: password (with the lockout), second factor, authenticator enrolment,
password change (its current password counted like a second factor)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assembly.accounts.lockout import Lock, Scope, current_lock, limited
from assembly.http import client_address


def lock_message(lock: Lock) -> str:
    minutes = lock.minutes_left()
    return ngettext(
        "Too many failed logins. Try again in %(minutes)d minute.",
        "Too many failed logins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, which first refuses an account locked from this address, with a clear message."""

    def clean(self) -> dict[str, Any]:
        lock = current_lock(
            username=self.data.get("username", ""), address=client_address(self.request), scope=Scope.ADDRESS
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


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's password change, whose current password is limited like a second-factor code: a wrong
    one counts against the account from every address (a stolen session must not get unlimited
    guesses at the password), and none is checked while the account is locked."""

    def __init__(self, user: Any, *args: Any, address: str, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.address = address

    def clean_old_password(self) -> str:
        old_password = str(self.cleaned_data["old_password"])
        checked = limited(
            lambda: bool(self.user.check_password(old_password)),
            username=self.user.get_username(),
            address=self.address,
            scope=Scope.ACCOUNT,
        )
        if isinstance(checked, Lock):
            raise ValidationError(lock_message(checked), code="locked")
        if not checked:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
