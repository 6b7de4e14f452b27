"""Every reader of the votes agrees with the live vote (issue 11, item 1).

A vote's time used to be taken before its write transaction, so of two votes of one participant on
one statement sent together, the one that committed last (the live vote) could carry the earlier time,
and the export and the analysis, which take the latest vote by time, picked the other one. These tests
replay that race deterministically: the second vote is given a time before the first one's, as a
request stamped first and committed second had. The real race, with concurrent requests to real
servers, is tests/reliability/test_vote_order_race.py.
"""

from __future__ import annotations

import csv
from datetime import timedelta

from django.utils import timezone

from assembly.consultations import services
from assembly.consultations.datasets import export_dataset
from assembly.consultations.models import VOTE_ORDER, VoteEvent
from assembly.consultations.models import Vote as LiveVote
from assembly.consultations.privacy import participant_data
from assembly.polis import write_csv_export
from assembly.results import reading, snapshots
from tests.web.api_client import Api


def _vote_late_with_an_early_time(participant, *, statement: int, first: int, second: int):
    """``first`` committed, then ``second`` committed with a time 350 ms before ``first``'s."""
    stamped = timezone.now() - timedelta(minutes=1)
    services.cast_vote(participant, statement_number=statement, value=first, now=stamped)
    services.cast_vote(
        participant, statement_number=statement, value=second, now=stamped - timedelta(milliseconds=350)
    )
    return stamped


def _latest(log, participant_number: int, statement: int) -> int:
    latest = log.latest()
    cell = (latest.participant_ids == participant_number) & (latest.statement_ids == statement)
    assert cell.sum() == 1
    return int(latest.values[cell][0])


def test_a_vote_committed_last_is_never_recorded_before_the_vote_it_replaced(participant):
    """Check that the replacing vote's event and the live vote carry the replaced vote's time (not the
    earlier one it was stamped with), so ordering the history by time, then id, ends on the live vote."""
    stamped = _vote_late_with_an_early_time(participant, statement=1, first=1, second=-1)
    live = LiveVote.objects.get(participant=participant, statement__number=1)
    assert (live.value, live.updated_at) == (-1, stamped)
    history = VoteEvent.objects.filter(participant=participant).order_by(*VOTE_ORDER)
    assert list(history.values_list("value", "created_at")) == [(1, stamped), (-1, stamped)]


def test_a_later_time_is_kept_as_given(participant):
    """Check that a re-vote stamped after the vote it replaces keeps its own time."""
    first = timezone.now() - timedelta(minutes=3)
    services.cast_vote(participant, statement_number=0, value=1, now=first)
    services.cast_vote(participant, statement_number=0, value=0, now=first + timedelta(seconds=2))
    history = VoteEvent.objects.filter(participant=participant).order_by(*VOTE_ORDER)
    assert list(history.values_list("value", "created_at")) == [(1, first), (0, first + timedelta(seconds=2))]


def test_export_analysis_history_and_own_view_agree_with_the_live_vote(client, consultation, tmp_path):
    """Check, after the race replayed on three statements and three participants, that the live vote is
    what the export's participants-votes.csv, the export dataset's latest vote, the analysis's input and
    its counts, the participant's data download (live votes and history) and the API's "your votes"
    all say."""
    people = [services.create_participant(consultation) for _i in range(3)]
    races = {0: (1, -1), 1: (-1, 0), 2: (0, 1)}  # statement: (committed first, committed last)
    for participant, _token in people:
        for statement, (first, second) in races.items():
            _vote_late_with_an_early_time(participant, statement=statement, first=first, second=second)
    live = {statement: second for statement, (_first, second) in races.items()}

    for participant, token in people:
        data = participant_data(participant, language="en")
        assert {v["statement"]: v["vote"] for v in data["votes"]} == {
            s: {1: "agree", -1: "disagree", 0: "pass"}[v] for s, v in live.items()
        }
        last_in_history = {e["statement"]: e["vote"] for e in data["vote_history"]}  # later ones overwrite
        assert last_in_history == {v["statement"]: v["vote"] for v in data["votes"]}
        mine = Api(client, token=token).get("/consultations/heritage/votes").json()
        assert {row["statement"]: row["value"] for row in mine} == live

    exported = export_dataset(consultation)
    analysed, _last = reading.read_for_analysis(consultation)
    for participant, _token in people:
        for statement, value in live.items():
            assert _latest(exported.votes, participant.number, statement) == value
            assert _latest(analysed.votes, participant.number, statement) == value

    write_csv_export(exported, tmp_path)
    with open(tmp_path / "participants-votes.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["participant"]: [int(row[str(s)]) for s in live] for row in rows} == {
        str(p.number): list(live.values()) for p, _token in people
    }

    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    document = snapshots.snapshot_for(consultation).document
    counts = {s["id"]: (s["agree"], s["disagree"], s["pass"]) for s in document["statements"]}
    expected = {s: (3 * (v == 1), 3 * (v == -1), 3 * (v == 0)) for s, v in live.items()}
    assert counts == expected
