"""Request bodies read to their end under the WSGI application (assembly.config.request_body)."""

from __future__ import annotations

import io

from assembly.config.request_body import DRAIN_MAX_BYTES, read_bodies_to_the_end


def _call(body: bytes, *, length: int, read: int) -> tuple[list, io.BytesIO, bytes]:
    """Run an application that reads ``read`` bytes of a request announcing ``length``; the headers it
    sent, the stream and what the application read."""
    stream = io.BytesIO(body + b"NEXT REQUEST")
    seen: dict[str, bytes] = {}

    def application(environ, start_response):
        seen["read"] = environ["wsgi.input"].read(read)
        start_response("413 Payload Too Large", [("Content-Type", "application/json")])
        return [b"{}"]

    sent: list = []
    environ = {"CONTENT_LENGTH": str(length), "wsgi.input": stream}
    read_bodies_to_the_end(application)(environ, lambda status, headers: sent.append((status, headers)))
    return sent, stream, seen["read"]


def test_the_unread_rest_of_a_body_is_read_before_the_response_and_no_further():
    """Check that what the application left of the announced body is consumed, the bytes after it are not,
    and the connection is not closed."""
    sent, stream, read = _call(b"a" * 100_000, length=100_000, read=10)
    assert read == b"a" * 10
    assert stream.read() == b"NEXT REQUEST"
    assert sent == [("413 Payload Too Large", [("Content-Type", "application/json")])]


def test_the_application_never_reads_past_the_announced_length():
    """Check that a read asking for more gets the announced body only."""
    _sent, stream, read = _call(b"abc", length=3, read=1000)
    assert read == b"abc" and stream.read() == b"NEXT REQUEST"


def test_a_body_with_more_left_than_is_worth_reading_closes_the_connection_announced():
    """Check that over DRAIN_MAX_BYTES left, nothing more is read and the response says Connection: close."""
    length = DRAIN_MAX_BYTES + 11
    sent, stream, _read = _call(b"b" * 20, length=length, read=10)
    assert stream.tell() == 10
    assert ("Connection", "close") in sent[0][1]


def test_a_chunked_body_is_read_to_its_end():
    """Check that a body without an announced length (chunked) that the application did not read is
    consumed to its end (the server gives its end as an empty read), without Connection: close."""
    stream = io.BytesIO(b"c" * 200_000)
    sent: list = []

    def application(environ, start_response):
        start_response("400 Bad Request", [])
        return [b"{}"]

    environ = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input": stream}
    read_bodies_to_the_end(application)(environ, lambda status, headers: sent.append((status, headers)))
    assert stream.read() == b"" and sent == [("400 Bad Request", [])]
