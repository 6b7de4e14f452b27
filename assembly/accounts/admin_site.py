"""Django's admin for superusers only, entered through the staff login (lockout and second factor).

Django's default admin admits every staff account; here facilitators and moderators work in the
facilitator and moderation pages, and the admin (every table, the pol.is import) is the ``admin``
access level: superusers.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


class AssemblyAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The site's staff login (with its lockout and second factor), then back to the admin."""
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        query = urlencode({REDIRECT_FIELD_NAME: target or reverse("admin:index")})
        return redirect(f"{reverse('login')}?{query}")


class ReadOnlyAdmin(admin.ModelAdmin):
    """A table written by the application only (votes, failed logins, authenticators): the admin shows
    its rows and lets them be deleted, and changes nothing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
