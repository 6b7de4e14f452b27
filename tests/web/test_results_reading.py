"""Reading a consultation for the analysis (assembly.results.reading): its cached, incremental read of
the vote events gives what a full read (export_dataset, the one reader) gives, new votes are picked up,
and the cache is read afresh when it no longer matches the database."""

from __future__ import annotations

import numpy as np

from assembly.consultations import services
from assembly.consultations.datasets import export_dataset
from assembly.results import reading, snapshots
from tests.web.results_data import two_camps


def rows(log) -> list[tuple[int, int, int]]:
    latest = log.latest()
    columns = (latest.participant_ids.tolist(), latest.statement_ids.tolist(), latest.values.tolist())
    return sorted(zip(*columns, strict=True))


def test_the_analysis_reads_the_same_votes_and_gives_the_same_document_as_the_export(consultation):
    """Check that read_for_analysis (cached events, excluded participants only) and a full
    export_dataset give the same latest votes and statements, and the same analysis document."""
    camps = two_camps(consultation, per_camp=8)
    services.cast_vote(camps.a[0], statement_number=0, value=0)  # a re-vote
    camps.b[1].excluded = True
    camps.b[1].save()
    fast, last = reading.read_for_analysis(consultation)
    full = export_dataset(consultation)
    assert rows(fast.votes) == rows(full.votes)
    assert np.array_equal(np.sort(fast.votes.timestamps), np.sort(full.votes.timestamps))
    assert [(s.id, s.text, s.moderation) for s in fast.statements] == [
        (s.id, s.text, s.moderation) for s in full.statements
    ]
    assert fast.excluded_participant_ids == full.excluded_participant_ids == {camps.b[1].number}
    assert snapshots._analyse(fast)[0] == snapshots._analyse(full)[0]
    assert last == consultation.vote_events.latest("id").id


def test_votes_cast_after_a_read_are_in_the_next_read(consultation, participant):
    """Check that the second read has the vote cast in between (and its id as the watermark)."""
    services.cast_vote(participant, statement_number=0, value=1)
    first, _last = reading.read_for_analysis(consultation)
    services.cast_vote(participant, statement_number=1, value=-1)
    second, last = reading.read_for_analysis(consultation)
    assert len(first.votes) == 1 and rows(second.votes) == [
        (participant.number, 0, 1),
        (participant.number, 1, -1),
    ]
    assert last == participant.vote_events.latest("id").id


def test_votes_deleted_with_their_participant_leave_the_next_read(consultation, participant):
    """Check that when a participant (and so their vote events) is deleted, the next read no longer has
    their votes: the cache notices the count no longer matches and reads afresh."""
    other, _token = services.create_participant(consultation)
    services.cast_vote(participant, statement_number=0, value=1)
    services.cast_vote(other, statement_number=0, value=-1)
    assert len(reading.read_for_analysis(consultation)[0].votes) == 2
    other.delete()
    services.cast_vote(participant, statement_number=1, value=1)
    assert rows(reading.read_for_analysis(consultation)[0].votes) == [
        (participant.number, 0, 1),
        (participant.number, 1, 1),
    ]


def test_only_excluded_participants_are_listed(consultation, participant):
    """Check that the dataset lists the excluded participants (what the analysis reads), no one else."""
    services.cast_vote(participant, statement_number=0, value=1)
    assert reading.read_for_analysis(consultation)[0].participants == []
    participant.excluded = True
    participant.save()
    assert [p.id for p in reading.read_for_analysis(consultation)[0].participants] == [participant.number]
