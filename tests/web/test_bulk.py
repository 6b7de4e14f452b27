"""Loading many rows at once (assembly.consultations.bulk): all or nothing, indexes kept."""

from __future__ import annotations

import pytest
from django.db import connection

from assembly.consultations import bulk
from assembly.consultations.datasets import export_dataset, import_dataset
from assembly.consultations.models import Consultation, Participant, Statement, Vote, VoteEvent
from tests.web.test_datasets import small_dataset


def vote_table_schema() -> list[tuple[str, str, str]]:
    """(table, kind, name) of every secondary index and foreign key of the two vote tables."""
    return sorted(
        (model._meta.db_table, kind, name)
        for model in (VoteEvent, Vote)
        for kind, name, _definition in bulk._suspendable(model._meta.db_table)
    )


@pytest.mark.django_db(transaction=True)
def test_an_import_keeps_the_vote_tables_indexes_and_foreign_keys():
    """Check that after an import into empty vote tables (where the load drops and rebuilds them) the
    tables have the same indexes (and PostgreSQL foreign keys) as before, and the votes read back."""
    before = vote_table_schema()
    assert any(kind == "index" for _table, kind, _name in before)
    consultation = import_dataset(small_dataset(), slug="small")
    assert vote_table_schema() == before
    assert len(export_dataset(consultation).votes) == 4
    assert Vote.objects.filter(consultation=consultation).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_failure_during_the_vote_load_leaves_nothing_and_the_indexes_in_place(monkeypatch):
    """Check that an error after the vote events went in (while the indexes are dropped) rolls back
    the consultation, its participants, statements and votes, and the dropped indexes."""
    before = vote_table_schema()
    real = bulk.insert_rows

    def failing(model, fields, rows):
        if model is Vote:
            raise RuntimeError("disk full")
        real(model, fields, rows)

    monkeypatch.setattr("assembly.consultations.datasets.insert_rows", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        import_dataset(small_dataset(), slug="small")
    assert not Consultation.objects.exists() and not Participant.objects.exists()
    assert not Statement.objects.exists() and not VoteEvent.objects.exists()
    assert vote_table_schema() == before


@pytest.mark.django_db(transaction=True)
def test_bulk_load_refuses_to_run_outside_a_transaction():
    """Check that bulk_load, whose index drops must roll back with a failed load, needs a transaction."""
    with pytest.raises(RuntimeError, match="inside a transaction"), bulk.bulk_load((VoteEvent,), rows=10):
        pass
    assert not connection.in_atomic_block
