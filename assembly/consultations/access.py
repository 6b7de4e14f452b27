"""The access checks that depend on a consultation: who moderates it, and :func:`access`, which
enforces ``staff`` or ``moderator`` on a Django view. The levels themselves, and the declarations every
route carries, are :mod:`assembly.accounts.access`'s.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from assembly.accounts.access import Level, View, declare, is_staff, refuse, staff_only
from assembly.consultations.models import Consultation

__all__ = ["access", "can_moderate", "moderated_consultations", "results_published"]


def can_moderate(user: Any, consultation: Consultation) -> bool:
    """True when ``user`` may facilitate and moderate ``consultation``."""
    if not is_staff(user):
        return False
    if user.is_superuser or consultation.created_by_id == user.pk:
        return True
    return consultation.moderators.filter(user=user).exists()


def moderated_consultations(user: Any) -> QuerySet[Consultation]:
    """The consultations ``user`` moderates (every one for superusers, none for non-staff)."""
    if not is_staff(user):
        return Consultation.objects.none()
    if user.is_superuser:
        return Consultation.objects.all()
    return Consultation.objects.filter(Q(created_by=user) | Q(moderators__user=user)).distinct()


def results_published(consultation: Consultation) -> bool:
    """The ``public_if`` of results pages: open to anyone once the consultation publishes them."""
    return bool(consultation.results_public)


def access(
    level: Level, *, public_if: Callable[[Consultation], bool] | None = None
) -> Callable[[View], View]:
    """Declare and enforce ``level`` (``staff`` or ``moderator``) on a Django view.

    Parameters
    ----------
    level : Level
        ``Level.STAFF``: any staff account. ``Level.MODERATOR``: the view takes a ``slug`` argument,
        and the account must moderate that consultation (unknown slug: 404).
    public_if : callable, optional
        For ``moderator`` views whose page becomes public with the consultation (e.g. results once
        published): when it returns True, anyone may open the page.
    """
    level = Level(level)
    if level not in (Level.STAFF, Level.MODERATOR):
        raise ValueError(f"access() enforces staff or moderator; use declare() for {level}")

    def decorator(view: View) -> View:
        if level is Level.STAFF:
            return staff_only(view)

        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            consultation = get_object_or_404(Consultation, slug=kwargs["slug"])
            if public_if is not None and public_if(consultation):
                return view(request, *args, **kwargs)
            if not can_moderate(request.user, consultation):
                return refuse(request, _("You do not moderate this consultation."))
            return view(request, *args, **kwargs)

        return declare(level, public_if=public_if)(checked)  # type: ignore[return-value]

    return decorator
