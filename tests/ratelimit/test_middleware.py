"""Refusals by a rate limit reach people as 429 with Retry-After: pages, htmx fragments and the API."""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.consultations.models import Participant, Statement, VoteEvent
from tests.web.api_client import Api, error

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _page_vote(client: Client, statement: int, **extra):
    return client.post("/c/limits/vote/", {"statement": statement, "value": "1"}, **extra)


def test_api_vote_over_the_limit_answers_429_with_retry_after(consultation, settings, frozen_clock):
    """Check that the API's second vote with a limit of 1 is {"code": "rate_limited"} with Retry-After: 50."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 1
    api = Api()
    first = api.post("/consultations/limits/votes", {"statement": 0, "value": 1})
    assert first.status_code == 200
    api.token = first.json()["participant_token"]
    refused = api.post("/consultations/limits/votes", {"statement": 1, "value": 1})
    assert error(refused, 429)["code"] == "rate_limited"
    assert refused["Retry-After"] == "50"
    assert VoteEvent.objects.count() == 1


def test_api_submission_over_the_limit_answers_429_with_retry_after(consultation, settings, frozen_clock):
    """Check that the second API submission with a limit of 1 is refused with 429 and Retry-After: 50."""
    settings.RATE_LIMIT_STATEMENTS_PER_MINUTE = 1
    api = Api()
    first = api.post("/consultations/limits/statements", {"text": "A first idea"})
    assert first.status_code == 201
    api.token = first.json()["participant_token"]
    refused = api.post("/consultations/limits/statements", {"text": "A second idea"})
    assert error(refused, 429)["code"] == "rate_limited"
    assert refused["Retry-After"] == "50"
    assert not Statement.objects.filter(text="A second idea").exists()


def test_page_vote_without_javascript_over_the_limit_gets_a_429_page(
    client, consultation, settings, frozen_clock
):
    """Check that a form post over the limit answers a full page with 429, Retry-After and the message."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 1
    assert _page_vote(client, 0).status_code == 303
    refused = _page_vote(client, 1)
    assert refused.status_code == 429 and refused["Retry-After"] == "50"
    assert "voting very fast" in refused.content.decode()
    assert "<html" in refused.content.decode().lower()


def test_htmx_vote_over_the_limit_gets_the_card_with_429(client, consultation, settings, frozen_clock):
    """Check that an htmx vote over the limit answers the vote card fragment with 429 and Retry-After."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 1
    assert _page_vote(client, 0, headers=HTMX).status_code == 200
    refused = _page_vote(client, 1, headers=HTMX)
    assert refused.status_code == 429 and refused["Retry-After"] == "50"
    body = refused.content.decode()
    assert "voting very fast" in body and "<html" not in body.lower()


def test_page_submission_over_the_limit_shows_the_form_again_with_429(
    client, consultation, settings, frozen_clock
):
    """Check that the submission form over the limit comes back with 429, Retry-After and the message."""
    settings.RATE_LIMIT_STATEMENTS_PER_MINUTE = 1
    assert client.post("/c/limits/submit/", {"text": "A first idea"}).status_code == 303
    refused = client.post("/c/limits/submit/", {"text": "A second idea"})
    assert refused.status_code == 429 and refused["Retry-After"] == "50"
    assert "submitted several statements" in refused.content.decode()


def test_new_participants_from_one_address_are_capped_per_hour(consultation, settings, frozen_clock):
    """Check that with a cap of 2 the third newcomer from one address is refused (429, Retry-After: 770,
    no participant created) while a newcomer from another address and the first two still vote."""
    settings.RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR = 2
    school = [Client(REMOTE_ADDR="192.0.2.10") for _i in range(3)]
    assert [_page_vote(c, 0).status_code for c in school[:2]] == [303, 303]
    refused = _page_vote(school[2], 0)
    assert refused.status_code == 429 and refused["Retry-After"] == "770"
    assert Participant.objects.count() == 2
    api_refused = Api(Client(REMOTE_ADDR="192.0.2.10")).post(
        "/consultations/limits/votes", {"statement": 0, "value": 1}
    )
    assert error(api_refused, 429)["code"] == "rate_limited" and api_refused["Retry-After"] == "770"
    assert _page_vote(Client(REMOTE_ADDR="198.51.100.7"), 0).status_code == 303
    assert [_page_vote(c, 1).status_code for c in school[:2]] == [303, 303]
    assert Participant.objects.count() == 3


def test_a_classroom_of_thirty_behind_one_address_passes_with_the_defaults(consultation, frozen_clock):
    """Check that 30 newcomers from one address each vote on every statement with the default limits."""
    classroom = [Client(REMOTE_ADDR="192.0.2.30") for _i in range(30)]
    statuses = {_page_vote(pupil, number).status_code for pupil in classroom for number in range(10)}
    assert statuses == {303}
    assert Participant.objects.count() == 30 and VoteEvent.objects.count() == 300


def test_answers_that_are_not_rate_limit_refusals_carry_no_retry_after(client, consultation):
    """Check that an ordinary refusal (a bad vote value) has no Retry-After header."""
    response = client.post("/c/limits/vote/", {"statement": 0, "value": "7"})
    assert response.status_code == 400 and "Retry-After" not in response


def _similar(client: Client, text: str = "Seed number"):
    return client.get("/c/limits/similar/", {"text": text}, headers=HTMX)


def test_similar_look_ups_over_the_limit_get_429_with_the_message_and_no_statements(
    consultation, settings, frozen_clock, monkeypatch
):
    """Check that with a limit of 2 the third look-up from one address is refused (429, Retry-After: 50,
    the message in the fragment) before any similarity is computed, and another address is still served."""
    from assembly.consultations import services

    settings.RATE_LIMIT_SIMILAR_PER_MINUTE = 2
    computed: list[str] = []
    real = services.similar_statements
    monkeypatch.setattr(
        services, "similar_statements", lambda c, text: computed.append(text) or real(c, text)
    )
    office = Client(REMOTE_ADDR="192.0.2.20")
    assert [_similar(office).status_code for _i in range(2)] == [200, 200]
    assert "#0 Seed 0" in _similar(Client(REMOTE_ADDR="198.51.100.9")).content.decode()
    refused = _similar(Client(REMOTE_ADDR="192.0.2.20"))  # a new session from the same address
    assert refused.status_code == 429 and refused["Retry-After"] == "50"
    body = refused.content.decode()
    assert "cannot be looked up for a moment" in body and "Seed 0" not in body
    assert len(computed) == 3  # the refused look-up computed nothing
    frozen_clock[0] += 60
    assert _similar(office).status_code == 200


def test_short_drafts_are_not_counted_as_look_ups(client, consultation, settings, frozen_clock):
    """Check that drafts under three characters (answered with nothing) do not use up the allowance."""
    settings.RATE_LIMIT_SIMILAR_PER_MINUTE = 1
    assert [_similar(client, "ab").status_code for _i in range(5)] == [200] * 5
    assert _similar(client).status_code == 200
    assert _similar(client).status_code == 429


def test_the_check_button_without_javascript_is_limited_too(client, consultation, settings, frozen_clock):
    """Check that "Check for similar statements" (a form post) shares the limit: 429 with the message and
    the draft kept in the form."""
    settings.RATE_LIMIT_SIMILAR_PER_MINUTE = 1
    first = client.post("/c/limits/submit/", {"text": "Seed number", "action": "check"})
    assert first.status_code == 200 and "#0 Seed 0" in first.content.decode()
    refused = client.post("/c/limits/submit/", {"text": "Seed number", "action": "check"})
    assert refused.status_code == 429 and refused["Retry-After"] == "50"
    body = refused.content.decode()
    assert "cannot be looked up for a moment" in body and ">Seed number</textarea>" in body
    assert not Statement.objects.filter(text="Seed number").exists()


def test_a_workshop_typing_behind_one_address_passes_with_the_default(consultation, frozen_clock):
    """Check that 120 look-ups a minute from one address pass by default (ten people writing at once)."""
    desks = [Client(REMOTE_ADDR="192.0.2.40") for _i in range(10)]
    assert {_similar(desk, f"Seed {n}").status_code for desk in desks for n in range(12)} == {200}
    assert _similar(desks[0]).status_code == 429
