"""The API's participant endpoints: statements, the next statement, votes, submissions, and how a
participant is identified; every refusal changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Consultation, Participant, Statement, Vote, VoteEvent
from assembly.moderation import services as moderation
from tests.web.api_client import PARTICIPANT_HEADER, Api, error


@pytest.fixture
def api(consultation) -> Api:
    return Api()


def first_vote(api: Api, statement: int = 0, value: int = 1) -> str:
    """Vote as a newcomer; keep and return the token the API hands out."""
    response = api.post("/consultations/heritage/votes", {"statement": statement, "value": value})
    assert response.status_code == 200, response.content
    token = response.json()["participant_token"]
    assert token and response[PARTICIPANT_HEADER] == token
    api.token = token
    return token


def test_statements_lists_only_what_participants_see(api, consultation, participant):
    """Check that pending submissions (pre-moderation) and rejected statements are not listed."""
    services.submit_statement(participant, text="Waiting for a moderator")
    Statement.objects.filter(consultation=consultation, number=2).update(moderation=Moderation.REJECTED.value)
    page = api.get("/consultations/heritage/statements").json()
    assert [s["number"] for s in page["items"]] == [0, 1]
    assert (page["count"], page["next"]) == (2, None)


def test_statements_come_a_page_at_a_time_in_number_order_until_next_is_null(api, consultation):
    """Check that 7 statements read 3 at a time come as pages [0-2], [3-5], [6], each linking the next."""
    services.add_seed_statements(consultation, texts=[f"Another {i}" for i in range(4)])
    page = api.get("/consultations/heritage/statements", limit=3).json()
    pages = [[s["number"] for s in page["items"]]]
    while page["next"] is not None:
        assert page["count"] == 7
        page = api.client.get(page["next"]).json()
        pages.append([s["number"] for s in page["items"]])
    assert pages == [[0, 1, 2], [3, 4, 5], [6]]


def test_a_statement_added_or_rejected_between_pages_shifts_no_other(api, consultation, staff):
    """Check keyset paging: rejecting #0 and adding #3 after the first page neither repeats nor skips one."""
    first = api.get("/consultations/heritage/statements", limit=2).json()
    assert [s["number"] for s in first["items"]] == [0, 1]
    moderation.reject_statements(consultation, [0], actor=staff, reason=consultation.moderation_criteria[0])
    services.add_seed_statements(consultation, texts=["Added meanwhile"])
    rest = api.get("/consultations/heritage/statements", after=1, limit=2).json()
    assert [s["number"] for s in rest["items"]] == [2, 3]
    assert rest["next"] is None and rest["count"] == 3


def test_the_default_page_holds_100_statements_and_a_page_at_most_500(api, consultation):
    """Check the page sizes: 100 by default, `limit` up to 500, a larger or smaller one refused with 400."""
    services.add_seed_statements(consultation, texts=[f"Statement {i}" for i in range(600)])
    page = api.get("/consultations/heritage/statements").json()
    assert (
        len(page["items"]) == 100
        and page["next"] == "/api/consultations/heritage/statements?after=99&limit=100"
    )
    assert len(api.get("/consultations/heritage/statements", limit=500).json()["items"]) == 500
    for query in ({"limit": 501}, {"limit": 0}, {"after": -2}, {"after": "x"}):
        body = error(api.get("/consultations/heritage/statements", **query), 400)
        assert body["code"] == "invalid_request" and body["field"] in ("limit", "after")


def test_the_openapi_document_describes_the_pages(api, consultation):
    """Check that /api/openapi.json names after and limit (with their bounds) and the page's fields."""
    document = Api().get("/openapi.json").json()
    operation = document["paths"]["/api/consultations/{slug}/statements"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == 500 and parameters["limit"]["schema"]["default"] == 100
    assert (parameters["after"]["schema"]["minimum"], parameters["after"]["schema"]["default"]) == (-1, -1)
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert set(document["components"]["schemas"][page]["properties"]) == {"items", "count", "next"}


def test_a_first_vote_creates_the_participant_and_returns_their_token(api, consultation):
    """Check that a vote without a token creates one participant, whose token then identifies them."""
    first_vote(api, statement=0, value=1)
    assert (
        api.post("/consultations/heritage/votes", {"statement": 1, "value": -1}).json()["participant_token"]
        is None
    )
    assert Participant.objects.count() == 1
    assert api.get("/consultations/heritage/votes").json() == [
        {"statement": 0, "value": 1},
        {"statement": 1, "value": -1},
    ]


def test_changing_a_vote_keeps_one_live_vote_and_the_history(api, consultation):
    """Check that PUT /votes/{number} replaces the live vote and both events stay in the history."""
    first_vote(api, statement=0, value=1)
    response = api.put("/consultations/heritage/votes/0", {"value": "0"})
    assert response.json()["value"] == 0
    assert list(Vote.objects.values_list("value", flat=True)) == [0]
    assert list(VoteEvent.objects.order_by("id").values_list("value", flat=True)) == [1, 0]


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"statement": 0, "value": 2}, 400, "invalid_vote", "value"),
        ({"statement": 0, "value": "agree"}, 400, "invalid_vote", "value"),
        ({"statement": 99, "value": 1}, 404, "statement_not_found", "statement"),
        ({"value": 1}, 400, "invalid_request", "statement"),
    ],
)
def test_a_refused_vote_says_why_and_creates_no_participant(api, consultation, body, status, code, field):
    """Check bad values, unknown statements and missing fields: the error names the field, and no
    participant or vote is written."""
    response = api.post("/consultations/heritage/votes", body)
    got = error(response, status)
    assert (got["code"], got["field"]) == (code, field)
    assert not Participant.objects.exists() and not VoteEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"statement": 0, "value": True}, 400),  # JSON true is not the number 1
        ({"statement": True, "value": 1}, 400),
        ({"statement": "0", "value": 1}, 400),  # a statement number is a JSON number
        ({"statement": -1, "value": 1}, 400),  # outside the range of statement numbers
        ({"statement": 2**40, "value": 1}, 400),
        ({"statement": 0.0, "value": 1.0}, 200),  # JSON Schema counts 0.0 as an integer
        ({"statement": 0, "value": "-1"}, 200),  # the values as text are documented too
    ],
)
def test_vote_bodies_are_read_as_the_openapi_document_describes_them(api, consultation, body, status):
    """Check that a vote body is accepted exactly when it matches the published schema: booleans and text
    are not numbers, whole floats are, statement numbers are 0 to 2**31 - 1."""
    assert api.post("/consultations/heritage/votes", body).status_code == status


def test_changing_a_vote_on_an_impossible_statement_number_is_a_400_not_a_server_error(api, consultation):
    """Check that a negative statement number in the path is refused as a bad request."""
    assert error(api.put("/consultations/heritage/votes/-5", {"value": 1}), 400)["field"] == "number"


def test_a_submission_under_an_unknown_theme_is_a_404_on_the_field_theme(api, consultation):
    """Check that naming a theme the consultation lacks answers 404 (like an unknown statement)."""
    body = error(api.post("/consultations/heritage/statements", {"text": "New idea", "theme": "Nope"}), 404)
    assert (body["code"], body["field"]) == ("unknown_theme", "theme")
    assert not Participant.objects.exists()


def test_votes_on_a_hidden_or_rejected_statement_are_refused(api, consultation, participant):
    """Check that a pending (pre-moderation) statement cannot be voted on through the API."""
    hidden = services.submit_statement(participant, text="Not yet public")
    assert error(api.post("/consultations/heritage/votes", {"statement": hidden.number, "value": 1}), 404)


def test_a_closed_consultation_refuses_votes_and_creates_no_participant(api, consultation):
    """Check 409 consultation_closed and no participant."""
    services.close_consultation(consultation)
    assert error(api.post("/consultations/heritage/votes", {"statement": 0, "value": 1}), 409)["code"] == (
        "consultation_closed"
    )
    assert not Participant.objects.exists()


def test_an_unknown_token_is_refused(api, consultation):
    """Check that a token nobody holds gets 401 unknown_participant, naming the header."""
    api.token = "not-a-real-token"
    body = error(api.post("/consultations/heritage/votes", {"statement": 0, "value": 1}), 401)
    assert (body["code"], body["field"]) == ("unknown_participant", PARTICIPANT_HEADER)
    assert not Participant.objects.exists()


def test_reading_your_votes_needs_your_token(api, consultation):
    """Check that /votes without a token is 401 participant_token_required."""
    assert error(api.get("/consultations/heritage/votes"), 401)["code"] == "participant_token_required"


def test_invite_only_consultations_take_invited_participants_only(api, consultation):
    """Check that a newcomer without an invite is refused, and an invite token makes one participant
    who keeps that token."""
    Consultation.objects.filter(pk=consultation.pk).update(invite_only=True)
    assert error(api.post("/consultations/heritage/votes", {"statement": 0, "value": 1}), 403)["code"] == (
        "invite_required"
    )
    (invite,) = services.create_invites(consultation, count=1)
    api.token = invite
    assert (
        api.post("/consultations/heritage/votes", {"statement": 0, "value": 1}).json()["participant_token"]
        == invite
    )
    assert (
        api.post("/consultations/heritage/votes", {"statement": 1, "value": 1}).json()["participant_token"]
        is None
    )
    assert Participant.objects.count() == 1
    assert api.get("/consultations/heritage").status_code == 200


def test_a_participant_cookie_works_but_writes_with_it_need_the_csrf_token(consultation):
    """Check that the site's participant cookie identifies the participant for reads, and that a vote
    relying on the cookie alone is refused without the CSRF token (a browser sends cookies by itself)."""
    _p, token = services.create_participant(consultation)
    client = Client(enforce_csrf_checks=True)
    client.cookies[cookie_name(consultation)] = token
    assert Api(client).get("/consultations/heritage/votes").status_code == 200
    assert error(Api(client).post("/consultations/heritage/votes", {"statement": 0, "value": 1}), 403)[
        "code"
    ] == ("csrf_failed")


def test_next_gives_an_unseen_statement_until_none_is_left(api, consultation):
    """Check that /statements/next never repeats a voted statement and ends with null and 0 remaining."""
    seen = []
    for _ in range(3):
        body = api.get("/consultations/heritage/statements/next").json()
        assert body["total"] == 3 and body["remaining"] == 3 - len(seen)
        number = body["statement"]["number"]
        assert number not in seen
        seen.append(number)
        if api.token is None:
            first_vote(api, statement=number)
        else:
            api.post("/consultations/heritage/votes", {"statement": number, "value": 0})
    assert api.get("/consultations/heritage/statements/next").json() == {
        "statement": None,
        "remaining": 0,
        "total": 3,
    }


def test_a_submission_is_pending_with_its_authors_agree_vote(api, consultation):
    """Check that a first submission creates the participant, is pending, and records their agree vote."""
    response = api.post("/consultations/heritage/statements", {"text": "Museums should open their data"})
    assert response.status_code == 201
    body = response.json()
    assert body["statement"]["moderation"] == "pending" and body["participant_token"]
    assert list(Vote.objects.values_list("statement__number", "value")) == [(body["statement"]["number"], 1)]


@pytest.mark.parametrize(
    ("text", "status", "code"),
    [
        ("x" * 141, 400, "invalid_statement"),
        ("   ", 400, "invalid_statement"),
        ("  SEED   zero ", 409, "duplicate_statement"),
    ],
)
def test_a_refused_submission_says_why_and_writes_nothing(api, consultation, text, status, code):
    """Check over-long, empty and duplicate (after normalising) submissions: refused on the field text,
    with no statement or participant written."""
    body = error(api.post("/consultations/heritage/statements", {"text": text}), status)
    assert (body["code"], body["field"]) == (code, "text")
    assert Statement.objects.count() == 3 and not Participant.objects.exists()


def test_a_submission_in_a_consultation_without_submissions_is_refused(api, consultation):
    """Check 409 submissions_disabled."""
    Consultation.objects.filter(pk=consultation.pk).update(accepts_submissions=False)
    assert error(api.post("/consultations/heritage/statements", {"text": "Hello"}), 409)["code"] == (
        "submissions_disabled"
    )


def test_your_submissions_show_the_moderators_decision(api, consultation, staff):
    """Check that after a rejection the author sees it with the criterion given."""
    response = api.post("/consultations/heritage/statements", {"text": "Vague idea"})
    api.token = response.json()["participant_token"]
    number = response.json()["statement"]["number"]
    reason = consultation.moderation_criteria[2]
    moderation.reject_statements(consultation, [number], actor=staff, reason=reason)
    (mine,) = api.get("/consultations/heritage/submissions").json()
    assert (mine["number"], mine["moderation"], mine["moderation_reason"]) == (number, "rejected", reason)
