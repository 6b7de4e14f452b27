"""The background analysis (assembly.results.runner and ``assembly worker``): which consultations a
pass refreshes, that two runners never analyse one consultation at once, and the serve thread."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from assembly.cli import main
from assembly.consultations import services
from assembly.results import runner, snapshots
from assembly.results.models import AnalysisSnapshot

# How long the thread tests wait for the background thread before failing (a bound against hanging,
# not a speed requirement: bench/ measures the delay).
PATIENCE_SECONDS = 30


def test_a_pass_analyses_changed_consultations_and_skips_unchanged_ones(consultation, participant):
    """Check that the first pass analyses a consultation with votes, a second pass with no new vote
    does nothing, and a pass after a vote analyses again."""
    services.cast_vote(participant, statement_number=0, value=1)
    first = runner.run_pass(owner="test")
    assert first.checked == ["heritage"]
    assert first.outcomes["heritage"].status == "done"
    assert runner.run_pass(owner="test").outcomes == {}
    services.cast_vote(participant, statement_number=1, value=1)
    assert runner.run_pass(owner="test").refreshed == 1


def test_a_pass_skips_closed_consultations_unless_idle_ones_are_included(consultation, participant):
    """Check that a closed consultation is looked at only in passes that include idle consultations."""
    services.cast_vote(participant, statement_number=0, value=1)
    services.close_consultation(consultation)
    assert runner.run_pass(owner="test", include_idle=False).checked == []
    assert runner.run_pass(owner="test", include_idle=True).refreshed == 1


def test_worker_once_analyses_every_consultation_and_reports_it(consultation, participant, capsys):
    """Check that ``assembly worker --once`` analyses the consultation, says so and exits 0."""
    services.cast_vote(participant, statement_number=0, value=1)
    assert main(["worker", "--once"]) == 0
    out = capsys.readouterr().out
    assert "heritage: done" in out
    assert "checked 1 consultations, analysed 1" in out
    assert AnalysisSnapshot.objects.get(consultation=consultation).document is not None


def test_worker_once_exits_1_when_an_analysis_fails(consultation, participant, capsys, monkeypatch):
    """Check that a failed analysis makes ``assembly worker --once`` exit 1 and print the error."""
    services.cast_vote(participant, statement_number=0, value=1)
    monkeypatch.setattr(snapshots, "_analyse", lambda dataset: 1 / 0)
    assert main(["worker", "--once"]) == 1
    assert "heritage: failed" in capsys.readouterr().out


def test_worker_refuses_a_poll_interval_that_is_not_positive(db, capsys):
    """Check that ``--poll 0`` is refused with a message naming the option."""
    assert main(["worker", "--poll", "0"]) == 2
    assert "--poll" in capsys.readouterr().err


def _in_threads(count: int, target) -> None:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            target(i)
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(PATIENCE_SECONDS)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_analyse_a_consultation_only_once(consultation, participant, monkeypatch):
    """Check that two runners starting a pass at the same moment run the analysis once between them."""
    services.cast_vote(participant, statement_number=0, value=1)
    real = snapshots._analyse
    calls: list[str] = []

    def counted(dataset):
        calls.append(threading.current_thread().name)
        time.sleep(0.5)  # keep the lease held while the other runner tries
        return real(dataset)

    monkeypatch.setattr(snapshots, "_analyse", counted)
    snapshots.snapshot_for(consultation)  # both runners then race for the same row
    _in_threads(2, lambda i: runner.run_pass(owner=f"runner-{i}"))
    assert len(calls) == 1
    assert AnalysisSnapshot.objects.get(consultation=consultation).document is not None


@pytest.mark.django_db(transaction=True)
def test_the_serve_thread_picks_up_a_new_vote(consultation, participant):
    """Check that the background thread started by ``assembly serve`` analyses a vote cast while it runs,
    and stops when told to."""
    background = runner.start_background_thread(poll_seconds=0.05)
    try:
        services.cast_vote(participant, statement_number=0, value=1)
        last = services_last_event_id(participant)
        deadline = time.monotonic() + PATIENCE_SECONDS
        while time.monotonic() < deadline:
            snapshot = AnalysisSnapshot.objects.filter(consultation=consultation).first()
            if snapshot is not None and snapshot.last_vote_event_id == last:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the background thread did not analyse the new vote")
    finally:
        background.stop(PATIENCE_SECONDS)
    assert not background.thread.is_alive()


def services_last_event_id(participant) -> int:
    return participant.vote_events.latest("id").id
