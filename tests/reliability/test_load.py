"""Under load (issue "Reliability", item 15), and counts agreeing everywhere after it (item 3).

One load run per test session (module fixture): 1,000 simulated participants take turns fetching their
next statement and voting on it through the API of a real ``assembly serve``, at 200 votes (and 200
next-statement requests) a second (scaled down on small machines, see RATE), for 20 s in CI and 120 s
with ``ASSEMBLY_LONG=1``; a tenth of the steps change an earlier vote instead. The benchmark itself is
``bench/load/run.py``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import pytest

from bench.load.harness import Database, Service, create_database, database_kind, seed_consultation
from bench.load.run import LOAD_ENV, P95_LIMIT_MS, benchmark
from tests.reliability.conftest import LONG
from tests.reliability.counts import count_mismatches

# The target: 200 votes a second, and as many next-statement requests. Each request costs the
# server 3 ms of CPU on an idle core and about 5.5 ms when every core is busy (docs/reliability-log.md), so
# 400 requests a second take more than 2 cores with the load generator, the analysis and the database:
# on a machine with fewer than MIN_CORES_FOR_TARGET cores the CI run scales the rate down to
# VOTES_PER_CORE per core, about half of what such a machine can answer (ASSEMBLY_LONG=1 always runs
# the target rate).
TARGET_RATE = 200
MIN_CORES_FOR_TARGET = 4
VOTES_PER_CORE = 25
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
RATE = TARGET_RATE if LONG or CORES >= MIN_CORES_FOR_TARGET else VOTES_PER_CORE * CORES
PARTICIPANTS = 1000
DURATION_SECONDS = 120 if LONG else 20
STATEMENTS = 50
REVOTE_SHARE = 0.1
STAFF = ("load-admin", "a-long-password-for-the-load-test")
# After the load, the analysis catches up within a few runs; give up after this long.
CATCH_UP_SECONDS = 180
# The results page reuses its live counts for a second (assembly.results.presentation).
STATUS_CACHE_SECONDS = 1


@dataclass
class LoadRun:
    database: Database
    server: Service
    slug: str
    report: dict[str, Any]


@pytest.fixture(scope="module")
def load_run(tmp_path_factory) -> LoadRun:
    """The load run, on a fresh database; the server keeps serving until the module's tests are done."""
    database = create_database(database_kind(), tmp_path_factory.mktemp("load") / "site")
    server = Service(database, extra_env=LOAD_ENV)
    try:
        site = seed_consultation(database, slug="load", statements=STATEMENTS, staff=":".join(STAFF))
        server.start()
        report, _result = benchmark(
            database,
            server,
            slug=site["slug"],
            rate=RATE,
            duration=DURATION_SECONDS,
            participants=PARTICIPANTS,
            revote_share=REVOTE_SHARE,
        )
        yield LoadRun(database, server, site["slug"], report)
    finally:
        server.stop()
        database.drop()


def _latency(report: dict[str, Any]) -> dict[str, float]:
    return {kind: report[kind]["p95_ms"] for kind in ("next", "vote") if kind in report}


def test_votes_from_1000_participants_are_all_answered(load_run):
    """Check that every request of the load run (200 votes/s on 4 cores or more, 25 per core below) was
    answered with 200 and every vote was taken.

    Latency is printed, not asserted: speed is measured by the benchmark (``bench/load/run.py``, the
    figures in docs/reliability-log.md), never by a timed test, because a shared CI machine's load would
    make a time limit fail for reasons unrelated to the code. ``ASSEMBLY_ASSERT_LATENCY=1`` also asserts
    the 300 ms p95 promise, for a run on a quiet machine."""
    report = load_run.report
    print(
        {
            k: report.get(k)
            for k in ("database", "rate", "requests", "failures", "next", "vote", "server_cpu_ms_per_request")
        }
    )
    assert report["failures"] == 0, report["errors"]
    assert report["statuses"].get("vote 200", 0) >= RATE * DURATION_SECONDS * 0.9
    assert _latency(report), report
    if os.environ.get("ASSEMBLY_ASSERT_LATENCY") == "1":
        assert all(p95 < P95_LIMIT_MS for p95 in _latency(report).values()), report


def _analysis_caught_up(database: Database) -> bool:
    rows = database.rows("SELECT last_vote_event_id, lease_owner FROM results_analysissnapshot")
    latest = database.rows("SELECT MAX(id) FROM consultations_voteevent")[0][0]
    return bool(rows) and rows[0][0] == latest and not rows[0][1]


def test_every_count_shown_equals_the_database_after_the_load(load_run):
    """Check that once the analysis has caught up, every count of the results page, the report, the API
    and the export download equals the one computed from the database: 0 mismatches."""
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while not _analysis_caught_up(load_run.database):
        assert time.monotonic() < deadline, "the analysis did not catch up with the votes"
        time.sleep(0.5)
    time.sleep(STATUS_CACHE_SECONDS + 1)
    assert count_mismatches(load_run.database, load_run.server.base_url, load_run.slug, staff=STAFF) == []
