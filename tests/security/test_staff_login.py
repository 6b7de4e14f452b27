"""Staff accounts: lockout after failed logins, password rules, optional two-factor login (issue 5,
item 11). Everything goes through the real login pages with Django's test client."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from assembly.accounts import lockout, totp
from assembly.accounts.models import LoginFailure, RecoveryCode, TotpDevice
from assembly.config.security import client_address

PASSWORD = "a-long-staff-password"
LOGIN = "/accounts/login/"


@pytest.fixture
def moderator(db, django_user_model):
    return django_user_model.objects.create_user("ana", password=PASSWORD, is_staff=True)


def _login(client: Client, username: str, password: str, *, address: str = "192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account(moderator):
    """Check that after 5 wrong passwords the right one is refused with a message naming the wait."""
    for _ in range(lockout.MAX_FAILURES_PER_ACCOUNT):
        assert _login(Client(), "ana", "wrong password").status_code == 200
    client = Client()
    response = _login(
        client, "ana", PASSWORD, address="198.51.100.7"
    )  # another address: the account is locked
    assert not _logged_in(client)
    assert "Too many failed logins. Try again in 15 minutes." in response.content.decode()


def test_four_wrong_passwords_do_not_lock(moderator):
    """Check that one failure fewer than the limit still lets the right password in, and clears the count."""
    for _ in range(lockout.MAX_FAILURES_PER_ACCOUNT - 1):
        _login(Client(), "ana", "wrong password")
    client = Client()
    assert _login(client, "ana", PASSWORD).status_code == 302
    assert _logged_in(client)
    assert not LoginFailure.objects.filter(username="ana").exists()


def test_the_lock_ends_after_the_window(moderator):
    """Check that the account opens again once its failures are 15 minutes old."""
    for _ in range(lockout.MAX_FAILURES_PER_ACCOUNT):
        _login(Client(), "ana", "wrong password")
    LoginFailure.objects.update(at=timezone.now() - lockout.WINDOW - timedelta(seconds=1))
    client = Client()
    _login(client, "ana", PASSWORD)
    assert _logged_in(client)


def test_attempts_while_locked_are_not_counted(moderator):
    """Check that trying during the lock does not make it longer (the lock ends 15 minutes after the
    failure that set it)."""
    for _ in range(lockout.MAX_FAILURES_PER_ACCOUNT):
        _login(Client(), "ana", "wrong password")
    for _ in range(3):
        _login(Client(), "ana", "wrong password")
    assert LoginFailure.objects.count() == lockout.MAX_FAILURES_PER_ACCOUNT


def test_one_address_is_locked_across_accounts(db, django_user_model):
    """Check that 5 failures from one address on different accounts lock that address, not others."""
    django_user_model.objects.create_user("ben", password=PASSWORD, is_staff=True)
    for i in range(lockout.MAX_FAILURES_PER_ADDRESS):
        _login(Client(), f"guess{i}", "wrong", address="203.0.113.9")
    locked = Client()
    _login(locked, "ben", PASSWORD, address="203.0.113.9")
    assert not _logged_in(locked)
    elsewhere = Client()
    _login(elsewhere, "ben", PASSWORD, address="203.0.113.10")
    assert _logged_in(elsewhere)


def test_the_count_lives_in_the_database(moderator):
    """Check that failures are rows (so every server process sees them), case-insensitive per account."""
    _login(Client(), "ANA", "wrong")
    _login(Client(), "ana", "wrong", address="192.0.2.2")
    assert sorted(LoginFailure.objects.values_list("username", "ip")) == [
        ("ana", "192.0.2.1"),
        ("ana", "192.0.2.2"),
    ]


def test_the_admin_login_is_the_staff_login(db):
    """Check that /admin/login/ sends to the staff login (so the admin has the lockout and the second
    factor too), keeping where to go next."""
    response = Client().get("/admin/login/?next=/admin/consultations/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fconsultations%2F"


def test_the_trusted_proxy_setting_selects_the_forwarded_address(rf, settings):
    """Check that X-Forwarded-For is ignored by default and read (from the right) behind N proxies."""
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    assert client_address(request) == "10.0.0.1"
    settings.ASSEMBLY_TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.5"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Short-pw-11", "too short"),  # 11 characters
        ("password1234", "too common"),
        ("conservator.amsterdam1", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, problem, db, django_user_model):
    """Check the password rules: at least 12 characters, not common, not like the user name."""
    user = django_user_model(username="conservator.amsterdam")
    with pytest.raises(ValidationError) as raised:
        validate_password(password, user)
    assert problem in " ".join(raised.value.messages)


def test_a_strong_password_passes(db, django_user_model):
    """Check that a 12-character uncommon password unrelated to the account passes every rule."""
    validate_password("tulip-harbour-93", django_user_model(username="conservator.amsterdam"))


def test_the_password_page_applies_the_rules(client, moderator):
    """Check that changing one's password to a weak one is refused and leaves the old one working."""
    client.force_login(moderator)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    moderator.refresh_from_db()
    assert moderator.check_password(PASSWORD)


def _code(device: TotpDevice, *, steps_ahead: int = 0) -> str:
    import base64
    import time

    key = base64.b32decode(device.secret + "=" * (-len(device.secret) % 8))
    return totp.hotp(key, int(time.time() // totp.STEP_SECONDS) + steps_ahead)


def _enrol(client: Client) -> tuple[TotpDevice, list[str]]:
    """Turn on two-factor login through the account page; returns the device and the recovery codes."""
    page = client.post("/accounts/security/", {"action": "start"}).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn on the server
    device = TotpDevice.objects.get()
    assert device.secret in page  # the key, for typing in by hand
    response = client.post("/accounts/security/", {"action": "confirm", "code": _code(device)})
    codes = re.findall(r"<code>(\w{5}-\w{5})</code>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def test_enrolment_needs_a_right_code(client, moderator):
    """Check that a wrong code leaves two-factor login off."""
    client.force_login(moderator)
    client.post("/accounts/security/", {"action": "start"})
    response = client.post("/accounts/security/", {"action": "confirm", "code": "000000"})
    assert response.status_code == 400
    assert TotpDevice.objects.get().confirmed_at is None


def test_two_factor_login(client, moderator):
    """Check the whole flow: enrol, log out; the password alone then does not log in, a wrong code is
    refused and counted, the right code logs in (and goes where asked), and cannot be used twice."""
    client.force_login(moderator)
    device, codes = _enrol(client)
    assert device.confirmed_at is not None and len(codes) == 10
    assert RecoveryCode.objects.filter(user=moderator).count() == 10

    browser = Client()
    response = browser.post(LOGIN + "?next=/manage/", {"username": "ana", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/verify/"
    assert not _logged_in(browser)
    assert browser.get("/manage/").status_code == 302  # not logged in yet
    assert browser.post("/accounts/login/verify/", {"code": "000000"}).status_code == 400
    assert LoginFailure.objects.filter(username="ana").count() == 1
    response = browser.post("/accounts/login/verify/", {"code": _code(device, steps_ahead=1)})
    assert response["Location"] == "/manage/"
    assert _logged_in(browser)

    again = Client()
    again.post(LOGIN, {"username": "ana", "password": PASSWORD})
    assert again.post("/accounts/login/verify/", {"code": _code(device, steps_ahead=1)}).status_code == 400
    assert not _logged_in(again)


def test_a_recovery_code_logs_in_once(client, moderator):
    """Check that a recovery code replaces the authenticator once, and only once."""
    client.force_login(moderator)
    _device, codes = _enrol(client)
    for expected in (True, False):
        browser = Client()
        browser.post(LOGIN, {"username": "ana", "password": PASSWORD})
        browser.post("/accounts/login/verify/", {"code": codes[3].upper()})
        assert _logged_in(browser) is expected


def test_wrong_codes_lock_the_account_too(client, moderator):
    """Check that guessing second-factor codes runs into the same lockout as guessing passwords."""
    client.force_login(moderator)
    device, _codes = _enrol(client)
    browser = Client()
    browser.post(LOGIN, {"username": "ana", "password": PASSWORD})
    for _ in range(lockout.MAX_FAILURES_PER_ACCOUNT):
        browser.post("/accounts/login/verify/", {"code": "000000"})
    response = browser.post("/accounts/login/verify/", {"code": _code(device)})
    assert response["Location"] == LOGIN
    assert not _logged_in(browser)


def test_turning_two_factor_off_needs_a_code(client, moderator):
    """Check that a logged-in session alone cannot remove the second factor: it takes a current code."""
    client.force_login(moderator)
    device, _codes = _enrol(client)
    client.post("/accounts/security/", {"action": "disable", "code": "000000"})
    assert TotpDevice.objects.filter(user=moderator).exists()
    client.post("/accounts/security/", {"action": "disable", "code": _code(device, steps_ahead=1)})
    assert not TotpDevice.objects.filter(user=moderator).exists()
    assert not RecoveryCode.objects.filter(user=moderator).exists()
