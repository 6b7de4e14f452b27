"""Routing by priority (assembly.results.routing and the participant pages' next-statement draw)."""

from __future__ import annotations

import math
import random
import re

from django.utils import timezone

from assembly.consultations import routing, services
from assembly.results import snapshots
from assembly.results.models import AnalysisSnapshot
from assembly.results.routing import latest_priorities
from tests.web.results_data import two_camps

DRAWS = 1500
# Allowed distance between an observed share and its probability: 5 binomial standard deviations at
# the widest (p = 1/2), so a correct draw fails this test with probability below 1e-6.
TOLERANCE = 5 * math.sqrt(0.25 / DRAWS)


def store_priorities(consultation, priorities: dict[int, float]) -> None:
    """A successful snapshot carrying exactly these priorities (what the runner would store)."""
    snapshot = snapshots.snapshot_for(consultation)
    snapshot.document = {"groups": [], "statements": []}
    snapshot.priorities = {str(k): v for k, v in priorities.items()}
    snapshot.finished_at = timezone.now()
    snapshot.save()


def test_there_are_no_priorities_before_the_first_analysis(consultation):
    """Check that without a successful analysis the pages get None (so draw uniformly)."""
    assert routing.priorities(consultation) is None
    snapshots.snapshot_for(consultation)  # an empty snapshot row: still no analysis
    assert routing.priorities(consultation) is None


def test_priorities_are_those_of_the_latest_analysis(consultation):
    """Check that the pages get the analysis document's priorities, keyed by statement number."""
    two_camps(consultation)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    document = AnalysisSnapshot.objects.get(consultation=consultation).document
    expected = {int(k): v for k, v in document["priorities"].items()}
    assert routing.priorities(consultation) == expected
    assert set(expected) == {0, 1, 2, 3, 4, 5}


def test_a_failed_run_keeps_routing_on_the_last_priorities(consultation, participant, monkeypatch):
    """Check that when the analysis fails, routing keeps the priorities of the last good run."""
    services.cast_vote(participant, statement_number=0, value=1)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    before = latest_priorities(consultation)
    monkeypatch.setattr(snapshots, "_analyse", lambda dataset: 1 / 0)
    services.cast_vote(participant, statement_number=1, value=1)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "failed"
    assert latest_priorities(consultation) == before


def test_statements_are_drawn_in_proportion_to_their_priority(consultation, participant):
    """Check, with a fixed seed, that priorities 6 : 3 : 1 give #0, #1, #2 about 60%, 30%, 10% of the
    draws (each within 5 standard deviations)."""
    store_priorities(consultation, {0: 6.0, 1: 3.0, 2: 1.0})
    rng = random.Random(20250602)
    counts = {0: 0, 1: 0, 2: 0}
    for _ in range(DRAWS):
        statement = services.next_statement(
            consultation, participant=participant, priorities=routing.priorities(consultation), rng=rng
        )
        counts[statement.number] += 1
    for number, probability in ((0, 0.6), (1, 0.3), (2, 0.1)):
        assert abs(counts[number] / DRAWS - probability) < TOLERANCE, counts


def test_the_participant_page_never_shows_a_statement_of_priority_zero(client, consultation):
    """Check that the participant page routes by the snapshot: with #0 and #2 at priority 0 it always
    shows #1 (and, before any snapshot, shows other statements too)."""

    def shown() -> int:
        html = client.get("/c/heritage/").content.decode()
        return int(re.search(r'name="statement" value="(\d+)"', html).group(1))

    before = {shown() for _ in range(40)}
    assert len(before) > 1  # uniform: three statements, 40 draws
    store_priorities(consultation, {0: 0.0, 1: 2.5, 2: 0.0})
    assert {shown() for _ in range(40)} == {1}
