"""Staff accounts: lockout after failed logins, password rules, optional two-factor login (issue 5,
item 11). Everything goes through the real login pages with Django's test client."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client

from assembly.accounts import lockout, totp
from assembly.accounts.models import LoginFailure, RecoveryCode, TotpDevice
from assembly.http import client_address

PASSWORD = "a-long-staff-password"
LOGIN = "/accounts/login/"


@pytest.fixture
def moderator(db, django_user_model):
    return django_user_model.objects.create_user("ana", password=PASSWORD, is_staff=True)


def _login(client: Client, username: str, password: str, *, address: str = "192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _address_lock(username: str, address: str) -> lockout.Lock | None:
    return lockout.current_lock(username=username, address=address, scope=lockout.Scope.ADDRESS)


def _age_failures(by: timedelta) -> None:
    """Move every failure ``by`` into the past (as if that much time had gone by)."""
    LoginFailure.objects.update(at=F("at") - by)


def test_five_wrong_passwords_lock_the_account_from_that_address(moderator):
    """Check that after 5 wrong passwords from an address the right one is refused from there, with a
    message naming the wait."""
    for _ in range(lockout.MAX_FAILURES):
        assert _login(Client(), "ana", "wrong password").status_code == 200
    client = Client()
    response = _login(client, "ana", PASSWORD)
    assert not _logged_in(client)
    assert "Too many failed logins. Try again in 15 minutes." in response.content.decode()


def test_wrong_passwords_from_other_addresses_do_not_lock_the_owner_out(client, django_user_model):
    """Issue 11, item 4: check that an attacker who fails from many addresses, again after every lock,
    does not stop the administrator's right password and code from an address without failures."""
    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    device, _codes = _enrol(client)
    for period in range(3):  # the attackers try again as each lock ends
        if period:
            _age_failures(lockout.FIRST_LOCK)
        for attacker in ("198.51.100.1", "198.51.100.2", "2001:db8::1"):
            for _ in range(lockout.MAX_FAILURES + 2):
                _login(Client(), "root", "wrong password", address=attacker)
    assert _address_lock("root", "198.51.100.1") is not None  # the attackers are locked out
    owner = Client()
    assert _login(owner, "root", PASSWORD, address="192.0.2.50")["Location"] == "/accounts/login/verify/"
    owner.post("/accounts/login/verify/", {"code": _code(device, steps_ahead=1)}, REMOTE_ADDR="192.0.2.50")
    assert _logged_in(owner)


def test_four_wrong_passwords_do_not_lock(moderator):
    """Check that one failure fewer than the limit still lets the right password in, and clears the count."""
    for _ in range(lockout.MAX_FAILURES - 1):
        _login(Client(), "ana", "wrong password")
    client = Client()
    assert _login(client, "ana", PASSWORD).status_code == 302
    assert _logged_in(client)
    assert not LoginFailure.objects.filter(username="ana").exists()


def test_the_lock_ends_after_the_first_lock_time(moderator):
    """Check that the account opens again once its failures are 15 minutes old."""
    for _ in range(lockout.MAX_FAILURES):
        _login(Client(), "ana", "wrong password")
    _age_failures(lockout.FIRST_LOCK + timedelta(seconds=1))
    client = Client()
    _login(client, "ana", PASSWORD)
    assert _logged_in(client)


def test_each_failure_after_a_lock_doubles_the_next_lock(moderator):
    """Check the progressive delay: after the first lock, one wrong try locks for 30 minutes, the next
    for an hour; the longest lock is a day."""
    for _ in range(lockout.MAX_FAILURES):
        _login(Client(), "ana", "wrong password")
    for minutes in (30, 60):
        _age_failures(timedelta(minutes=minutes // 2))  # the previous lock is over
        response = _login(Client(), "ana", "wrong password")
        assert "Too many failed logins" not in response.content.decode()  # this try was checked
        response = _login(Client(), "ana", PASSWORD)
        assert f"Try again in {minutes} minutes." in response.content.decode()
    assert [lockout.lock_length(n) for n in (4, 5, 6, 7, 11, 12, 50)] == [
        None,
        *(timedelta(minutes=m) for m in (15, 30, 60, 960)),
        lockout.MEMORY,
        lockout.MEMORY,
    ]


def test_attempts_while_locked_are_not_counted(moderator):
    """Check that trying during the lock does not make it longer (the lock ends 15 minutes after the
    failure that set it)."""
    for _ in range(lockout.MAX_FAILURES):
        _login(Client(), "ana", "wrong password")
    for _ in range(3):
        _login(Client(), "ana", "wrong password")
    assert LoginFailure.objects.count() == lockout.MAX_FAILURES


def test_a_shared_address_does_not_lock_out_everyone_behind_it(moderator, django_user_model):
    """Issue 11, item 4: check that failures from one address (an office behind one public address)
    lock only the accounts that failed, not the others logging in from the same address."""
    django_user_model.objects.create_user("ben", password=PASSWORD, is_staff=True)
    for i in range(lockout.MAX_FAILURES):
        _login(Client(), f"guess{i}", "wrong", address="203.0.113.9")
        _login(Client(), "ana", "wrong", address="203.0.113.9")
    colleague = Client()
    _login(colleague, "ben", PASSWORD, address="203.0.113.9")
    assert _logged_in(colleague)
    locked = Client()
    _login(locked, "ana", PASSWORD, address="203.0.113.9")
    assert not _logged_in(locked)


def test_ipv6_addresses_count_per_64_network(moderator):
    """Check that failures from many addresses of one IPv6 /64 (one subscriber's) lock that /64, not
    the neighbouring network."""
    for i in range(lockout.MAX_FAILURES):
        _login(Client(), "ana", "wrong", address=f"2001:db8:0:7::{i + 1:x}")
    same_network = Client()
    _login(same_network, "ana", PASSWORD, address="2001:db8:0:7:ffff::1")
    assert not _logged_in(same_network)
    other_network = Client()
    _login(other_network, "ana", PASSWORD, address="2001:db8:0:8::1")
    assert _logged_in(other_network)


def test_the_count_lives_in_the_database(moderator):
    """Check that failures are rows (so every server process sees them), case-insensitive per account."""
    _login(Client(), "ANA", "wrong")
    _login(Client(), "ana", "wrong", address="192.0.2.2")
    assert sorted(LoginFailure.objects.values_list("username", "ip", "scope")) == [
        ("ana", "192.0.2.1", "address"),
        ("ana", "192.0.2.2", "address"),
    ]


def test_simultaneous_attempts_count_each_other(moderator):
    """Check that an attempt is counted while it is being checked: with one failure left before the
    lock, a second attempt made during the first one's check is refused (so parallel requests cannot
    all slip in before the lock)."""
    for _ in range(lockout.MAX_FAILURES - 1):
        _login(Client(), "ana", "wrong password")
    during: list[object] = []

    def first_check() -> bool:
        during.append(
            lockout.limited(lambda: True, username="ana", address="192.0.2.1", scope=lockout.Scope.ADDRESS)
        )
        return False

    assert (
        lockout.limited(first_check, username="ana", address="192.0.2.1", scope=lockout.Scope.ADDRESS)
        is False
    )
    assert isinstance(during[0], lockout.Lock)
    assert LoginFailure.objects.count() == lockout.MAX_FAILURES  # the refused one is not counted


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
    for _ in range(lockout.MAX_FAILURES):
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


def test_guessing_codes_between_right_passwords_locks(client, moderator):
    """Issue 11, item 3: check that 10 rounds of (right password, 4 wrong codes) get 5 wrong codes
    checked, not 40: a right password does not clear the failures, only a complete login does; the
    account is then locked for codes from every address, even with the right code."""
    client.force_login(moderator)
    device, _codes = _enrol(client)
    checked = 0
    for _round in range(10):
        browser = Client()
        _login(browser, "ana", PASSWORD)
        for _ in range(4):
            response = browser.post("/accounts/login/verify/", {"code": "000000"}, REMOTE_ADDR="192.0.2.1")
            checked += response.status_code == 400  # "This code is not valid": the code was checked
    assert checked == lockout.MAX_FAILURES
    assert LoginFailure.objects.filter(scope="account").count() == lockout.MAX_FAILURES
    elsewhere = Client()
    _login(elsewhere, "ana", PASSWORD, address="198.51.100.20")
    response = elsewhere.post(
        "/accounts/login/verify/", {"code": _code(device, steps_ahead=1)}, REMOTE_ADDR="198.51.100.20"
    )
    assert response["Location"] == LOGIN and not _logged_in(elsewhere)
    assert "Too many failed logins" in elsewhere.get(LOGIN).content.decode()


def test_a_complete_login_clears_only_the_failures_from_its_address(client, moderator):
    """Check that logging in (password and code) forgets the failures made from that address, and
    keeps those made from elsewhere."""
    client.force_login(moderator)
    device, _codes = _enrol(client)
    guesser = Client()
    _login(guesser, "ana", PASSWORD, address="198.51.100.30")
    guesser.post("/accounts/login/verify/", {"code": "000000"}, REMOTE_ADDR="198.51.100.30")
    _login(Client(), "ana", "wrong", address="192.0.2.1")
    owner = Client()
    _login(owner, "ana", PASSWORD, address="192.0.2.1")
    owner.post("/accounts/login/verify/", {"code": _code(device, steps_ahead=1)}, REMOTE_ADDR="192.0.2.1")
    assert _logged_in(owner)
    assert list(LoginFailure.objects.values_list("ip", "scope")) == [("198.51.100.30", "account")]


def test_turning_two_factor_off_is_limited(client, moderator):
    """Check that a session guessing the code to turn the second factor off is locked after 5 wrong
    codes: then even the right code leaves it on, with a message naming the wait."""
    client.force_login(moderator)
    device, _codes = _enrol(client)
    for _ in range(lockout.MAX_FAILURES):
        assert client.post("/accounts/security/", {"action": "disable", "code": "000000"}).status_code == 400
    response = client.post("/accounts/security/", {"action": "disable", "code": _code(device, steps_ahead=1)})
    assert "Too many failed logins. Try again in 15 minutes." in response.content.decode()
    assert TotpDevice.objects.filter(user=moderator, confirmed_at__isnull=False).exists()


def test_changing_the_password_is_limited(client, moderator):
    """Check that a session guessing the current password on the password page is locked after 5
    wrong ones, from every address: then even the right one changes nothing."""
    client.force_login(moderator)
    new = "tulip-harbour-93"
    for i in range(lockout.MAX_FAILURES):
        client.post(
            "/accounts/password/",
            {"old_password": f"guess {i}", "new_password1": new, "new_password2": new},
            REMOTE_ADDR=f"198.51.100.{i + 1}",
        )
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert "Too many failed logins. Try again in 15 minutes." in response.content.decode()
    moderator.refresh_from_db()
    assert moderator.check_password(PASSWORD)
