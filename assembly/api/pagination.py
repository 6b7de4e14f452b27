"""Pages of a list the API could not answer whole: statements, in the order of their numbers.

A consultation of 10,000 statements made ``GET .../statements`` a 1.7 MB answer of 0.46 s: one anonymous
request cost the server as much as hundreds of votes. :class:`NumberPages` answers at most ``limit``
statements (100 unless asked otherwise, at most 500) after the number ``after``, with the link to the
next page. Pages follow the statement numbers (keyset pagination): a statement added, accepted or
rejected while a client reads the pages never shifts the others, so each statement is seen at most
once, and a new one appears on the last page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from assembly.api.schemas import NUMBER_MAX

__all__ = ["PAGE_DEFAULT", "PAGE_MAX", "NumberPages"]

# Statements per page unless the client asks otherwise: about 17 KB, a few milliseconds.
PAGE_DEFAULT = 100
PAGE_MAX = 500


class NumberPages(PaginationBase):
    """Keyset pagination on ``number``: ``?after=<last number seen>&limit=<page size>``."""

    class Input(Schema):
        after: int = Field(
            -1,
            ge=-1,
            le=NUMBER_MAX,
            description=(
                "Start after this statement number: the last number of the page before (the `next` link "
                "carries it). Left out (-1): the first page."
            ),
        )
        limit: int = Field(
            PAGE_DEFAULT, ge=1, le=PAGE_MAX, description=f"Statements per page, 1 to {PAGE_MAX}."
        )

    class Output(Schema):
        items: list[Any] = Field(description="The page's statements, by number.")
        count: int = Field(description="How many statements the whole list has now.")
        next: str | None = Field(description="The path and query of the next page; null on the last page.")

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        page = queryset.filter(number__gt=pagination.after).order_by("number")
        found = list(page[: pagination.limit + 1])
        items = found[: pagination.limit]
        more = len(found) > pagination.limit
        query = urlencode({"after": items[-1].number, "limit": pagination.limit}) if more else ""
        return {
            "items": items,
            "count": queryset.count(),
            "next": f"{request.path}?{query}" if more else None,
        }
