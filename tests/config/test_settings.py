"""The database entry of the settings (assembly.config.settings.base.database_config): SQLite durability
and connection reuse."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from assembly.config.environment import Environment
from assembly.config.settings.base import database_config


def _pragma(entry: dict, tmp_path: Path, name: str) -> int:
    """The value SQLite reports for ``PRAGMA name`` after running the entry's init_command."""
    connection = sqlite3.connect(tmp_path / "check.sqlite3")
    try:
        connection.executescript(entry["OPTIONS"]["init_command"])
        return int(connection.execute(f"PRAGMA {name}").fetchone()[0])
    finally:
        connection.close()


def test_sqlite_defaults_to_wal_with_synchronous_normal_and_keeps_connections(monkeypatch, tmp_path):
    """Check that SQLite runs in WAL mode with synchronous=NORMAL (1) and keeps connections for 60 s."""
    monkeypatch.delenv("ASSEMBLY_SQLITE_SYNCHRONOUS", raising=False)
    entry = database_config(None, sqlite_path=tmp_path / "db.sqlite3")
    assert _pragma(entry, tmp_path, "synchronous") == 1
    assert "journal_mode=WAL" in entry["OPTIONS"]["init_command"]
    assert entry["CONN_MAX_AGE"] == 60


def test_sqlite_synchronous_full_on_request(monkeypatch, tmp_path):
    """Check that ASSEMBLY_SQLITE_SYNCHRONOUS=full gives synchronous=FULL (2)."""
    monkeypatch.setenv("ASSEMBLY_SQLITE_SYNCHRONOUS", "full")
    entry = database_config(None, sqlite_path=tmp_path / "db.sqlite3")
    assert _pragma(entry, tmp_path, "synchronous") == 2


def test_an_unknown_synchronous_mode_is_recorded_by_name_and_not_applied(monkeypatch, tmp_path):
    """Check that a mode other than NORMAL or FULL is recorded for the check assembly.E001 (which stops
    the server) with the variable's name, and that SQLite is not given it."""
    monkeypatch.setenv("ASSEMBLY_SQLITE_SYNCHRONOUS", "OFF")
    environment = Environment()
    entry = database_config(None, sqlite_path=tmp_path / "db.sqlite3", environment=environment)
    assert [p.variable for p in environment.problems] == ["ASSEMBLY_SQLITE_SYNCHRONOUS"]
    assert _pragma(entry, tmp_path, "synchronous") == 1


def test_postgresql_binds_on_the_server_and_prepares_repeated_queries():
    """Check that a PostgreSQL URL gets server-side binding, prepared statements after 5 runs, reused
    connections with a health check, and the backend whose health check sends nothing."""
    entry = database_config("postgres://postgres@127.0.0.1:5432/assembly", sqlite_path=Path("unused"))
    assert entry["ENGINE"] == "assembly.config.postgresql"
    assert entry["OPTIONS"]["server_side_binding"] is True
    assert entry["OPTIONS"]["prepare_threshold"] == 5
    assert entry["CONN_MAX_AGE"] == 60
    assert entry["CONN_HEALTH_CHECKS"] is True


def test_the_url_can_turn_server_side_binding_off():
    """Check that ``?server_side_binding=false`` in the URL wins over the default (e.g. behind a pooler)."""
    url = "postgres://postgres@127.0.0.1:5432/assembly?server_side_binding=false"
    entry = database_config(url, sqlite_path=Path("unused"))
    assert entry["OPTIONS"]["server_side_binding"] is False
