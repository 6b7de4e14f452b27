"""Staff login (password, then the second factor when the account has one), logout, password change,
and the page where an account turns its authenticator on or off.

The second step keeps the half-logged-in account in the session (not logged in) for
:data:`PENDING_SECONDS`. Every code checked (at login, or to turn the second factor off) goes through
:func:`_check_code`: refused while the account is locked, counted against the account when wrong. The
failures clear only once a login is complete, never after the password alone.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assembly.accounts import two_factor
from assembly.accounts.access import Level, declare, staff_only
from assembly.accounts.forms import CodeForm, DisableForm, LoginForm, PasswordChangeForm, lock_message
from assembly.accounts.lockout import Lock, Scope, clear_after_login, limited
from assembly.http import client_address

# How long the code step waits after a correct password before starting over (seconds).
PENDING_SECONDS = 300
PENDING_KEY = "accounts_pending_login"


@declare(Level.PUBLIC)
class LoginView(auth_views.LoginView):
    """Step 1: user name and password (refused while locked). Accounts with an authenticator go on
    to step 2; the others are logged in."""

    form_class = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.active_device(user) is None:
            clear_after_login(username=user.get_username(), address=client_address(self.request))
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "since": time.time(),
        }
        return redirect("accounts:verify")


@declare(Level.PUBLIC)
class LogoutView(auth_views.LogoutView):
    pass


def _check_code(request: HttpRequest, user: Any, code: str) -> Lock | bool:
    """Check a second-factor code, limited per account: the lock in force (the code is then not
    checked), else whether the code is right (a wrong one is counted against the account)."""
    return limited(
        lambda: two_factor.verify_code(user, code),
        username=user.get_username(),
        address=client_address(request),
        scope=Scope.ACCOUNT,
    )


def _pending_user(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


@declare(Level.PUBLIC)
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the authenticator app (or a recovery code)."""
    found = _pending_user(request)
    if found is None:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _("Log in again: the code step has expired."))
        return redirect("login")
    user, pending = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = _check_code(request, user, form.cleaned_data["code"])
        if isinstance(checked, Lock):
            request.session.pop(PENDING_KEY, None)
            messages.error(request, lock_message(checked))
            return redirect("login")
        if checked:
            request.session.pop(PENDING_KEY, None)
            clear_after_login(username=user.get_username(), address=client_address(request))
            auth_login(request, user, backend=pending["backend"])
            target = pending.get("next") or reverse("facilitate:index")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("facilitate:index")
            return HttpResponseRedirect(target)
        form.add_error(
            "code", _("This code is not valid. Check the time on your phone, or use a recovery code.")
        )
    status = 400 if form.errors else 200
    return render(request, "accounts/verify.html", {"form": form}, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The account's second factor: set it up (QR code, then one code to confirm), or turn it off."""
    user = request.user
    action = request.POST.get("action")
    device = two_factor.active_device(user)
    if device is not None:
        form = DisableForm(request.POST if action == "disable" else None)
        if form.is_bound and form.is_valid():
            checked = _check_code(request, user, form.cleaned_data["code"])
            if isinstance(checked, Lock):
                form.add_error("code", lock_message(checked))
            elif checked:
                two_factor.disable(user)
                messages.success(request, _("Two-factor authentication is off."))
                return redirect("accounts:security")
            else:
                form.add_error("code", _("This code is not valid."))
        context = {"device": device, "form": form}
    else:
        pending = two_factor.start_enrolment(user) if action == "start" else two_factor.pending_device(user)
        form = CodeForm(request.POST if action == "confirm" else None)
        if pending is not None and form.is_bound and form.is_valid():
            codes = two_factor.confirm_enrolment(pending, form.cleaned_data["code"])
            if codes is not None:
                messages.success(request, _("Two-factor authentication is on."))
                return render(request, "accounts/recovery_codes.html", {"codes": codes})
            form.add_error("code", _("This code is not valid. Check the time on your phone and try again."))
        context = {"form": form}
        if pending is not None and action in ("start", "confirm"):
            context |= {"pending": pending, "qr_code": two_factor.qr_code_data_uri(pending)}
    return render(request, "accounts/security.html", context, status=400 if form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice), checked by AUTH_PASSWORD_VALIDATORS;
    wrong old passwords are limited like second-factor codes (:class:`PasswordChangeForm`)."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"address": client_address(self.request)}

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


password_change = staff_only(PasswordChangeView.as_view())
