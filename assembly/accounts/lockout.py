"""Brute-force protection for staff accounts: failures lock, progressively, what they can be blamed on.

Every wrong password or second-factor code is a :class:`~assembly.accounts.models.LoginFailure` row,
so all server processes (and all databases Assembly runs on) share one count. What a failure counts
against depends on who can make it (``LoginFailure.Scope``):

- a wrong password at login (anyone can type a user name) counts against *this account from this
  address* only. So failures from other addresses never lock the owner out, and one person guessing
  behind a shared office address does not lock out everyone else behind it. IPv6 addresses count per
  /64 network (:func:`address_key`), since one subscriber usually gets a whole /64.
- a wrong second-factor code, or a wrong code or current password on the account's own pages
  (turning the second factor off, changing the password), can only come from someone who has the
  password or a session: it counts against *the account from every address*, so changing address
  gives no more guesses.

:data:`MAX_FAILURES` failures lock for :data:`FIRST_LOCK` after the latest one; each further failure
(one try after each lock) doubles the lock, up to :data:`MEMORY`, which is also how long failures are
remembered. Attempts made while locked are refused without checking anything and are not counted.
Failures clear only when a login is complete (password and, if the account has one, second factor),
and then only those made from that address: guessing codes between correct passwords gains nothing.
Every check goes through :func:`limited`, which counts an attempt before checking it, so attempts sent
at the same moment (to several server processes) cannot all slip in before the lock.

Settings: ``ASSEMBLY_LOGIN_MAX_FAILURES`` and ``ASSEMBLY_LOGIN_LOCK_MINUTES`` (the first lock), for
institutions whose security policy prescribes other figures.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
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
from assembly.http import client_address

__all__ = [
    "FIRST_LOCK",
    "MAX_FAILURES",
    "MEMORY",
    "Lock",
    "LockoutBackend",
    "Scope",
    "address_key",
    "clear_after_login",
    "current_lock",
    "limited",
    "lock_length",
]

Scope = LoginFailure.Scope

# OWASP's Authentication Cheat Sheet: lock after a few failures for a limited time, longer each time.
# Five failures before the first lock leave room for a person who mistypes; then one try per lock,
# each lock twice as long (15 min, 30 min, 1 h... up to a day): about 11 guesses a day.
MAX_FAILURES = getattr(settings, "ASSEMBLY_LOGIN_MAX_FAILURES", 5)
FIRST_LOCK = timedelta(minutes=getattr(settings, "ASSEMBLY_LOGIN_LOCK_MINUTES", 15))
# How long failures count (and the longest lock): a day, so guessing never gets faster than the above.
MEMORY = timedelta(hours=24)
# Longest user name stored (Django's own limit).
USERNAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class Lock:
    """A lock in force, until ``until``."""

    until: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, int(-(-seconds // 60)))


def _username(username: str) -> str:
    return username.strip().lower()[:USERNAME_MAX_LENGTH]


def address_key(address: str) -> str:
    """What failures from ``address`` are counted under: the IPv4 address, or the IPv6 address's /64
    network (an IPv6 subscriber can use any of its 2^64 addresses, so a lock on one would be no lock).
    Anything that is not an IP address is kept as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:45]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def lock_length(failures: int) -> timedelta | None:
    """How long ``failures`` counted failures lock after the latest one (None: not locked)."""
    if failures < MAX_FAILURES:
        return None
    doublings = min(failures - MAX_FAILURES, 16)  # 2^16 first locks are far beyond MEMORY already
    return min(FIRST_LOCK * 2**doublings, MEMORY)


def _counted(username: str, address: str, scope: Scope) -> Q:
    condition = Q(username=_username(username), scope=scope)
    if scope == Scope.ADDRESS:
        condition &= Q(ip=address_key(address))
    return condition


def current_lock(
    *, username: str, address: str, scope: Scope, now: datetime | None = None, besides: int | None = None
) -> Lock | None:
    """The lock on this account (from this address, for :attr:`Scope.ADDRESS`) in force, if any;
    ``besides`` is the id of a failure not to count (the attempt being made)."""
    now = now or timezone.now()
    failures = LoginFailure.objects.filter(_counted(username, address, scope), at__gt=now - MEMORY)
    if besides is not None:
        failures = failures.exclude(pk=besides)
    found = failures.aggregate(n=Count("id"), latest=Max("at"))
    length = lock_length(found["n"])
    if length is None or found["latest"] + length <= now:
        return None
    return Lock(found["latest"] + length)


def limited(check: Callable[[], bool], *, username: str, address: str, scope: Scope) -> Lock | bool:
    """Run ``check`` (a password or code check, True when right) unless the account is locked: the
    lock in force (``check`` not run), else what ``check`` said; a wrong attempt stays counted.

    The attempt is stored as a failure *before* the check and deleted when it turns out right or is
    refused, so simultaneous attempts see each other (at worst both are refused at the limit, never
    both let through beyond it). Failures older than :data:`MEMORY` are deleted on the way.
    """
    now = timezone.now()
    LoginFailure.objects.filter(at__lte=now - MEMORY).delete()
    attempt = LoginFailure.objects.create(
        username=_username(username), ip=address_key(address), scope=scope, at=now
    )
    lock = current_lock(username=username, address=address, scope=scope, now=now, besides=attempt.pk)
    right = lock is None and check()
    if lock is not None or right:
        attempt.delete()
    return lock or right


def clear_after_login(*, username: str, address: str) -> None:
    """Forget the account's failures made from ``address``, once a login from there is complete.

    Failures from other addresses stay counted: they were not made by whoever just logged in.
    """
    LoginFailure.objects.filter(username=_username(username), ip=address_key(address)).delete()


class LockoutBackend(ModelBackend):
    """Django's user-and-password check, refused while the account is locked from this address; every
    wrong password is counted against the account from this address. Used by every login form (the
    staff login and anything calling ``authenticate``).
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
        if not username:
            return None
        user = None

        def check() -> bool:
            nonlocal user
            user = super(LockoutBackend, self).authenticate(request, username, password, **kwargs)
            return user is not None

        checked = limited(check, username=username, address=client_address(request), scope=Scope.ADDRESS)
        if isinstance(checked, Lock):
            raise PermissionDenied("locked")  # Django's authenticate() then stops and returns None
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
