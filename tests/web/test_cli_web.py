"""The web platform's commands (assembly.cli.web): serve, migrate, createsuperuser, demo."""

from __future__ import annotations

import re

import pytest

from assembly.cli import build_parser, main
from assembly.cli import web as web_cli
from assembly.consultations.models import Consultation
from bench.load.harness import free_port


def test_help_lists_the_web_commands():
    """Check that `assembly --help` offers serve, migrate, createsuperuser and demo."""
    text = build_parser().format_help()
    for command in ("serve", "migrate", "createsuperuser", "demo"):
        assert command in text


@pytest.mark.django_db
def test_serve_migrates_then_starts_the_server_with_processes_threads_and_analysis(monkeypatch):
    """Check that `assembly serve` starts the server with the chosen address, processes and threads, and
    the analysis loop unless --no-analysis."""
    from assembly.config import serving

    calls = []
    monkeypatch.setattr(serving, "serve", lambda **kw: calls.append(kw) or 0)
    port = free_port()  # serve checks that nothing listens there before it starts
    assert main(["serve", "--port", str(port), "--threads", "3", "--processes", "2"]) == 0
    assert main(["serve", "--port", str(free_port()), "--no-analysis"]) == 0
    options, defaults = calls
    assert {k: options[k] for k in ("host", "port", "threads", "processes")} == {
        "host": "127.0.0.1",
        "port": port,
        "threads": 3,
        "processes": 2,
    }
    assert callable(options["analysis"]) and defaults["analysis"] is None
    assert defaults["processes"] >= 1 and defaults["threads"] == web_cli.DEFAULT_THREADS


@pytest.mark.django_db
def test_serve_refuses_a_port_in_use_by_name(monkeypatch, capsys):
    """Check that a port another process listens on exits with 2 and names the address, before serving."""
    import socket

    from assembly.config import serving

    monkeypatch.setattr(serving, "serve", lambda **_kw: pytest.fail("must not serve"))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--no-analysis"]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.mark.django_db
def test_serve_refuses_bad_options(monkeypatch, capsys):
    """Check that zero threads, zero processes or an impossible port exit with 2 before serving."""
    from assembly.config import serving

    monkeypatch.setattr(serving, "serve", lambda *a, **k: pytest.fail("must not serve"))
    assert main(["serve", "--threads", "0", "--no-analysis"]) == 2
    assert main(["serve", "--processes", "0", "--no-analysis"]) == 2
    assert main(["serve", "--port", "70000", "--no-analysis"]) == 2
    assert "--threads" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_sets_up_two_consultations_and_a_login_and_reuses_them(settings, tmp_path, capsys):
    """Check that the demo creates the simulated and the open-data consultation and a moderator login, and
    that a second run reuses them (same counts, same printed password)."""
    settings.DATA_DIR = tmp_path
    assert main(["demo", "--no-serve"]) == 0
    first = capsys.readouterr().out
    simulated = Consultation.objects.get(slug=web_cli.DEMO_SIMULATED_SLUG)
    assert "simulated" in simulated.title.lower() and "SIMULATED DATA" in simulated.description
    assert simulated.participants.count() == 372
    assert simulated.statements.count() == 40  # data/culture-for-ai/paper-statements.csv
    real = Consultation.objects.get(slug=web_cli.DEMO_OPEN_DATA_SLUG)
    assert real.vote_events.count() == 14341  # rows of data/polis-open-data/bg2050-volunteers/votes.csv
    counts = (simulated.vote_events.count(), real.vote_events.count())
    assert main(["demo", "--no-serve"]) == 0
    second = capsys.readouterr().out
    login = [line for line in first.splitlines() if line.startswith("Moderator login")]
    assert login and login[0] in second and "Reusing" in second
    username, password = (tmp_path / "demo-login.txt").read_text().split()
    assert login[0].startswith(f"Moderator login: {username} / {password} ")
    assert (simulated.vote_events.count(), real.vote_events.count()) == counts
    assert Consultation.objects.count() == 2


def test_the_demo_login_has_a_random_user_name(db, tmp_path, django_user_model):
    """Issue 11, item 4: check that the demo's superuser is not called a guessable ``moderator`` but
    ``moderator-`` and 12 random hexadecimal digits, different for every new site, kept with its
    password in demo-login.txt and reused by the next run."""
    first = web_cli._demo_moderator(tmp_path / "one")
    assert re.fullmatch(r"moderator-[0-9a-f]{12}", first[0])
    assert web_cli._demo_moderator(tmp_path / "one") == first
    assert (tmp_path / "one" / "demo-login.txt").read_text() == f"{first[0]} {first[1]}\n"
    second = web_cli._demo_moderator(tmp_path / "two")
    assert second[0] != first[0] and second[1] != first[1]
    user = django_user_model.objects.get(username=first[0])
    assert user.is_superuser and user.check_password(first[1])
