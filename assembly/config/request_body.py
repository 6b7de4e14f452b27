"""Every request's body read to its end, so a kept-alive connection serves the next request (issue 11,
item 2).

When the application answers without reading the whole body (a refusal: a body too large, an unknown
address, a missing CSRF token), granian cannot find where the next request on the connection starts,
and closes the connection without a word: the client's next request fails with a broken pipe.
:func:`read_bodies_to_the_end` wraps the WSGI application: when the response starts, it reads the rest
of the body and throws it away, up to :data:`DRAIN_MAX_BYTES` (a fraction of a second on a local
network); a body with more left is not read, and the response says ``Connection: close`` instead, so
the client knows the connection ends. A chunked body (no announced length; Django reads none of it) is
read the same way, to its last chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["DRAIN_MAX_BYTES", "read_bodies_to_the_end"]

# The most of a body read only to keep the connection: 32 MiB, about 13 times Django's 2.5 MB limit.
DRAIN_MAX_BYTES = 32 * 2**20
_CHUNK_BYTES = 2**16

StartResponse = Callable[..., Any]
Application = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class _Body:
    """``wsgi.input`` limited to the announced length (None: a chunked body, to its end), counting what
    is read."""

    def __init__(self, stream: Any, length: int | None) -> None:
        self.stream, self.length, self.done = stream, length, 0

    def _size(self, size: int | None) -> int:
        if self.length is None:
            return -1 if size is None else size
        left = self.length - self.done
        return left if size is None or size < 0 else min(size, left)

    def _counted(self, data: bytes) -> bytes:
        self.done += len(data)
        return data

    def read(self, size: int | None = -1) -> bytes:
        size = self._size(size)
        return self._counted(self.stream.read(size) if size else b"")

    def readline(self, size: int | None = -1) -> bytes:
        size = self._size(size)
        return self._counted(self.stream.readline(size) if size else b"")

    def __iter__(self) -> Any:
        return iter(self.readline, b"")

    def discard_rest(self) -> bool:
        """Read what is left, if at most DRAIN_MAX_BYTES; True when the body was read to its end."""
        if self.length is not None and self.length - self.done > DRAIN_MAX_BYTES:
            return False
        start = self.done
        while self.done - start <= DRAIN_MAX_BYTES:
            if not self.read(_CHUNK_BYTES):
                return self.length is None or self.done == self.length  # else: sent less than announced
        return False  # a chunked body longer than DRAIN_MAX_BYTES


def _length(environ: dict[str, Any]) -> int | None:
    """The announced body length; None for a chunked body, which announces none."""
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() and not environ.get("CONTENT_LENGTH"):
        return None
    try:
        return max(int(environ.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def read_bodies_to_the_end(application: Application) -> Application:
    """The WSGI ``application``, reading each request's body to its end before the response starts."""

    def wrapped(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = _length(environ)
        if length == 0:
            return application(environ, start_response)
        body = environ["wsgi.input"] = _Body(environ["wsgi.input"], length)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if not body.discard_rest():
                headers = [*headers, ("Connection", "close")]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        return application(environ, start)

    return wrapped
