"""The database connection as configured (assembly.config.settings.base.database_config), checked on
the database the tests run against."""

from __future__ import annotations

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
