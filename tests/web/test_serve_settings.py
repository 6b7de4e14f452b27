"""`assembly serve` never runs unnoticed with settings other than production's (issue 11, item 16)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assembly.cli import main
from assembly.cli import web as web_cli
from bench.load.harness import ROOT, free_port


def test_serve_refuses_debug_settings_from_the_environment_before_doing_anything(tmp_path):
    """Check that `assembly serve` (and `assembly demo`) under the development settings module exit with 2,
    naming the module and DEBUG, without creating the database or listening."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "assembly.config.settings.dev",
        "ASSEMBLY_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    for command in ("serve", "demo"):
        done = subprocess.run(
            [sys.executable, "-m", "assembly", command, "--port", str(free_port()), "--no-analysis"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "assembly.config.settings.dev" in done.stderr and "DEBUG" in done.stderr
        assert "is running" not in done.stdout
    assert not (tmp_path / "assembly.sqlite3").exists()  # not even migrated


@pytest.mark.django_db
def test_serve_names_a_settings_module_other_than_production_in_a_warning(monkeypatch, capsys):
    """Check that serving with another module (DEBUG off) goes ahead with a warning naming it, and that the
    production module gets none."""
    from assembly.config import serving

    monkeypatch.setattr(serving, "serve", lambda **_kw: 0)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "site.settings")
    assert main(["serve", "--port", str(free_port()), "--no-analysis"]) == 0
    assert "warning: serving with the settings module site.settings" in capsys.readouterr().err
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", web_cli.DEFAULT_SETTINGS)
    assert main(["serve", "--port", str(free_port()), "--no-analysis"]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.django_db
def test_serve_refuses_debug_whatever_the_address(settings, monkeypatch, capsys):
    """Check that DEBUG is refused on the loopback address too (a reverse proxy may publish it)."""
    from assembly.config import serving

    monkeypatch.setattr(serving, "serve", lambda **_kw: pytest.fail("must not serve"))
    settings.DEBUG = True
    assert main(["serve", "--host", "127.0.0.1", "--port", str(free_port()), "--no-analysis"]) == 2
    assert "turns on DEBUG" in capsys.readouterr().err
