"""The rate limits hold across server processes (issue "Reliability", item 4).

Two ``assembly serve`` processes (each with its own web processes) share one database. Requests of one
participant, or from one address, are spread over both and sent concurrently: the limits must count
them together, exactly, through the pages and the API alike, and answer the excess with 429 and
Retry-After.
"""

from __future__ import annotations

import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

from bench.load.harness import seed_consultation
from tests.reliability.checks import token_hash

VOTES_PER_MINUTE = 60  # the defaults (assembly.config.settings.base)
STATEMENTS_PER_MINUTE = 5
NEW_PARTICIPANTS_PER_HOUR = 20  # set for this test: fewer requests than the default 100
# Requests are sent this many at a time.
CONCURRENCY = 10
# A burst must fit in one window: if fewer seconds than this remain in it, wait for the next one.
SAFETY_SECONDS = 20


_VOTES_OF = (
    "SELECT COUNT(*) FROM consultations_voteevent e "
    "JOIN consultations_participant p ON p.id = e.participant_id WHERE p.token_hash = %s"
)


def _wait_for_a_fresh_window(length: int) -> None:
    left = length - time.time() % length
    if left < SAFETY_SECONDS:
        time.sleep(left + 0.5)


def _send(
    base_url: str, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, str]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After") or ""
    finally:
        connection.close()


def _api(base_url: str, path: str, payload: dict, token: str | None = None) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"} | ({"X-Participant-Token": token} if token else {})
    return _send(base_url, "POST", path, json.dumps(payload).encode(), headers)


def _page_vote(base_url: str, slug: str, token: str, statement: int) -> tuple[int, str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"assembly_p_{slug}={token}"}
    body = urlencode({"statement": statement, "value": 1}).encode()
    return _send(base_url, "POST", f"/c/{slug}/vote/", body, headers)


def _statuses(answers: list[tuple[int, str]]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for status, _retry in answers:
        counts[status] = counts.get(status, 0) + 1
    return counts


def _retry_afters(answers: list[tuple[int, str]], status: int = 429) -> set[str]:
    return {retry for code, retry in answers if code == status}


def test_limits_are_shared_by_two_server_processes(database, start_service):
    """Check that 70 votes of one participant spread over two servers, through the API and the page,
    give exactly 60 accepted and 10 refused (429, Retry-After of at most a minute); 8 submissions give
    5 accepted and 3 refused; 30 newcomers from one address with a cap of 20 give 20 participants."""
    site = seed_consultation(database, slug="limits", statements=20, tokens=2)
    env = {"ASSEMBLY_RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR": str(NEW_PARTICIPANTS_PER_HOUR)}
    servers = [start_service(database, **env).base_url, start_service(database, **env).base_url]
    voter, writer = site["tokens"]
    slug, statements = site["slug"], site["statements"]

    def vote(i: int) -> tuple[int, str]:  # odd: the page on one server; even: the API on the other
        statement = statements[i % len(statements)]
        if i % 2:
            return _page_vote(servers[1], slug, voter, statement)
        return _api(
            servers[0], f"/api/consultations/{slug}/votes", {"statement": statement, "value": 1}, voter
        )

    def submit(i: int) -> tuple[int, str]:
        return _api(
            servers[i % 2], f"/api/consultations/{slug}/statements", {"text": f"Idea number {i}"}, writer
        )

    def newcomer(i: int) -> tuple[int, str]:
        return _api(
            servers[i % 2], f"/api/consultations/{slug}/votes", {"statement": statements[0], "value": 1}
        )

    _wait_for_a_fresh_window(60)
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        votes = list(pool.map(vote, range(VOTES_PER_MINUTE + 10)))
        submissions = list(pool.map(submit, range(STATEMENTS_PER_MINUTE + 3)))
    accepted_votes = sum(1 for status, _r in votes if status in (200, 303))
    assert (accepted_votes, _statuses(votes).get(429)) == (VOTES_PER_MINUTE, 10), _statuses(votes)
    assert all(1 <= int(retry) <= 60 for retry in _retry_afters(votes))
    assert _statuses(submissions) == {201: STATEMENTS_PER_MINUTE, 429: 3}
    assert all(1 <= int(retry) <= 60 for retry in _retry_afters(submissions))
    stored = database.rows(_VOTES_OF, (token_hash(voter),))
    assert stored == [(VOTES_PER_MINUTE,)]

    _wait_for_a_fresh_window(3600)
    before = database.rows("SELECT COUNT(*) FROM consultations_participant")[0][0]
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        newcomers = list(
            pool.map(
                lambda i: _api(
                    servers[i % 2],
                    f"/api/consultations/{slug}/votes",
                    {"statement": statements[0], "value": 1},
                ),
                range(30),
            )
        )
    assert _statuses(newcomers) == {200: NEW_PARTICIPANTS_PER_HOUR, 429: 30 - NEW_PARTICIPANTS_PER_HOUR}
    assert all(1 <= int(retry) <= 3600 for retry in _retry_afters(newcomers))
    assert (
        database.rows("SELECT COUNT(*) FROM consultations_participant")[0][0]
        == before + NEW_PARTICIPANTS_PER_HOUR
    )
