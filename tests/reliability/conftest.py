"""Fixtures for the reliability tests: real ``assembly serve`` / ``assembly worker`` processes on a fresh
database of their own (a SQLite file, or a new PostgreSQL database when the run has ``DATABASE_URL``).

These tests do not use pytest-django's test database: the processes under test open the database
themselves, as in production, and the tests read it back with plain SQL (:mod:`tests.reliability.checks`).
Every process is started in its own process group and killed at the end of its test, even on failure.

``ASSEMBLY_LONG=1`` selects the longer variants (more crash rounds, longer load runs); see
docs/reliability-log.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.load.harness import Database, Service, create_database, database_kind

# The longer variants run on demand only: CI keeps every reliability test short.
LONG = os.environ.get("ASSEMBLY_LONG") == "1"
# Rate limits for load runs, which come from one loopback address: per-address participant creation
# is off (hundreds of simulated participants share 127.0.0.1); the per-participant limits stay on.
LOAD_ENV = {"ASSEMBLY_RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR": "0"}


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database for this test; a PostgreSQL one is dropped afterwards."""
    db = create_database(database_kind(), tmp_path / "site")
    try:
        yield db
    finally:
        db.drop()


@pytest.fixture
def start_service() -> Iterator[Callable[..., Service]]:
    """Start ``assembly serve`` or ``worker`` processes; all of them are stopped when the test ends."""
    started: list[Service] = []

    def start(database: Database, command: str = "serve", *args: str, **env: str) -> Service:
        service = Service(database, command=command, args=args, extra_env=LOAD_ENV | env)
        started.append(service)
        return service.start()

    try:
        yield start
    finally:
        for service in started:
            service.stop()
