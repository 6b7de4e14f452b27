"""Deployment settings and security headers (issue 5, items 6 and 10).

Django's deployment check passes with the production settings and the environment a deployment sets;
every route then answers with the security headers, whatever its status, and cookies are Secure and
HttpOnly. The headers are checked in-process with the production settings' HTTPS values.
"""

from __future__ import annotations

import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from assembly.config.settings import production
from assembly.consultations.identity import cookie_name
from tests.security.routes import all_routes, client_as, url_for

ROOT = Path(__file__).resolve().parents[2]
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # as the reverse proxy in front of the site sets it
HSTS = "max-age=31536000; includeSubDomains"


def deployment_environment(tmp_path: Path) -> dict[str, str]:
    """What a production deployment sets (docs/reliability-log.md, item 10)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSEMBLY_", "DJANGO_", "DATABASE_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "assembly.config.settings.production",
        "ASSEMBLY_SECRET_KEY": secrets.token_urlsafe(50),
        "ASSEMBLY_ALLOWED_HOSTS": "consult.example.org",
        "ASSEMBLY_HTTPS": "1",
        "ASSEMBLY_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_with_the_production_settings(tmp_path):
    """Check that `check --deploy --fail-level WARNING` passes with the production environment."""
    result = _deploy_check(deployment_environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https(tmp_path):
    """Check, as a control, that the same check fails when the deployment does not declare HTTPS."""
    env = deployment_environment(tmp_path)
    del env["ASSEMBLY_HTTPS"]
    result = _deploy_check(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


@pytest.fixture
def https_settings(settings, monkeypatch):
    """The production settings' HTTPS values on top of the test settings."""
    monkeypatch.setenv("ASSEMBLY_HTTPS", "1")
    values = runpy.run_path(production.__file__)
    for name, value in values.items():
        if name.startswith("SECURE_") or name.endswith("_COOKIE_SECURE"):
            setattr(settings, name, value)
    return settings


def _policy(header: str) -> dict[str, list[str]]:
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def check_headers(response, *, framable: bool = False) -> None:
    """The headers every response carries (framable: the embed view, framed by configured sites)."""
    policy = _policy(response.headers.get("Content-Security-Policy", ""))
    assert policy, "no Content-Security-Policy"
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts and not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(scripts), scripts
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Strict-Transport-Security"] == HSTS
    if framable:
        assert "X-Frame-Options" not in response.headers
    else:
        assert response.headers["X-Frame-Options"] == "DENY"
        assert policy["frame-ancestors"] == ["'none'"]


GET_ROUTES = [r for r in all_routes() if "GET" in r.methods]


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_every_route_sends_the_security_headers(role, world, https_settings, django_user_model):
    """Check CSP (no inline or eval scripts), nosniff, Referrer-Policy, HSTS and framing headers on
    every GET route, as a visitor and as a superuser, whatever the status."""
    client = client_as(role, world, django_user_model)
    checked = 0
    for route in GET_ROUTES:
        url = url_for(route, world.values)
        response = client.get(url, **HTTPS)
        if response.status_code == 405:
            continue
        check_headers(response, framable=route.name == "participate:embed")
        checked += 1
    assert checked > 50


def test_plain_http_is_redirected_to_https(world, https_settings):
    """Check that a request that did not come over HTTPS is sent to the HTTPS address."""
    response = Client().get("/c/target/", HTTP_HOST="testserver")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/c/target/"


def _cookies(response) -> dict[str, dict[str, object]]:
    return {name: dict(morsel.items()) for name, morsel in response.cookies.items()}


def test_cookies_are_secure_and_http_only(world, https_settings, django_user_model):
    """Check the session, participant and language cookies: Secure, HttpOnly, SameSite=Lax; the CSRF
    cookie (which API clients read to send X-CSRFToken) is Secure and SameSite=Lax."""
    django_user_model.objects.create_user("ana", password="a-long-staff-password", is_staff=True)
    client = Client()
    client.get("/accounts/login/", **HTTPS)
    login = client.post("/accounts/login/", {"username": "ana", "password": "a-long-staff-password"}, **HTTPS)
    vote = Client().post("/c/target/vote/", {"statement": "0", "value": "1"}, **HTTPS)
    language = Client().post("/i18n/setlang/", {"language": "fr", "next": "/"}, **HTTPS)
    cookies = _cookies(login) | _cookies(vote) | _cookies(language)
    assert {"sessionid", "csrftoken", cookie_name(world.target), "django_language"} <= set(cookies)
    for name, attributes in cookies.items():
        assert attributes["secure"] is True, name
        assert str(attributes["samesite"]).lower() == "lax", name
        if name != "csrftoken":
            assert attributes["httponly"] is True, name


def test_no_template_holds_inline_script_or_handler():
    """Check every template for inline scripts, on* handler attributes and javascript: URLs, which the
    Content-Security-Policy would block (so they would silently not work)."""
    offenders = []
    for path in (ROOT / "assembly").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"javascript:", r"\sstyle\s*="):
            if re.search(pattern, text, flags=re.IGNORECASE):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def test_the_embed_view_may_be_framed_by_the_configured_sites_only(world, https_settings):
    """Check that the embed view's frame-ancestors lists the consultation's sites (only the site itself
    when it lists none: issue 11 item 8), while its other pages keep X-Frame-Options DENY."""
    embed = Client().get("/c/target/embed/", **HTTPS)
    check_headers(embed, framable=True)
    assert _policy(embed["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]
    world.target.embed_origins = "https://www.europeana.eu\nhttps://*.museum.example:8443"
    world.target.full_clean()
    world.target.save()
    embed = Client().get("/c/target/embed/", **HTTPS)
    policy = _policy(embed["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["https://www.europeana.eu", "https://*.museum.example:8443"]
    check_headers(Client().get("/c/target/", **HTTPS))


@pytest.mark.parametrize(
    "origin",
    ["https://a.example; script-src *", "'self'", "javascript:alert(1)", "https://a.example/path", "*"],
)
def test_embed_sites_that_could_break_the_policy_are_refused(world, origin):
    """Check that an embed site that is not a plain scheme://host[:port] is refused, so no text can add
    a directive to the Content-Security-Policy."""
    from django.core.exceptions import ValidationError

    world.target.embed_origins = origin
    with pytest.raises(ValidationError) as raised:
        world.target.full_clean()
    assert "embed_origins" in raised.value.message_dict
