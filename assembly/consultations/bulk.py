"""Load millions of rows into a table inside the caller's transaction, on SQLite and PostgreSQL.

:func:`insert_rows` sends rows in database form without building model instances: PostgreSQL gets
``COPY ... FROM STDIN`` (one stream), SQLite ``executemany`` in batches. :func:`bulk_load` makes a
large load cheap for the database: when the rows to load outnumber those a table holds, it drops the
table's secondary indexes (and, on PostgreSQL, its foreign keys, whose deferred checks cost a trigger
call per row at commit) and builds them again once the rows are in: one sorted build and one join
instead of millions of random index updates. The drops and builds are part of the transaction, so a
failure anywhere rolls them back with the rows. On PostgreSQL the dropped constraints lock the table
until the commit: writes to it elsewhere wait (seconds, docs/deploy.md).

Measured on 100,000 x 1,000 (4.0 M vote events), docs/benchmarks.md (``bench/import_export.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from django.db import connection, models

__all__ = ["BATCH_SIZE", "bulk_load", "insert_rows", "keys_known"]

# Rows per batch (one executemany on SQLite): large enough to amortise the calls, small enough to
# hold little memory.
BATCH_SIZE = 40_000
# SQLite page cache (KiB) while a load runs: 256 MB holds the vote tables' indexes for a few million
# votes (the default 2 MB makes every index insert a disk read); set back afterwards.
LOAD_CACHE_KIB = 256 * 1024
# PostgreSQL memory for the index builds and the sorts of the load (SET LOCAL: this transaction only).
LOAD_WORK_MEM = "256MB"


def _quoted(model: type[models.Model], fields: Sequence[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(str(cast("models.Field[Any, Any]", model._meta.get_field(f)).column)) for f in fields
    )
    return quote(model._meta.db_table), columns


def insert_rows(
    model: type[models.Model], fields: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]]
) -> None:
    """Insert rows (values in database form, in ``fields`` order), given in batches, into ``model``'s
    table: a batch is one ``executemany`` on SQLite (keep batches to a few thousand rows), part of the
    one ``COPY`` stream on PostgreSQL. No Python loop runs per row on SQLite.

    Table and column names come from the model, never from input; values are never put in the SQL.
    """
    table, columns = _quoted(model, fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for batch in batches:
                    for row in batch:
                        copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        for batch in batches:
            cursor.executemany(sql, batch)


def _suspendable(table: str) -> list[tuple[str, str, str]]:
    """(kind, name, definition) of the table's secondary indexes and, on PostgreSQL, foreign keys:
    what :func:`bulk_load` drops and recreates. Indexes behind a primary key or a unique constraint
    stay (SQLite cannot drop them; rows loaded in their order append to them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL ORDER BY name",
                [table],
            )
            return [("index", name, sql) for name, sql in cursor.fetchall()]
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY c.relname",
            [table],
        )
        indexes = [("index", name, sql) for name, sql in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        return indexes + [("foreign key", name, sql) for name, sql in cursor.fetchall()]


def _held(table: str) -> int:
    """At most the number of rows the table holds (its largest id): cheap on either database."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        (largest,) = cursor.fetchone()
    return int(largest or 0)


def _drop(table: str, kind: str, name: str) -> str:
    quote = connection.ops.quote_name
    if kind == "index":
        return f"DROP INDEX {quote(name)}"
    return f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}"


def _create(table: str, kind: str, name: str, definition: str) -> str:
    if kind == "index":
        return definition
    quote = connection.ops.quote_name
    return f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"


@contextmanager
def bulk_load(tables: Sequence[type[models.Model]], *, rows: int) -> Iterator[None]:
    """Within the caller's transaction, prepare ``tables`` for ``rows`` new rows each and restore them.

    Tables holding fewer rows than ``rows`` lose their secondary indexes (and PostgreSQL foreign keys)
    for the load; they are built again when the block ends normally. When it raises, nothing is
    rebuilt: the caller's transaction rolls back, and with it the drops. SQLite also gets a large page
    cache, PostgreSQL more sort memory, for the block only.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load must run inside a transaction (transaction.atomic)")
    suspended: list[tuple[str, str, str, str]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Altering a table's foreign keys needs no deferred check pending: run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"SET LOCAL work_mem = '{LOAD_WORK_MEM}'")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{LOAD_WORK_MEM}'")
        else:
            cursor.execute("PRAGMA cache_size")
            (cache_before,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = {-LOAD_CACHE_KIB}")
        for model in tables:
            table = model._meta.db_table
            if rows < max(_held(table), 1):
                continue
            for kind, name, definition in _suspendable(table):
                cursor.execute(_drop(table, kind, name))
                suspended.append((table, kind, name, definition))
    try:
        yield
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, kind, name, definition in suspended:
                cursor.execute(_create(table, kind, name, definition))
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are deferred
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(cache_before)}")


@contextmanager
def keys_known() -> Iterator[None]:
    """A block whose inserts only use foreign keys read from the database in the same transaction.

    SQLite then skips its per-row foreign key look-ups (three per vote: a third of a load's time);
    the keys cannot be wrong, having just been read. SQLite only changes this setting outside a
    transaction, so inside one (a test's, say) the block changes nothing and the checks run. PostgreSQL
    checks every key (:func:`bulk_load` rebuilds its foreign keys with one validating join).
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA foreign_keys = {int(before)}")
