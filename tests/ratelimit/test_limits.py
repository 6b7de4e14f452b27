"""The rate limits (assembly.ratelimit.limits): the shared counter and the checks of the write paths."""

from __future__ import annotations

import pytest
from django.db import transaction

from assembly.consultations import services
from assembly.consultations.errors import StatementNotFoundError
from assembly.consultations.models import Statement, Vote, VoteEvent
from assembly.ratelimit import limits
from assembly.ratelimit.limits import RateLimitedError
from assembly.ratelimit.models import RateCounter
from tests.ratelimit.conftest import FROZEN_NOW

pytestmark = pytest.mark.django_db


def test_hit_allows_the_limit_then_announces_the_seconds_left_in_the_window():
    """Check that the 4th hit of a 3-per-minute limit, 10.4 s into the minute, says to wait 50 s."""
    answers = [limits.hit("vote", "p1", limit=3, window_seconds=60, now=FROZEN_NOW) for _i in range(4)]
    assert answers == [None, None, None, 50]


def test_hit_counts_each_subject_and_scope_apart():
    """Check that another participant, or another kind of action, has its own allowance."""
    assert limits.hit("vote", "p1", limit=1, window_seconds=60, now=FROZEN_NOW) is None
    assert limits.hit("vote", "p2", limit=1, window_seconds=60, now=FROZEN_NOW) is None
    assert limits.hit("statement", "p1", limit=1, window_seconds=60, now=FROZEN_NOW) is None
    assert limits.hit("vote", "p1", limit=1, window_seconds=60, now=FROZEN_NOW) == 50


def test_a_new_window_starts_the_count_again_in_the_same_row():
    """Check that a minute later the allowance is whole again, and that one row per subject is kept."""
    assert limits.hit("vote", "p1", limit=1, window_seconds=60, now=FROZEN_NOW) is None
    assert limits.hit("vote", "p1", limit=1, window_seconds=60, now=FROZEN_NOW) is not None
    assert limits.hit("vote", "p1", limit=1, window_seconds=60, now=FROZEN_NOW + 60) is None
    assert RateCounter.objects.filter(scope="vote", subject="p1").count() == 1


def test_a_limit_of_zero_counts_nothing_and_refuses_nothing():
    """Check that 0 switches a limit off."""
    assert all(limits.hit("vote", "p1", limit=0, window_seconds=60) is None for _i in range(5))
    assert not RateCounter.objects.exists()


def test_purge_removes_only_counters_idle_for_a_day():
    """Check that a counter whose window began more than a day ago goes, and a recent one stays."""
    limits.hit("vote", "old", limit=5, window_seconds=60, now=FROZEN_NOW - 2 * 86_400)
    limits.hit("vote", "recent", limit=5, window_seconds=60, now=FROZEN_NOW - 3600)
    assert limits.purge_expired(now=FROZEN_NOW) == 1
    assert list(RateCounter.objects.values_list("subject", flat=True)) == ["recent"]


def test_votes_over_the_limit_are_refused_and_write_nothing(consultation, settings, frozen_clock):
    """Check that with 3 votes a minute the 4th vote raises RateLimitedError (429, 50 s) and stores
    neither a live vote nor a history event."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 3
    participant = services.create_participant(consultation)[0]
    for number in range(3):
        services.cast_vote(participant, statement_number=number, value=1)
    with pytest.raises(RateLimitedError) as refused:
        services.cast_vote(participant, statement_number=3, value=1)
    assert (refused.value.status, refused.value.code, refused.value.retry_after) == (429, "rate_limited", 50)
    assert "50 seconds" in refused.value.message
    assert Vote.objects.count() == 3 and VoteEvent.objects.count() == 3


def test_re_votes_count_towards_the_vote_limit(consultation, settings, frozen_clock):
    """Check that changing a vote is a vote: three changes of one vote use up a limit of 3."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 3
    participant = services.create_participant(consultation)[0]
    for value in (1, -1, 0):
        services.cast_vote(participant, statement_number=0, value=value)
    with pytest.raises(RateLimitedError):
        services.cast_vote(participant, statement_number=0, value=1)


def test_a_refused_or_failed_vote_does_not_use_up_the_allowance(consultation, settings, frozen_clock):
    """Check that a vote on an unknown statement, and a vote refused by the limit, are not counted."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 2
    participant = services.create_participant(consultation)[0]
    with pytest.raises(StatementNotFoundError):
        services.cast_vote(participant, statement_number=99, value=1)
    services.cast_vote(participant, statement_number=0, value=1)
    services.cast_vote(participant, statement_number=1, value=1)
    for _attempt in range(3):
        with pytest.raises(RateLimitedError):
            services.cast_vote(participant, statement_number=2, value=1)
    assert RateCounter.objects.get(scope="vote").hits == 2


def test_the_vote_limit_is_per_participant_and_per_minute(consultation, settings, frozen_clock):
    """Check that another participant still votes, and that the refused one votes again a minute later."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 1
    first, second = (services.create_participant(consultation)[0] for _i in range(2))
    services.cast_vote(first, statement_number=0, value=1)
    with pytest.raises(RateLimitedError):
        services.cast_vote(first, statement_number=1, value=1)
    services.cast_vote(second, statement_number=0, value=1)
    frozen_clock[0] += 60
    services.cast_vote(first, statement_number=1, value=1)
    assert Vote.objects.count() == 3


def test_sixty_votes_a_minute_pass_by_default_and_the_sixty_first_is_refused(consultation, frozen_clock):
    """Check the default: 60 votes a minute (re-votes on ten statements) pass, the 61st does not."""
    participant = services.create_participant(consultation)[0]
    for i in range(60):
        services.cast_vote(participant, statement_number=i % 10, value=(1, -1, 0)[i % 3])
    with pytest.raises(RateLimitedError):
        services.cast_vote(participant, statement_number=0, value=1)
    assert VoteEvent.objects.count() == 60


def test_five_statements_a_minute_pass_by_default_and_the_sixth_is_refused(consultation, frozen_clock):
    """Check the default: five submissions a minute pass; the sixth is refused and adds no statement
    and no author vote."""
    participant = services.create_participant(consultation)[0]
    for i in range(5):
        services.submit_statement(participant, text=f"My statement number {i}")
    with pytest.raises(RateLimitedError) as refused:
        services.submit_statement(participant, text="One statement too many")
    assert refused.value.retry_after == 50
    assert Statement.objects.filter(author=participant).count() == 5
    assert VoteEvent.objects.filter(participant=participant).count() == 5


def test_a_refusal_inside_a_larger_transaction_rolls_back_its_count(consultation, settings, frozen_clock):
    """Check that the count is part of the caller's transaction: a refused vote leaves the counter as it
    was, so the allowance is the number of votes that happened."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 1
    participant = services.create_participant(consultation)[0]
    services.cast_vote(participant, statement_number=0, value=1)
    with pytest.raises(RateLimitedError), transaction.atomic():
        services.cast_vote(participant, statement_number=1, value=1)
    assert RateCounter.objects.get(scope="vote").hits == 1
