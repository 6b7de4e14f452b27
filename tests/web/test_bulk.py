"""Loading many rows at once (assembly.consultations.bulk): all or nothing, indexes kept."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection

from assembly.analysis.types import VoteLog
from assembly.consultations import bulk
from assembly.consultations.datasets import export_dataset, import_dataset
from assembly.consultations.models import Consultation, Participant, Statement, Vote, VoteEvent
from tests.web.test_datasets import small_dataset


def drops_recorded(monkeypatch) -> list[str]:
    """The names of the indexes and keys bulk_load drops from now on (it still drops them)."""
    dropped: list[str] = []
    real = bulk._drop

    def recording(table: str, kind: str, name: str) -> str:
        dropped.append(name)
        return real(table, kind, name)

    monkeypatch.setattr(bulk, "_drop", recording)
    return dropped


def vote_table_schema() -> list[tuple[str, str, str]]:
    """(table, kind, name) of every secondary index and foreign key of the two vote tables."""
    return sorted(
        (model._meta.db_table, kind, name)
        for model in (VoteEvent, Vote)
        for kind, name, _definition in bulk._suspendable(model._meta.db_table)
    )


@pytest.mark.django_db(transaction=True)
def test_an_import_keeps_the_vote_tables_indexes_and_foreign_keys(monkeypatch):
    """Check that after an import into empty vote tables (where the load drops and rebuilds them) the
    tables have the same indexes (and PostgreSQL foreign keys) as before, and the votes read back."""
    before = vote_table_schema()
    dropped = drops_recorded(monkeypatch)
    consultation = import_dataset(small_dataset(), slug="small")
    assert sorted(dropped) == sorted(name for _table, _kind, name in before)
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


@pytest.mark.django_db(transaction=True)
def test_an_import_smaller_than_the_tables_keeps_their_indexes_throughout(monkeypatch):
    """Check that a small import into tables holding more rows drops nothing (rebuilding would cost
    the whole table), and its votes are there."""
    import_dataset(small_dataset(), slug="first")
    dropped = drops_recorded(monkeypatch)
    one_vote = dataclasses.replace(small_dataset(), votes=VoteLog.from_rows([1], [0], [1], [1000.0]))
    second = import_dataset(one_vote, slug="second")
    assert dropped == []
    assert Vote.objects.filter(consultation=second).count() == 1
