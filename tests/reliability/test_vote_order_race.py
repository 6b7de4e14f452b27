"""Votes of one participant on one statement sent together: the history's order, the export and the
live vote agree in every round (issue 11, item 1).

Each round, a few client processes release their votes for one participant and one statement at once,
alternately to two ``assembly serve`` processes sharing the database. Afterwards, for every round, the
live vote must be the history's latest event both in id order and in time order (time, then id: the
order every reader uses, assembly.consultations.models.VOTE_ORDER), and the cell of ``assembly export``'s
participants-votes.csv. Before the fix the time order picked another vote in about half of the rounds.
The deterministic replay of the race, with every reader checked, is tests/web/test_vote_order.py.
"""

from __future__ import annotations

import csv
import multiprocessing

from bench.load.harness import run_assembly, seed_consultation
from tests.reliability.checks import token_hash
from tests.reliability.test_concurrent_votes import (
    ANSWER_TIMEOUT_SECONDS,
    BARRIER_TIMEOUT_SECONDS,
    _vote_at_barrier,
)

ROUNDS = 10
CLIENTS_PER_ROUND = 8  # a participant's votes stay under the rate limit of 60 a minute
VALUES = (1, -1, 0)

_HISTORY = """
    SELECT e.value FROM consultations_voteevent e
    JOIN consultations_participant p ON p.id = e.participant_id
    JOIN consultations_statement s ON s.id = e.statement_id
    WHERE p.token_hash = %s AND s.number = %s ORDER BY {order}
"""
_LIVE = """
    SELECT p.number, v.value FROM consultations_vote v
    JOIN consultations_participant p ON p.id = v.participant_id
    JOIN consultations_statement s ON s.id = v.statement_id
    WHERE p.token_hash = %s AND s.number = %s
"""


def _race(base_urls: list[str], slug: str, token: str, statement: int) -> list[object]:
    """One round: every client votes at the same moment; their answers' statuses."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(CLIENTS_PER_ROUND)
    answers = context.Queue()
    clients = [
        context.Process(
            target=_vote_at_barrier,
            args=(barrier, answers, base_urls[i % 2], slug, token, statement, VALUES[i % len(VALUES)]),
        )
        for i in range(CLIENTS_PER_ROUND)
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
    return [status for _value, status in results]


def test_every_reader_agrees_with_the_live_vote_after_simultaneous_votes(database, start_service, tmp_path):
    """Check, over rounds of simultaneous votes of one participant on one statement, that the latest event
    by id and by (time, id) and the exported participants-votes.csv cell all equal the live vote."""
    site = seed_consultation(database, slug="order", statements=ROUNDS, tokens=ROUNDS)
    servers = [start_service(database, "serve", "--no-analysis", "--processes", "2") for _i in range(2)]
    urls = [server.base_url for server in servers]
    rounds = list(zip(site["tokens"], site["statements"], strict=True))
    for token, statement in rounds:
        assert _race(urls, site["slug"], token, statement) == [200] * CLIENTS_PER_ROUND

    run_assembly(database, "export", site["slug"], "--out", str(tmp_path / "export"))
    with open(tmp_path / "export" / "participants-votes.csv", newline="") as handle:
        exported = {row["participant"]: row for row in csv.DictReader(handle)}
    disagreements = []
    for token, statement in rounds:
        [(number, live)] = database.rows(_LIVE, (token_hash(token), statement))
        by_id = database.rows(_HISTORY.format(order="e.id"), (token_hash(token), statement))
        by_time = database.rows(_HISTORY.format(order="e.created_at, e.id"), (token_hash(token), statement))
        assert len(by_id) == CLIENTS_PER_ROUND
        seen = (by_id[-1][0], by_time[-1][0], int(exported[str(number)][str(statement)]))
        if seen != (live, live, live):
            disagreements.append((statement, live, seen))
    assert disagreements == [], "statement, live vote, (latest by id, latest by time, export)"
