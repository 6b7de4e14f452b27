"""Killing the analysis worker mid-run changes nothing for voters, and its restart catches up exactly
(issue "Reliability", item 14).

``assembly serve --no-analysis`` answers the votes and ``assembly worker`` analyses, as in a production
setup with separate workers. The consultation starts with 3,000 simulated participants (about 96,000
votes, an analysis of about a second), and clients keep voting throughout. The worker is killed with
SIGKILL while it holds the analysis lease (in the middle of a run), left dead for a while, then
started again. Votes must all succeed, with the same latency while the worker is dead as before; after
the restart the stored analysis must equal one computed from scratch on the final data.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from bench.load.harness import PYTHON, ROOT, Database, seed_consultation
from bench.load.loadgen import LoadConfig, percentile, run_load
from tests.reliability.conftest import LONG

SIMULATED_PARTICIPANTS = 3000
VOTES_PER_SECOND = 30
PARTICIPANTS = 300
# Phases of the run, in seconds: votes with the worker running, with the worker dead, after its restart.
BEFORE_KILL_SECONDS = 20 if LONG else 5
WORKER_DEAD_SECONDS = 20 if LONG else 5
AFTER_RESTART_SECONDS = 5
# "Unchanged latency": the 95th percentile of votes while the worker is dead stays within this factor,
# plus this margin, of the one before (a margin, since a shared test machine is never quite steady).
LATENCY_FACTOR = 2.0
LATENCY_MARGIN_SECONDS = 0.05
# How long the test waits for the worker to be mid-run, and for the analysis to catch up at the end.
WAIT_SECONDS = 120


def _lease(database: Database) -> str:
    rows = database.rows("SELECT lease_owner FROM results_analysissnapshot")
    return str(rows[0][0]) if rows else ""


def _caught_up(database: Database) -> bool:
    """The stored analysis includes the latest vote (so it ran after the restart) and no run is going on."""
    rows = database.rows("SELECT last_vote_event_id, lease_owner FROM results_analysissnapshot")
    latest = database.rows("SELECT MAX(id) FROM consultations_voteevent")[0][0]
    return bool(rows) and rows[0][0] == latest and not rows[0][1]


def _stored_document(database: Database) -> dict:
    stored = database.rows("SELECT document FROM results_analysissnapshot")[0][0]
    return json.loads(stored) if isinstance(stored, str) else stored


def _recomputed_document(database: Database, slug: str) -> dict:
    done = subprocess.run(
        [PYTHON, "-m", "tests.reliability.recompute", slug],
        env=database.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout)


def test_killing_the_worker_mid_run_leaves_voting_alone_and_its_restart_catches_up(
    database, start_service, tmp_path
):
    """Check that votes never fail and keep their latency while the worker is killed mid-analysis and
    dead, and that after its restart the stored analysis equals a clean recompute."""
    site = seed_consultation(database, slug="worker", simulated=SIMULATED_PARTICIPANTS)
    server = start_service(database, "serve", "--no-analysis")
    worker = start_service(database, "worker")
    stop_file = tmp_path / "stop"
    timeline: dict[str, float] = {}

    def kill_mid_run_and_restart(worker=worker, stop_file: Path = stop_file) -> None:
        time.sleep(BEFORE_KILL_SECONDS)
        deadline = time.monotonic() + WAIT_SECONDS
        while not _lease(database).startswith("worker@"):
            assert time.monotonic() < deadline, "the worker never started an analysis"
            time.sleep(0.01)
        worker.kill()
        timeline["killed"] = time.monotonic()
        time.sleep(WORKER_DEAD_SECONDS)
        timeline["restarted"] = time.monotonic()
        worker.start()
        time.sleep(AFTER_RESTART_SECONDS)
        stop_file.touch()

    result = run_load(
        LoadConfig(
            base_url=server.base_url,
            slug=site["slug"],
            rate=VOTES_PER_SECOND,
            duration=BEFORE_KILL_SECONDS + WORKER_DEAD_SECONDS + WAIT_SECONDS + 60,
            participants=PARTICIPANTS,
            mode="vote",
            statements=tuple(site["statements"]),
            processes=1,
            stop_file=str(stop_file),
        ),
        during=kill_mid_run_and_restart,
    )

    assert result.failures() == 0, result.errors
    votes = [s for s in result.samples if s.kind == "vote"]
    before = [s.latency for s in votes if s.at < timeline["killed"]]
    dead = [s.latency for s in votes if timeline["killed"] <= s.at < timeline["restarted"]]
    assert len(before) > 20 and len(dead) > 20
    baseline, while_dead = percentile(before, 95), percentile(dead, 95)
    print(f"vote p95 {1000 * baseline:.0f} ms with the worker, {1000 * while_dead:.0f} ms while it is dead")
    # Latency is measured and printed; asserted only on request on a quiet machine (speed goes to benchmarks,
    # not timed tests: on a shared CI machine other jobs move a p95 more than the worker does).
    if os.environ.get("ASSEMBLY_ASSERT_LATENCY") == "1":
        assert while_dead <= LATENCY_FACTOR * baseline + LATENCY_MARGIN_SECONDS, (baseline, while_dead)

    deadline = time.monotonic() + WAIT_SECONDS
    while not _caught_up(database):
        assert time.monotonic() < deadline, "the restarted worker did not catch up"
        time.sleep(0.2)
    assert _stored_document(database) == _recomputed_document(database, site["slug"])
