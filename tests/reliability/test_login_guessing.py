"""The staff login against a real ``assembly serve`` (two web processes, production settings, behind a
reverse proxy that passes the client's address in ``X-Forwarded-For``), on SQLite or PostgreSQL
(issue 11, items 3 and 4).

- Item 3: someone who has the password cannot guess second-factor codes faster by logging in again
  between guesses, nor by sending the guesses all at once to several processes.
- Item 4: wrong passwords from other addresses do not keep the owner (right password and code) out,
  and a shared address does not lock out the other accounts behind it.
"""

from __future__ import annotations

import base64
import http.client
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest

from assembly.accounts import lockout, totp
from bench.load.harness import PYTHON, ROOT, Database, Service

PASSWORD = "a-long-staff-password"
SECRET = base64.b32encode(b"issue-11-login-probe").decode().rstrip("=")
VERIFY = "/accounts/login/verify/"
# Makes the staff accounts the way the site does (Django's ORM, the production settings).
MAKE_ACCOUNTS = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.utils import timezone
from assembly.accounts.models import TotpDevice
users = get_user_model().objects
admin = users.create_superuser("root", email="", password={PASSWORD!r})
TotpDevice.objects.create(user=admin, secret={SECRET!r}, confirmed_at=timezone.now())
users.create_user("ben", password={PASSWORD!r}, is_staff=True)
"""


@dataclass
class Browser:
    """One browser reaching the site through its HTTPS reverse proxy, from ``address``: its own
    cookies (sent by hand: they are marked Secure), redirects not followed."""

    port: int
    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """GET (or POST ``form``, with the CSRF token) ``path``: status, Location and page."""
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": origin + path,
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form | {"csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("POST" if form is not None else "GET", path, body, headers)
            response = connection.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.getheader("Location", ""), response.read().decode()
        finally:
            connection.close()

    def log_in(self, username: str, password: str) -> str:
        """The login form, filled in: where it sends the browser next ("" if it stays on the form)."""
        self.request("/accounts/login/")
        return self.request("/accounts/login/", {"username": username, "password": password})[1]

    def logged_in(self) -> bool:
        return self.request("/manage/")[0] == 200


def _code(steps_ahead: int = 0) -> str:
    key = base64.b32decode(SECRET + "=" * (-len(SECRET) % 8))
    return totp.hotp(key, int(time.time() // totp.STEP_SECONDS) + steps_ahead)


@pytest.fixture
def site(database: Database) -> Iterator[int]:
    """``assembly serve`` (two web processes) behind a pretend HTTPS proxy, with two staff accounts:
    ``root`` (superuser with an authenticator) and ``ben``; yields the port."""
    subprocess.run([PYTHON, "-c", MAKE_ACCOUNTS], env=database.env(), cwd=ROOT, check=True, timeout=120)
    env = {"ASSEMBLY_HTTPS": "1", "ASSEMBLY_TRUSTED_PROXIES": "1"}
    service = Service(database, args=("--processes", "2", "--no-analysis"), extra_env=env)
    try:
        service.start(wait=False)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert service.alive(), service.log()
            try:
                if Browser(service.port, "192.0.2.1").request("/api/consultations")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not answer:\n{service.log()}")
        yield service.port
    finally:
        service.stop()


def _account_failures(database: Database) -> int:
    return int(database.rows("SELECT COUNT(*) FROM accounts_loginfailure WHERE scope = 'account'")[0][0])


def test_codes_cannot_be_guessed_between_passwords_nor_all_at_once(site, database):
    """Item 3: 10 rounds of (right password, 4 wrong codes sent at the same moment) get exactly 5 codes
    checked (not 40); after that the right code is refused too, from a clean address."""
    checked = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _round in range(10):
            browser = Browser(site, "198.51.100.1")
            browser.log_in("root", PASSWORD)
            guesses = [browser] * 4
            statuses = pool.map(lambda b: b.request(VERIFY, {"code": "000000"})[0], guesses)
            checked += [status for status in statuses if status == 400]  # 400: "this code is not valid"
    assert len(checked) <= lockout.MAX_FAILURES
    assert _account_failures(database) == len(checked)
    while len(checked) < lockout.MAX_FAILURES:  # attempts refused because they came at once: go on
        browser = Browser(site, "198.51.100.1")
        browser.log_in("root", PASSWORD)
        status = browser.request(VERIFY, {"code": "000000"})[0]
        assert status == 400
        checked.append(status)
    owner = Browser(site, "192.0.2.50")
    assert owner.log_in("root", PASSWORD) == VERIFY
    assert owner.request(VERIFY, {"code": _code(steps_ahead=1)})[1] == "/accounts/login/"
    assert not owner.logged_in()
    assert _account_failures(database) == lockout.MAX_FAILURES


def test_other_addresses_do_not_lock_the_owner_or_a_shared_address_out(site, database):
    """Item 4: wrong passwords from three other addresses (20 each, all at once) do not stop the
    administrator's right password and code from a clean address; wrong passwords for one account
    from a shared address do not stop another account logging in from it."""
    attackers = [Browser(site, address) for address in ("198.51.100.7", "203.0.113.5", "2001:db8::7")]
    for attacker in attackers:
        attacker.request("/accounts/login/")
    with ThreadPoolExecutor(max_workers=4) as pool:
        tries = [attacker for attacker in attackers for _ in range(20)]
        list(pool.map(lambda a: a.request("/accounts/login/", {"username": "root", "password": "x"}), tries))
    per_address = database.rows(
        "SELECT ip, COUNT(*) FROM accounts_loginfailure WHERE username = 'root' GROUP BY ip ORDER BY ip"
    )
    assert [ip for ip, _n in per_address] == ["198.51.100.7", "2001:db8::/64", "203.0.113.5"]
    assert all(0 < n <= lockout.MAX_FAILURES for _ip, n in per_address)  # 20 tries each, at most 5 checked
    owner = Browser(site, "192.0.2.50")
    assert owner.log_in("root", PASSWORD) == VERIFY
    assert owner.request(VERIFY, {"code": _code(steps_ahead=1)})[1] == "/manage/"
    assert owner.logged_in()
    colleague = Browser(site, "203.0.113.5")  # behind the same address as an attacker
    assert colleague.log_in("ben", PASSWORD) == "/manage/"
    assert colleague.logged_in()
