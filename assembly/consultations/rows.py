"""Model instances from plain SQL, for the reads every participant request makes.

Building a query with the ORM costs about 0.25 ms of CPU, several times what the database takes to
answer a lookup by key (measured on SQLite: a consultation by slug 274 µs through the ORM, 42 µs
here), and a participant's next-statement or vote request reads four to six rows. Those reads use
:class:`Select`: the SQL is written once per model and condition, and each row goes through the
database converters the ORM would apply (dates, booleans, JSON), so the instance is the one the ORM
returns. The SQL names tables and columns without quotes (all are lower case) and uses ``%s``
placeholders, which SQLite and PostgreSQL both read through Django's cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Field, Model

__all__ = ["Select"]

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


def _converters(
    model: type[Model], fields: Sequence[Field[Any, Any]]
) -> list[tuple[int, list[Converter], Any]]:
    """(column index, converters, column expression) of the selected columns that need converting."""
    found = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            found.append((index, converters, column))
    return found


def _column(model: type[Model], name: str) -> Field[Any, Any]:
    """The field ``name`` of ``model``, which must be one of its columns (not a reverse relation)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise ValueError(f"{model.__name__}.{name} is a reverse relation, not a column")
    return field


class Select(Generic[M]):
    """``SELECT <columns> FROM <the model's table> WHERE <where>``, returning instances.

    ``where`` (the rest of the statement: conditions, and ORDER BY where it matters) uses the table's
    column names and ``%s`` placeholders; ``fields`` selects some fields only (the others are
    deferred, as with ``QuerySet.only``; default: all). ``first(*params)`` returns the first row's
    instance or None. Converters are worked out once per database vendor.
    """

    def __init__(self, model: type[M], where: str, *, fields: Sequence[str] = ()) -> None:
        meta = model._meta
        chosen = [_column(model, name) for name in fields]
        self.fields: list[Field[Any, Any]] = chosen or list(meta.concrete_fields)
        self.names = [field.attname for field in self.fields]
        columns = ", ".join(f"{field.column}" for field in self.fields)  # concrete fields: never None
        self.model = model
        self.sql = f"SELECT {columns} FROM {meta.db_table} WHERE {where}"  # noqa: S608 (names from the model)
        self._converters: dict[str, list[tuple[int, list[Converter], Any]]] = {}

    def columns(self, alias: str) -> str:
        """The selected columns, prefixed with a table alias, for a join written by hand."""
        return ", ".join(f"{alias}.{field.column}" for field in self.fields)

    def first(self, *params: Any) -> M | None:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        return None if row is None else self.instance(row)

    def instance(self, row: Sequence[Any]) -> M:
        """The instance of a row holding the selected columns in order."""
        converters = self._converters.get(connection.vendor)
        if converters is None:
            converters = self._converters[connection.vendor] = _converters(self.model, self.fields)
        values = list(row)
        for index, functions, column in converters:
            for function in functions:
                values[index] = function(values[index], column, connection)
        return self.model.from_db(connection.alias, self.names, values)
