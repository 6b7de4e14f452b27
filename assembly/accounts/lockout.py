"""Brute-force protection for staff logins: too many failures lock the account and the address.

Every failed password or second-factor code is a :class:`~assembly.accounts.models.LoginFailure` row,
so all server processes (and all databases Assembly runs on) share one count. An account, or an
address, with :data:`MAX_FAILURES_PER_ACCOUNT` (:data:`MAX_FAILURES_PER_ADDRESS`) failures in the last
:data:`WINDOW` is locked until its latest failure is :data:`WINDOW` old: attempts made while locked
are refused without checking the password, and are not counted (so the lock ends on time).

Both limits can be changed in the settings (``ASSEMBLY_LOGIN_MAX_FAILURES_PER_ACCOUNT``,
``ASSEMBLY_LOGIN_MAX_FAILURES_PER_ADDRESS``, ``ASSEMBLY_LOGIN_LOCK_MINUTES``), e.g. when many staff
members log in from behind one office address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import HttpRequest
from django.utils import timezone

from assembly.accounts.models import LoginFailure
from assembly.config.security import client_address

__all__ = [
    "LockoutBackend",
    "Lock",
    "clear_account",
    "current_lock",
    "record_failure",
]

# OWASP's Authentication Cheat Sheet: lock after a few failures for a limited time. Five failures in
# fifteen minutes stops online guessing (at most 480 guesses a day per account) without locking out a
# person who mistypes a few times; the lock then lasts fifteen minutes.
MAX_FAILURES_PER_ACCOUNT = getattr(settings, "ASSEMBLY_LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)
MAX_FAILURES_PER_ADDRESS = getattr(settings, "ASSEMBLY_LOGIN_MAX_FAILURES_PER_ADDRESS", 5)
WINDOW = timedelta(minutes=getattr(settings, "ASSEMBLY_LOGIN_LOCK_MINUTES", 15))
# Longest user name stored (Django's own limit).
USERNAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class Lock:
    """A lock in force: on the account or on the address, until ``until``."""

    on: str  # "account" or "address"
    until: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, int(-(-seconds // 60)))


def _username(username: str) -> str:
    return username.strip().lower()[:USERNAME_MAX_LENGTH]


def current_lock(*, username: str, address: str, now: datetime | None = None) -> Lock | None:
    """The lock on this account or this address, if any (the longer one when both are locked)."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - WINDOW)
    locks = []
    for on, condition, limit in (
        ("account", Q(username=_username(username)), MAX_FAILURES_PER_ACCOUNT),
        ("address", Q(ip=address), MAX_FAILURES_PER_ADDRESS),
    ):
        if on == "address" and not address:
            continue
        found = recent.filter(condition).aggregate(n=Count("id"), latest=Max("at"))
        if found["n"] >= limit:
            locks.append(Lock(on, found["latest"] + WINDOW))
    return max(locks, key=lambda lock: lock.until) if locks else None


def record_failure(*, username: str, address: str, now: datetime | None = None) -> None:
    """Count one failed attempt; failures older than the window are deleted on the way."""
    now = now or timezone.now()
    LoginFailure.objects.filter(at__lte=now - WINDOW).delete()
    LoginFailure.objects.create(username=_username(username), ip=address, at=now)


def clear_account(username: str) -> None:
    """Forget an account's failures after it logged in (the address's failures stay counted)."""
    LoginFailure.objects.filter(username=_username(username)).delete()


class LockoutBackend(ModelBackend):
    """Django's user-and-password check, refused while the account or address is locked; every wrong
    password is counted. Used by every login form (the staff login and anything calling ``authenticate``).
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(self._username_field(), "")
        address = client_address(request)
        if current_lock(username=username or "", address=address) is not None:
            raise PermissionDenied("locked")  # Django's authenticate() then stops and returns None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username:
            record_failure(username=username, address=address)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
