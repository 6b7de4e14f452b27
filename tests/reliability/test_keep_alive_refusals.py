"""API refusals from a real `assembly serve` (granian) leave a kept-alive connection usable (issue 11,
item 2).

One HTTP/1.1 connection carries, in turn, refusals that leave the request body unread by the
application (a body over the 2.5 MB limit, an unknown address, an unknown method, a staff write
without its CSRF token, a chunked body of 3 MiB), each followed by a request that must be answered on
the same connection. A body too large to be worth reading (over
assembly.config.request_body.DRAIN_MAX_BYTES) is refused with the connection's end announced
(``Connection: close``).
"""

from __future__ import annotations

import http.client
import json
import socket

from assembly.config.request_body import DRAIN_MAX_BYTES
from bench.load.harness import LOOPBACK, seed_consultation

LIMIT = int(2.5 * 2**20)  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, which the settings keep
# (method, path, body, expected status, expected code)
REFUSALS = [
    (
        "POST",
        "/api/consultations/keep/votes",
        {"statement": 0, "value": 1, "pad": "x" * (LIMIT + 1)},
        413,
        "too_large",
    ),
    ("POST", "/api/no-such-thing", {"pad": "x" * 100_000}, 404, "not_found"),
    (
        "PUT",
        "/api/consultations/keep/votes",
        {"statement": 0, "value": 1, "pad": "x" * 100_000},
        405,
        "method_not_allowed",
    ),
    ("POST", "/api/consultations", {"slug": "x", "pad": "x" * 100_000}, 403, "csrf_failed"),
    # A chunked body announces no length; Django reads none of it (an empty body: not a vote).
    ("POST", "/api/consultations/keep/votes", [b"x" * 2**16] * 48, 400, None),  # None: any code
]


def test_refusals_that_leave_the_body_unread_keep_the_connection(database, start_service):
    """Check that each refusal is JSON in the error shape with its status and code, and that the next
    request on the same connection (same local port) is answered."""
    site = seed_consultation(database, slug="keep", statements=2, tokens=1)
    server = start_service(database, "serve", "--no-analysis", "--processes", "1")
    connection = http.client.HTTPConnection(LOOPBACK, server.port, timeout=60)
    connection.connect()
    local = connection.sock.getsockname()
    headers = {"Content-Type": "application/json", "X-Participant-Token": site["tokens"][0]}
    for method, path, body, status, code in REFUSALS:
        if isinstance(body, list):
            chunked = headers | {"Transfer-Encoding": "chunked"}
            connection.request(method, path, body=iter(body), headers=chunked, encode_chunked=True)
        else:
            connection.request(method, path, body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        refused = json.loads(response.read())
        assert (response.status, response.getheader("Content-Type")) == (
            status,
            "application/json; charset=utf-8",
        )
        assert set(refused) == {"code", "message", "field"} and refused["code"] == (code or refused["code"])
        assert response.getheader("Connection") != "close"
        connection.request("GET", "/api/consultations/keep", headers=headers)
        following = connection.getresponse()
        assert following.status == 200 and json.loads(following.read())["slug"] == "keep"
        assert connection.sock is not None and connection.sock.getsockname() == local, (method, path)
    connection.close()


def test_a_body_too_large_to_read_is_refused_with_the_connections_end_announced(database, start_service):
    """Check that a body announced over DRAIN_MAX_BYTES gets 413 too_large and Connection: close, after only
    its first bytes were sent."""
    seed_consultation(database, slug="keep", statements=1, tokens=0)
    server = start_service(database, "serve", "--no-analysis", "--processes", "1")
    with socket.create_connection((LOOPBACK, server.port), timeout=60) as client:
        head = (
            "POST /api/consultations/keep/votes HTTP/1.1\r\nHost: localhost\r\n"
            f"Content-Type: application/json\r\nContent-Length: {DRAIN_MAX_BYTES + 1}\r\n\r\n"
        )
        client.sendall(head.encode() + b"x" * 65_536)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = client.recv(65_536)
            if not data:
                break
            answer += data
    head_text, _sep, body = answer.partition(b"\r\n\r\n")
    lines = head_text.decode().lower().split("\r\n")
    assert lines[0].startswith("http/1.1 413")
    assert "connection: close" in lines
    assert json.loads(body)["code"] == "too_large"
