"""Casting votes (assembly.consultations.services.cast_vote and the vote constraint)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assembly.analysis.types import Moderation, Vote
from assembly.consultations import services
from assembly.consultations.errors import (
    ConsultationClosedError,
    InvalidVoteError,
    StatementNotFoundError,
)
from assembly.consultations.models import Statement, VoteEvent
from assembly.consultations.models import Vote as LiveVote


def live_votes(participant):
    return dict(LiveVote.objects.filter(participant=participant).values_list("statement__number", "value"))


def test_vote_is_recorded_with_agree_as_plus_one(participant):
    """Check that agreeing stores +1 (Vote.AGREE) as the live vote and as one history event."""
    assert services.cast_vote(participant, statement_number=1, value=1) is Vote.AGREE
    assert live_votes(participant) == {1: 1}
    assert list(VoteEvent.objects.values_list("statement__number", "value")) == [(1, 1)]


def test_changing_a_vote_keeps_one_live_vote_and_the_whole_history(participant):
    """Check that a re-vote replaces the live vote and appends to the history."""
    services.cast_vote(participant, statement_number=0, value="1")
    services.cast_vote(participant, statement_number=0, value="-1")
    services.cast_vote(participant, statement_number=0, value=0)
    assert live_votes(participant) == {0: 0}
    history = VoteEvent.objects.filter(participant=participant).order_by("id").values_list("value", flat=True)
    assert list(history) == [1, -1, 0]


def test_a_vote_records_when_it_was_first_cast_and_last_changed(participant):
    """Check that the live vote keeps its first time and takes the latest change's, and that each history
    event keeps its own time, read back through the models as the times given."""
    first = timezone.now() - timedelta(minutes=5)
    later = first + timedelta(minutes=2, microseconds=1)
    services.cast_vote(participant, statement_number=2, value=1, now=first)
    services.cast_vote(participant, statement_number=2, value=-1, now=later)
    live = LiveVote.objects.get(participant=participant)
    assert (live.value, live.created_at, live.updated_at) == (-1, first, later)
    events = VoteEvent.objects.filter(participant=participant).order_by("id")
    assert list(events.values_list("value", "created_at")) == [(1, first), (-1, later)]
    assert LiveVote.objects.filter(updated_at__gt=first).count() == 1  # stored as the ORM stores times


def test_the_consultation_read_with_a_token_brings_the_participant_without_another_query(
    consultation, django_assert_num_queries
):
    """Check that consultation_by_slug with a participant's token finds them in the same query, for
    the next participant_for_token call with that token; other tokens are still looked up."""
    participant, token = services.create_participant(consultation)
    with django_assert_num_queries(1):
        found = services.consultation_by_slug(consultation.slug, token=token)
        assert services.participant_for_token(found, token) == participant
    assert services.participant_for_token(found, token) == participant  # looked up again: a query
    unknown = services.consultation_by_slug(consultation.slug, token="not-a-token")
    assert services.participant_for_token(unknown, "not-a-token") is None
    assert services.participant_for_token(unknown, token) == participant
    assert services.consultation_by_slug("no-such-slug", token=token) is None


def test_database_refuses_a_second_live_vote_for_the_same_statement(participant):
    """Check that the unique constraint itself forbids two live votes of one participant on one statement."""
    services.cast_vote(participant, statement_number=0, value=1)
    statement = Statement.objects.get(consultation=participant.consultation, number=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveVote.objects.create(
            consultation=participant.consultation, participant=participant, statement=statement, value=-1
        )


def test_database_refuses_a_vote_value_outside_the_three(participant):
    """Check that the check constraint refuses a stored value of 2."""
    statement = Statement.objects.get(consultation=participant.consultation, number=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveVote.objects.create(
            consultation=participant.consultation, participant=participant, statement=statement, value=2
        )


@pytest.mark.parametrize("value", [2, "agree", "", None, True, 1.5, "-2"])
def test_bad_vote_value_is_refused_and_changes_nothing(participant, value):
    """Check that a value other than 1, -1, 0 raises InvalidVoteError and writes nothing."""
    with pytest.raises(InvalidVoteError):
        services.cast_vote(participant, statement_number=0, value=value)
    assert not LiveVote.objects.exists() and not VoteEvent.objects.exists()


@pytest.mark.parametrize("number", [99, "abc", None, -1, 2**31, 2**70])
def test_vote_on_unknown_statement_is_refused(participant, number):
    """Check that a vote on a statement number the consultation lacks raises StatementNotFoundError."""
    with pytest.raises(StatementNotFoundError):
        services.cast_vote(participant, statement_number=number, value=1)
    assert not VoteEvent.objects.exists()


def test_vote_on_another_consultations_statement_is_refused(participant, post_moderated):
    """Check that a statement number is looked up in the participant's own consultation only."""
    other = services.create_participant(post_moderated)[0]
    services.add_seed_statements(post_moderated, texts=["x1", "x2", "x3", "x4", "x5"])  # numbers 1..5
    with pytest.raises(StatementNotFoundError):
        services.cast_vote(participant, statement_number=5, value=1)
    services.cast_vote(other, statement_number=5, value=1)


def test_vote_on_rejected_or_hidden_pending_statement_is_refused(participant):
    """Check that in pre-moderation neither a pending nor a rejected statement can be voted on."""
    c = participant.consultation
    Statement.objects.filter(consultation=c, number=1).update(moderation=Moderation.PENDING.value)
    Statement.objects.filter(consultation=c, number=2).update(moderation=Moderation.REJECTED.value)
    for number in (1, 2):
        with pytest.raises(StatementNotFoundError):
            services.cast_vote(participant, statement_number=number, value=1)


def test_vote_on_pending_statement_is_accepted_in_post_moderation(post_moderated):
    """Check that post-moderation shows pending statements, so they can be voted on."""
    author = services.create_participant(post_moderated)[0]
    voter = services.create_participant(post_moderated)[0]
    statement = services.submit_statement(author, text="Pending but visible")
    services.cast_vote(voter, statement_number=statement.number, value=-1)
    assert live_votes(voter) == {statement.number: -1}


def test_vote_on_closed_consultation_is_refused(participant):
    """Check that after closing, votes are refused and nothing is written; reopening allows them again."""
    services.close_consultation(participant.consultation)
    participant.consultation.refresh_from_db()
    with pytest.raises(ConsultationClosedError):
        services.cast_vote(participant, statement_number=0, value=1)
    assert not VoteEvent.objects.exists()
    services.reopen_consultation(participant.consultation)
    services.cast_vote(participant, statement_number=0, value=1)


def test_vote_outside_the_scheduled_dates_is_refused(participant):
    """Check that before the opening date and after the closing date, votes are refused."""
    c = participant.consultation
    now = timezone.now()
    services.update_consultation(c, opens_at=now + timedelta(days=1), closes_at=None)
    with pytest.raises(ConsultationClosedError):
        services.cast_vote(participant, statement_number=0, value=1)
    services.update_consultation(c, opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    with pytest.raises(ConsultationClosedError):
        services.cast_vote(participant, statement_number=0, value=1)


def test_next_statement_draws_only_unseen_visible_statements_until_none_remain(participant):
    """Check that routing never repeats a voted statement and ends with None; remaining counts down."""
    Statement.objects.filter(consultation=participant.consultation, number=2).update(
        moderation=Moderation.REJECTED.value
    )
    rng = random.Random(0)
    seen = []
    assert services.remaining_count(participant.consultation, participant=participant) == 2
    while (
        statement := services.next_statement(participant.consultation, participant=participant, rng=rng)
    ) is not None:
        seen.append(statement.number)
        services.cast_vote(participant, statement_number=statement.number, value=0)
    assert sorted(seen) == [0, 1]
    assert services.remaining_count(participant.consultation, participant=participant) == 0


def test_next_statement_follows_priorities_when_given(participant):
    """Check that a statement with zero priority is never drawn while others have weight."""
    rng = random.Random(1)
    c = participant.consultation
    weights = {0: 0.0, 1: 1.0, 2: 0.0}
    drawn = {
        services.next_statement(c, participant=participant, priorities=weights, rng=rng).number
        for _ in range(30)
    }
    assert drawn == {1}


def test_next_card_counts_the_unseen_and_shown_statements_and_draws_like_next_statement(participant):
    """Check that next_card gives 1 left of 2 shown (statement #2 rejected, #0 voted), the same statement
    as next_statement for the same seed and priorities, and no statement once all are voted."""
    c = participant.consultation
    Statement.objects.filter(consultation=c, number=2).update(moderation=Moderation.REJECTED.value)
    services.cast_vote(participant, statement_number=0, value=1)
    card = services.next_card(c, participant=participant, priorities={1: 0.5}, rng=random.Random(3))
    alone = services.next_statement(c, participant=participant, priorities={1: 0.5}, rng=random.Random(3))
    assert (card.statement.number, card.remaining, card.total) == (alone.number, 1, 2) == (1, 1, 2)
    services.cast_vote(participant, statement_number=1, value=1)
    assert services.next_card(c, participant=participant) == services.NextCard(None, 0, 2)
    assert services.next_card(c).remaining == 2  # a visitor who has not voted yet


def test_statements_new_since_the_analysis_get_the_top_priority(participant):
    """Check that a statement absent from the priorities is drawn as if it had the highest weight."""
    rng = random.Random(2)
    c = participant.consultation
    drawn = [
        services.next_statement(c, participant=participant, priorities={0: 0.0, 1: 0.0}, rng=rng).number
        for _ in range(10)
    ]
    assert set(drawn) == {2}
