"""Fifty simultaneous votes of one participant on one statement leave one live vote: the last committed
(issue "Reliability", item 2).

Fifty client processes each open a connection, wait at a common barrier, then send their vote at once,
half of them to each of two ``assembly serve`` processes sharing the database. Every vote must be
answered with 200 and recorded in the history, and the single live vote must hold the value of the
history's latest event (the order in which the database committed them).
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
from urllib.parse import urlsplit

from bench.load.harness import seed_consultation
from tests.reliability.checks import token_hash, vote_table_problems

CLIENTS = 50
# The values sent, in client order: a mix, so the surviving value says which request committed last.
VALUES = (1, -1, 0)
# Seconds a client waits at the barrier, and for its answer, before the test fails instead of hanging.
BARRIER_TIMEOUT_SECONDS = 120
ANSWER_TIMEOUT_SECONDS = 120

_EVENTS = """
    SELECT e.id, e.value FROM consultations_voteevent e
    JOIN consultations_participant p ON p.id = e.participant_id
    JOIN consultations_statement s ON s.id = e.statement_id
    WHERE p.token_hash = %s AND s.number = %s ORDER BY e.id
"""
_LIVE = """
    SELECT v.value FROM consultations_vote v
    JOIN consultations_participant p ON p.id = v.participant_id
    JOIN consultations_statement s ON s.id = v.statement_id
    WHERE p.token_hash = %s AND s.number = %s
"""


def _vote_at_barrier(
    barrier, answers, base_url: str, slug: str, token: str, statement: int, value: int
) -> None:
    """One client process: connect, wait for the others, vote, report (value, status)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=ANSWER_TIMEOUT_SECONDS)
    connection.connect()
    body = json.dumps({"statement": statement, "value": value})
    headers = {"Content-Type": "application/json", "X-Participant-Token": token}
    barrier.wait(BARRIER_TIMEOUT_SECONDS)
    try:
        connection.request("POST", f"/api/consultations/{slug}/votes", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        answers.put((value, response.status))
    except OSError as exc:
        answers.put((value, f"{type(exc).__name__}: {exc}"))


def test_fifty_simultaneous_votes_leave_one_live_vote_equal_to_the_last_committed(database, start_service):
    """Check that 50 votes released together from 50 processes, through two server processes, are all
    stored as history, and that exactly one live vote remains, equal to the latest event."""
    site = seed_consultation(database, slug="race", statements=1, tokens=1)
    token, statement = site["tokens"][0], site["statements"][0]
    servers = [start_service(database), start_service(database)]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(CLIENTS)
    answers = context.Queue()
    clients = [
        context.Process(
            target=_vote_at_barrier,
            args=(
                barrier,
                answers,
                servers[i % 2].base_url,
                site["slug"],
                token,
                statement,
                VALUES[i % len(VALUES)],
            ),
        )
        for i in range(CLIENTS)
    ]
    try:
        for client in clients:
            client.start()
        results = [answers.get(timeout=BARRIER_TIMEOUT_SECONDS + ANSWER_TIMEOUT_SECONDS) for _i in clients]
    finally:
        for client in clients:
            client.join(5)
            if client.is_alive():
                client.kill()

    assert [status for _value, status in results] == [200] * CLIENTS
    events = database.rows(_EVENTS, (token_hash(token), statement))
    assert sorted(value for _id, value in events) == sorted(value for value, _status in results)
    live = database.rows(_LIVE, (token_hash(token), statement))
    last_committed = events[-1][1]
    assert live == [(last_committed,)]
    assert all(problems == [] for problems in vote_table_problems(database).values())
