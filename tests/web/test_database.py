"""The database connection as configured (assembly.config.settings.base.database_config), checked on
the database the tests run against."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.db import connection

from assembly.consultations.models import Consultation


@pytest.mark.django_db
def test_postgresql_prepares_a_query_the_connection_runs_repeatedly():
    """Check that PostgreSQL holds a prepared statement once the same query ran 6 times on a connection,
    so it parses and plans it once instead of at every request."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; this runs in the PostgreSQL pass of .ci/run")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        before = cursor.fetchone()[0]
    for _ in range(6):
        Consultation.objects.filter(slug="no-such-consultation").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert len(prepared) > before
    assert any("no-such-consultation" not in s and "consultation" in s for s in prepared)


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("our PostgreSQL backend's health check: this runs in the PostgreSQL pass of .ci/run")


@pytest.mark.django_db(transaction=True)
def test_the_health_check_of_a_healthy_connection_sends_nothing(monkeypatch):
    """Check that a kept connection in good health passes the health check without a query (Django's own
    check runs ``SELECT 1``: a round trip per request)."""
    _postgresql_only()
    connection.ensure_connection()

    def no_query(*_args, **_kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(connection.connection, "cursor", no_query)
    monkeypatch.setattr(connection.connection, "execute", no_query)
    assert connection.is_usable() is True


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_fails_the_health_check_and_is_replaced():
    """Check that after the server ends a kept connection (as a restart or ``pg_terminate_backend`` does)
    the health check fails, Django replaces the connection, and the next query works."""
    _postgresql_only()
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (backend,))
    deadline = time.monotonic() + 10
    while not select.select([connection.connection.fileno()], [], [], 0.1)[0]:
        assert time.monotonic() < deadline, "the server's goodbye never arrived"
    assert connection.is_usable() is False
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    assert connection.connection is None
    assert Consultation.objects.filter(slug="no-such-consultation").exists() is False
    assert connection.connection.info.backend_pid != backend
