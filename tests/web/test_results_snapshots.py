"""Analysis snapshots (assembly.results.snapshots): what a refresh stores, when a snapshot is stale,
what a failed run leaves behind, and the lease that keeps two runners apart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.models import Statement, VoteEvent
from assembly.results import snapshots
from assembly.results.models import AnalysisSnapshot
from tests.web.results_data import CAMP_STATEMENTS, group_members, two_camps


def refreshed(consultation) -> AnalysisSnapshot:
    outcome = snapshots.refresh_snapshot(consultation, owner="test")
    assert outcome.status == "done", outcome.error
    return AnalysisSnapshot.objects.get(consultation=consultation)


def is_stale(consultation) -> bool:
    return snapshots.needs_refresh(
        snapshots.snapshot_for(consultation), snapshots.change_marker(consultation)
    )


def test_refresh_stores_the_analysis_of_the_databases_votes(consultation):
    """Check that a refresh stores the two camps as two groups, the vote counts, every participant's
    position and a priority per statement, and the last vote event as its watermark."""
    camps = two_camps(consultation)
    snapshot = refreshed(consultation)
    document = snapshot.document
    assert sorted(group_members(document), key=min) == [
        {p.number for p in camps.a},
        {p.number for p in camps.b},
    ]
    counts = {s["id"]: (s["agree"], s["disagree"], s["pass"]) for s in document["statements"]}
    assert counts == {n: (10, 10, 0) for n in CAMP_STATEMENTS}
    assert snapshot.votes == 20 * 6
    assert snapshot.last_vote_event_id == VoteEvent.objects.latest("id").id
    assert snapshot.positions["ids"] == list(range(20))
    assert len(snapshot.positions["x"]) == len(snapshot.positions["y"]) == 20
    assert set(snapshot.priorities) == {str(n) for n in CAMP_STATEMENTS}
    assert snapshot.finished_at >= snapshot.started_at
    assert snapshot.duration_seconds > 0
    assert snapshot.error == ""


def test_refresh_leaves_excluded_participants_out(consultation):
    """Check that a participant a moderator excluded is not counted, placed or positioned."""
    camps = two_camps(consultation)
    excluded = camps.a[0]
    excluded.excluded = True
    excluded.save()
    document = refreshed(consultation).document
    assert excluded.number not in set().union(*group_members(document))
    assert document["statements"][0]["agree"] == 9


def test_snapshot_is_fresh_after_a_refresh_and_stale_after_a_new_vote(consultation, participant):
    """Check that a snapshot is stale before its first run, fresh after it, and stale again after a vote."""
    services.cast_vote(participant, statement_number=0, value=1)
    assert is_stale(consultation)
    refreshed(consultation)
    assert not is_stale(consultation)
    services.cast_vote(participant, statement_number=1, value=-1)
    assert is_stale(consultation)


def test_changing_a_vote_makes_the_snapshot_stale(consultation, participant):
    """Check that a re-vote (same participant and statement) is noticed."""
    services.cast_vote(participant, statement_number=0, value=1)
    refreshed(consultation)
    services.cast_vote(participant, statement_number=0, value=-1)
    assert is_stale(consultation)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"moderation": Moderation.REJECTED.value, "moderated_at": "now"}, id="rejected"),
        pytest.param({"is_meta": True}, id="marked-meta"),
    ],
)
def test_moderating_a_statement_makes_the_snapshot_stale(consultation, participant, change):
    """Check that rejecting a statement or marking it meta is noticed even without a new vote."""
    services.cast_vote(participant, statement_number=0, value=1)
    refreshed(consultation)
    fields = {k: (timezone.now() if v == "now" else v) for k, v in change.items()}
    Statement.objects.filter(consultation=consultation, number=0).update(**fields)
    assert is_stale(consultation)


def test_excluding_a_participant_makes_the_snapshot_stale(consultation, participant):
    """Check that excluding a participant is noticed even without a new vote."""
    services.cast_vote(participant, statement_number=0, value=1)
    refreshed(consultation)
    participant.excluded = True
    participant.save()
    assert is_stale(consultation)


def test_a_failed_run_keeps_the_previous_results_and_records_the_error(
    consultation, participant, monkeypatch
):
    """Check that when the analysis raises, the last good document stays, the error is stored, and
    participants can still vote."""
    services.cast_vote(participant, statement_number=0, value=1)
    good = refreshed(consultation)

    def broken(dataset):
        raise RuntimeError("the analysis broke")

    monkeypatch.setattr(snapshots, "_analyse", broken)
    services.cast_vote(participant, statement_number=1, value=1)
    outcome = snapshots.refresh_snapshot(consultation, owner="test")
    assert outcome.status == "failed"
    after = AnalysisSnapshot.objects.get(consultation=consultation)
    assert after.document == good.document
    assert after.finished_at == good.finished_at
    assert "RuntimeError: the analysis broke" in after.error
    assert after.failed_last
    assert after.lease_owner == ""  # the lease is given back
    services.cast_vote(participant, statement_number=2, value=-1)
    assert VoteEvent.objects.filter(participant=participant).count() == 3


def test_a_failed_run_is_retried_when_the_data_changes_or_after_a_minute(
    consultation, participant, monkeypatch
):
    """Check that a run that failed on some data is not retried at once on the same data, but is
    retried on new data, and on the same data after RETRY_FAILED_AFTER_SECONDS."""
    services.cast_vote(participant, statement_number=0, value=1)
    monkeypatch.setattr(snapshots, "_analyse", lambda dataset: 1 / 0)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "failed"
    snapshot = snapshots.snapshot_for(consultation)
    marker = snapshots.change_marker(consultation)
    assert not snapshots.needs_refresh(snapshot, marker)
    later = snapshot.error_at + timedelta(seconds=snapshots.RETRY_FAILED_AFTER_SECONDS)
    assert snapshots.needs_refresh(snapshot, marker, now=later)
    services.cast_vote(participant, statement_number=1, value=1)
    assert snapshots.needs_refresh(snapshot, snapshots.change_marker(consultation))


def test_a_held_lease_turns_a_second_runner_away_until_it_expires(consultation):
    """Check that while runner A holds the lease, runner B can neither claim nor refresh; after the
    lease expires (A died), B can."""
    snapshot = snapshots.snapshot_for(consultation)
    now = timezone.now()
    assert snapshots.claim_snapshot(snapshot, "A", now=now)
    assert not snapshots.claim_snapshot(snapshot, "B", now=now)
    assert snapshots.refresh_snapshot(consultation, owner="B").status == "busy"
    expired = now + timedelta(seconds=snapshots.LEASE_SECONDS + 1)
    assert snapshots.claim_snapshot(snapshot, "B", now=expired)


def test_a_lease_of_a_dead_runner_of_this_machine_is_taken_over_at_once(consultation):
    """Check that a lease held by a process of this machine that has ended (a killed server or worker)
    is claimed by a new runner without waiting for it to expire, while one held by a live process, or
    by a runner of another machine, is not."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    host = socket.gethostname()
    snapshot = snapshots.snapshot_for(consultation)
    for holder, taken_over in (
        (f"serve@{host}:{os.getpid()}", False),  # alive: this very process
        (f"worker@other-machine:{ended.pid}", False),
        (f"worker@{host}:{ended.pid}", True),
    ):
        AnalysisSnapshot.objects.filter(pk=snapshot.pk).update(
            lease_owner=holder, lease_expires_at=timezone.now() + timedelta(seconds=snapshots.LEASE_SECONDS)
        )
        snapshot.refresh_from_db()
        assert snapshots.claim_snapshot(snapshot, "new-runner") is taken_over, holder


def test_a_released_lease_can_be_claimed_by_another_runner(consultation):
    """Check that release_snapshot frees the lease at once."""
    snapshot = snapshots.snapshot_for(consultation)
    assert snapshots.claim_snapshot(snapshot, "A")
    snapshots.release_snapshot(snapshot, "A")
    assert snapshots.claim_snapshot(snapshot, "B")


def test_a_runner_that_lost_its_lease_does_not_overwrite_the_snapshot(consultation, participant, monkeypatch):
    """Check that a runner whose lease was taken over mid-run writes nothing."""
    services.cast_vote(participant, statement_number=0, value=1)
    real = snapshots._analyse

    def slow_and_overtaken(dataset):
        AnalysisSnapshot.objects.filter(consultation=consultation).update(lease_owner="B")
        return real(dataset)

    monkeypatch.setattr(snapshots, "_analyse", slow_and_overtaken)
    snapshots.refresh_snapshot(consultation, owner="A")
    assert AnalysisSnapshot.objects.get(consultation=consultation).document is None


def test_a_consultation_without_votes_gets_an_empty_analysis(consultation):
    """Check that analysing a consultation nobody voted in succeeds with no participant, no group and
    no priority (routing then stays uniform), every statement listed with zero votes."""
    document = refreshed(consultation).document
    assert (document["participants"], document["groups"], document["priorities"]) == (0, [], {})
    assert [(s["id"], s["agree"] + s["disagree"] + s["pass"]) for s in document["statements"]] == [
        (0, 0),
        (1, 0),
        (2, 0),
    ]
