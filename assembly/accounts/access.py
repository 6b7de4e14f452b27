"""Who may open which route: every view and API operation declares one access level.

Levels, from the most open:

``public``
    Anyone. The page shows public data, or the caller's own (a participant's own votes).
``participant``
    A participant of the consultation in the URL (known by their cookie, link token or external id).
``moderator``
    A staff account that moderates the consultation in the URL: its creator, an account assigned to
    it (:class:`~assembly.accounts.models.ConsultationModerator`), or a superuser
    (:func:`assembly.consultations.access.can_moderate`). Moderators of one
    consultation get 403 on another's pages.
``staff``
    Any active staff account (the list of one's consultations, creating a new one).
``admin``
    Superusers only: Django's admin.

:func:`staff_only` declares ``staff`` on a Django view and enforces it, and
:func:`assembly.consultations.access.access` does so for ``staff`` and ``moderator`` (a moderator is one
of a consultation's: that check is the consultations app's, which builds on this one); :func:`declare`
only records a level, for views and API operations that check it themselves (participant pages, the
API's authentication classes). ``tests/security/test_access_control.py`` walks the URL configuration and
fails on any route without a level, and tries every non-public one as each role that must be refused.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

__all__ = [
    "ACCESS_ATTRIBUTE",
    "PUBLIC_IF_ATTRIBUTE",
    "Level",
    "View",
    "declare",
    "declared_level",
    "is_staff",
    "refuse",
    "route_level",
    "staff_only",
]

ACCESS_ATTRIBUTE = "access_level"
# Set with the level on pages that become public with their consultation (results once published).
PUBLIC_IF_ATTRIBUTE = "access_public_if"
View = TypeVar("View", bound=Callable[..., Any])


class Level(StrEnum):
    PUBLIC = "public"
    PARTICIPANT = "participant"
    MODERATOR = "moderator"
    STAFF = "staff"
    ADMIN = "admin"


def declare(level: Level, *, public_if: Callable[[Any], bool] | None = None) -> Callable[[View], View]:
    """Record ``level`` on a view or API operation without adding a check (it checks by itself).

    ``public_if``, when given, records when the route is open to anyone regardless of ``level``.
    """

    def decorator(view: View) -> View:
        setattr(view, ACCESS_ATTRIBUTE, Level(level))
        setattr(view, PUBLIC_IF_ATTRIBUTE, public_if)
        return view

    return decorator


def declared_level(view: Any) -> Level | None:
    """The level a view declared (looking through ``as_view()`` wrappers), or None."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "__wrapped__", None)):
        level = getattr(candidate, ACCESS_ATTRIBUTE, None)
        if level is not None:
            return Level(level)
    return None


# Routes written by Django or django-ninja, which cannot carry a declaration: their levels by URL name
# ("namespace:name"), then by namespace for every route of an included site (Django's admin, whose
# own check, AssemblyAdminSite.has_permission, admits superusers only).
ROUTE_LEVELS = {
    "set_language": Level.PUBLIC,  # the language switcher
    "api:openapi-json": Level.PUBLIC,  # the API's own description
    "api:api-root": Level.PUBLIC,
    "admin:login": Level.PUBLIC,  # sends to the staff login
    "admin:logout": Level.PUBLIC,
}
NAMESPACE_LEVELS = {"admin": Level.ADMIN}


def route_level(view: Any, *, name: str | None, namespace: str | None) -> Level | None:
    """The level of a route: its view's declaration, else :data:`ROUTE_LEVELS`, else its namespace's."""
    level = declared_level(view)
    if level is not None:
        return level
    key = f"{namespace}:{name}" if namespace else name
    if key in ROUTE_LEVELS:
        return ROUTE_LEVELS[key]
    return NAMESPACE_LEVELS.get(namespace or "")


def is_staff(user: Any) -> bool:
    """An active staff account (or an active superuser)."""
    return bool(
        getattr(user, "is_active", False)
        and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
    )


def refuse(request: HttpRequest, message: str) -> HttpResponse:
    """Anonymous visitors and non-staff accounts go to the staff login; other staff get 403."""
    if not is_staff(request.user):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message)


def staff_only(view: View) -> View:
    """Declare and enforce ``staff`` on a Django view: anonymous visitors and other accounts go to the
    staff login."""

    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            return refuse(request, _("Only staff accounts may do this."))
        return view(request, *args, **kwargs)

    return declare(Level.STAFF)(checked)  # type: ignore[return-value]
