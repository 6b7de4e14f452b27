"""Migration 0006 (issue 14 item 5): consultations that existed before drafts were live, so they stay
published, as of their creation date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("consultations", "0005_embed_any_site")]
AFTER = [("consultations", "0006_consultation_draft")]


@pytest.mark.django_db(transaction=True)
def test_existing_consultations_stay_published_as_of_their_creation():
    """Check that a consultation made before the migration is published at its creation date after it."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("consultations", "Consultation")
    created = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    made = old.objects.create(slug="older", title="Older", question="Q?")
    old.objects.filter(pk=made.pk).update(created_at=created)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("consultations", "Consultation")
    assert new.objects.get(slug="older").published_at == created
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
