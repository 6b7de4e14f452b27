"""Django's PostgreSQL backend, with a connection health check that sends nothing to the server.

``CONN_HEALTH_CHECKS`` makes Django check a kept connection before the first query of each request, so
that a connection the server closed (a restart, an idle timeout, ``pg_terminate_backend``) is replaced
instead of failing the request. Django's check runs ``SELECT 1``: one round trip per request, about a
seventh of a participant's request on PostgreSQL (docs/reliability-log.md, item 15).

A server that ends a connection says so on it: it sends an error message and closes the socket, which
then has something to read. An idle connection in good health has nothing to read. So
:meth:`DatabaseWrapper.is_usable` first looks, without waiting, whether the socket has anything to
read; only if it has (or psycopg already knows the connection is broken) does it run Django's own check,
which then fails and has the connection replaced. A connection whose network silently vanished (no
message, no close) passes, as it would pass a check that times out later: its first query fails.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base

__all__ = ["DatabaseWrapper"]


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's PostgreSQL database wrapper; only :meth:`is_usable` differs."""

    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if readable:  # the server said something unasked: most likely that it closed the connection
            return bool(super().is_usable())
        return True
