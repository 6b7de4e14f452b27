"""The API's consultation endpoints: reading (anyone), creating, updating, seeding, closing (staff),
with the facilitator form's validation, and the OpenAPI document."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from assembly.api.schemas import LINE_BREAK, SPACE
from assembly.consultations.defaults import DEFAULT_GUIDELINES, DEFAULT_MODERATION_CRITERIA
from assembly.consultations.models import Consultation, Statement
from assembly.consultations.texts import clean_text
from tests.web.api_client import Api, error

NEW = {"slug": "museums", "title": "Museums and AI", "question": "What should museums do?"}


@pytest.fixture
def staff_api(staff_client) -> Api:
    return Api(staff_client)


@pytest.fixture
def public_api(db) -> Api:
    return Api(Client())


def test_openapi_document_is_served_and_lists_every_area(public_api):
    """Check that /api/openapi.json is served and documents consultations, statements, votes,
    submissions, moderation and results, and the error shape."""
    response = public_api.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = set(document["paths"])
    for path in (
        "/api/consultations",
        "/api/consultations/{slug}",
        "/api/consultations/{slug}/close",
        "/api/consultations/{slug}/statements",
        "/api/consultations/{slug}/votes",
        "/api/consultations/{slug}/submissions",
        "/api/consultations/{slug}/moderation/queue",
        "/api/consultations/{slug}/moderation/decisions",
        "/api/consultations/{slug}/moderation/participants/{number}/exclude",
        "/api/consultations/{slug}/results",
    ):
        assert path in paths, path
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) == {"code", "message", "field"}


def test_anyone_lists_open_consultations_but_only_staff_see_invite_only_ones(
    public_api, staff_api, consultation
):
    """Check that the list hides invite-only consultations from everyone but staff."""
    Consultation.objects.create(slug="closed-circle", title="Circle", question="Q?", invite_only=True)
    assert [c["slug"] for c in public_api.get("/consultations").json()] == ["heritage"]
    assert {c["slug"] for c in staff_api.get("/consultations").json()} == {"heritage", "closed-circle"}


def test_reading_a_consultation_gives_its_texts_state_and_themes(public_api, consultation):
    """Check the detail of the fixture consultation."""
    body = public_api.get("/consultations/heritage").json()
    assert body["title"] == "AI in heritage" and body["question"] == "What should we do?"
    assert body["is_open"] is True and body["moderation_mode"] == "pre"
    assert body["moderation_criteria"] == list(DEFAULT_MODERATION_CRITERIA)


def test_an_unknown_consultation_is_a_404_in_the_error_shape(public_api):
    """Check that a missing consultation answers 404 {"code": "not_found", ...}."""
    assert error(public_api.get("/consultations/nope"), 404)["code"] == "not_found"


def test_an_invite_only_consultation_is_not_readable_without_an_invite(public_api, consultation):
    """Check that an anonymous caller cannot read an invite-only consultation."""
    Consultation.objects.filter(pk=consultation.pk).update(invite_only=True)
    assert error(public_api.get("/consultations/heritage"), 403)["code"] == "invite_required"


def test_staff_create_a_consultation_with_the_forms_defaults_themes_and_seeds(staff_api):
    """Check that a minimal create gets the paper's guidelines and criteria, and that themes and seed
    statements are stored (seeds accepted, numbered in order)."""
    response = staff_api.post(
        "/consultations", {**NEW, "themes": ["Access", "Rights"], "seed_statements": ["One", "Two"]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["guidelines"] == DEFAULT_GUIDELINES
    assert body["moderation_criteria"] == list(DEFAULT_MODERATION_CRITERIA)
    assert body["themes"] == ["Access", "Rights"]
    seeds = Statement.objects.filter(consultation__slug="museums").order_by("number")
    assert [(s.number, s.text, s.moderation) for s in seeds] == [
        (0, "One", "accepted"),
        (1, "Two", "accepted"),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "not a slug!"}, "slug"),
        ({"title": ""}, "title"),
        ({"title": " \t "}, "title"),
        ({"question": "What?\x00"}, "question"),
        ({"title": None}, "title"),
        ({"moderation_criteria": []}, "moderation_criteria"),
        ({"moderation_criteria": ["One", " "]}, "moderation_criteria.1"),
        ({"moderation_criteria": ["Two\nlines"]}, "moderation_criteria.0"),
        ({"moderation_mode": None}, "moderation_mode"),
        ({"embed_origins": "example.org"}, "embed_origins"),
        ({"opens_at": 0}, "opens_at"),
        ({"opens_at": "2026-05-02T10:00:00"}, "opens_at"),
        ({"closes_at": "0001-01-01T00:00:00+01:00"}, "closes_at"),
        ({"themes": ["x" * 201]}, "themes.0"),
    ],
)
def test_invalid_consultations_are_refused_by_the_schema_and_nothing_is_created(staff_api, changes, field):
    """Check that the form's rules are in the schema (blank or NUL texts, null for a field that is not
    a date, no criterion, a criterion of two lines, a bad site address, a date as a number, without
    offset or out of range, a long theme): 400 naming the field, nothing saved."""
    body = error(staff_api.post("/consultations", {**NEW, **changes}), 400)
    assert body["code"] == "invalid_request" and body["field"] == field
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("body", ["[null, null]", '"museums"', "3", "null"])
def test_a_body_that_is_not_an_object_is_refused(staff_client, consultation, body):
    """Check that a JSON body other than an object is a 400 (a list used to pass as an empty object,
    and "x" set the title to "X") and changes nothing."""
    response = staff_client.patch("/api/consultations/heritage", body, content_type="application/json")
    assert error(response, 400)["code"] == "invalid_request"
    consultation.refresh_from_db()
    assert consultation.title == "AI in heritage"


def test_more_rejection_wordings_than_criteria_is_a_conflict(staff_api, consultation):
    """Check that wordings outnumbering the consultation's criteria (a rule of the consultation's
    state, which the schema cannot state) answer 409 on rejection_wordings, name both counts, and
    change nothing (schemathesis sent such a schema-valid request and got an undocumented 400)."""
    before = consultation.aligned_rejection_wordings()
    criteria = len(consultation.moderation_criteria)
    wordings = [f"Missing {n}" for n in range(criteria + 1)]
    body = error(staff_api.patch("/consultations/heritage", {"rejection_wordings": wordings}), 409)
    assert (body["code"], body["field"]) == ("wordings_conflict", "rejection_wordings")
    assert f"{criteria + 1} rejection wordings for {criteria} criteria" in body["message"]
    consultation.refresh_from_db()
    assert consultation.aligned_rejection_wordings() == before


def test_a_closing_date_before_the_opening_date_is_a_conflict(staff_api, consultation):
    """Check that dates the model refuses (closing not after opening, in the request or with the
    consultation's own date) answer 409 on closes_at and change nothing."""
    dates = {"opens_at": "2026-05-02T10:00:00Z", "closes_at": "2026-05-02T10:00:00Z"}
    body = error(staff_api.post("/consultations", {**NEW, **dates}), 409)
    assert (body["code"], body["field"]) == ("dates_conflict", "closes_at")
    staff_api.patch("/consultations/heritage", {"opens_at": "2026-05-02T10:00:00+02:00"})
    error(staff_api.patch("/consultations/heritage", {"closes_at": "2026-05-02T08:00:00Z"}), 409)
    consultation.refresh_from_db()
    assert consultation.closes_at is None and Consultation.objects.count() == 1


def test_a_date_with_any_offset_is_stored_as_the_same_moment(staff_api):
    """Check that a date whose offset PostgreSQL cannot store (-19:55; RFC 3339 allows up to 23:59) is
    kept as the same moment (it was a server error on PostgreSQL, found by schemathesis)."""
    from datetime import UTC, datetime

    dates = {"opens_at": "2026-05-02T10:00:00+23:59", "closes_at": "2026-05-03T10:00:00-19:55"}
    assert staff_api.post("/consultations", {**NEW, **dates}).status_code == 201
    created = Consultation.objects.get(slug=NEW["slug"])
    assert created.opens_at == datetime(2026, 5, 1, 10, 1, tzinfo=UTC)
    assert created.closes_at == datetime(2026, 5, 4, 5, 55, tzinfo=UTC)


def test_a_taken_slug_is_a_conflict(staff_api, consultation):
    """Check that creating a second consultation with the slug "heritage" answers 409 on the slug."""
    body = error(staff_api.post("/consultations", {**NEW, "slug": "heritage"}), 409)
    assert (body["code"], body["field"]) == ("slug_taken", "slug")
    assert Consultation.objects.count() == 1


def test_a_bad_seed_refuses_the_whole_creation(staff_api):
    """Check that a seed over 140 characters (400, naming its place) or two seeds that are the same
    statement (409) refuse the request and create no consultation."""
    body = error(staff_api.post("/consultations", {**NEW, "seed_statements": ["fine", "x" * 141]}), 400)
    assert body["field"] == "seed_statements.1"
    assert staff_api.post("/consultations", {**NEW, "seed_statements": ["x" * 140]}).status_code == 201
    Consultation.objects.all().delete()
    body = error(staff_api.post("/consultations", {**NEW, "seed_statements": ["Fine", " fine"]}), 409)
    assert (body["code"], body["field"]) == ("duplicate_statement", "seed_statements")
    assert not Consultation.objects.exists()


def test_only_staff_create_consultations(public_api, client, django_user_model):
    """Check that anonymous callers get 401 and logged-in non-staff 403, and nothing is created."""
    assert error(public_api.post("/consultations", NEW), 401)["code"] == "not_authenticated"
    client.force_login(django_user_model.objects.create_user("someone", password="pw-for-tests"))
    assert error(Api(client).post("/consultations", NEW), 403)["code"] == "forbidden"
    assert not Consultation.objects.exists()


def test_staff_writes_need_the_csrf_token(staff):
    """Check that a staff session without the CSRF token cannot create a consultation."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert error(Api(client).post("/consultations", NEW), 403)["code"] == "csrf_failed"
    client.get("/accounts/login/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/consultations", NEW, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201


def test_staff_update_only_the_fields_they_send(staff_api, consultation):
    """Check that PATCH changes the title and themes and keeps everything else."""
    body = staff_api.patch("/consultations/heritage", {"title": "New title", "themes": ["B", "A"]}).json()
    assert body["title"] == "New title" and body["themes"] == ["B", "A"]
    assert body["question"] == "What should we do?" and body["slug"] == "heritage"


def test_an_invalid_update_changes_nothing(staff_api, consultation):
    """Check that an update with a bad field is refused and the title stays."""
    error(
        staff_api.patch("/consultations/heritage", {"title": "Changed", "moderation_mode": "sometimes"}), 400
    )
    consultation.refresh_from_db()
    assert consultation.title == "AI in heritage"


def test_closing_stops_voting_and_reopening_restarts_it(staff_api, consultation):
    """Check that a closed consultation refuses votes (409) and a reopened one takes them."""
    assert staff_api.post("/consultations/heritage/close").json()["is_open"] is False
    participant = Api()
    assert error(participant.post("/consultations/heritage/votes", {"statement": 0, "value": 1}), 409)[
        "code"
    ] == ("consultation_closed")
    assert staff_api.post("/consultations/heritage/reopen").json()["is_open"] is True
    assert participant.post("/consultations/heritage/votes", {"statement": 0, "value": 1}).status_code == 200


def test_staff_add_seeds_all_or_nothing(staff_api, consultation):
    """Check that seeds are added in order, and that a repeat of an existing statement refuses all."""
    response = staff_api.post("/consultations/heritage/seeds", {"statements": ["Seed three", "Seed four"]})
    assert response.status_code == 201
    assert [s["number"] for s in response.json()] == [3, 4]
    body = error(
        staff_api.post("/consultations/heritage/seeds", {"statements": ["Brand new", "seed ZERO"]}), 409
    )
    assert (body["code"], body["field"]) == ("duplicate_statement", "statements")
    assert "Line 2 repeats statement #0" in body["message"]
    assert Statement.objects.filter(consultation=consultation).count() == 5


def test_seeds_that_are_blank_once_cleaned_are_skipped(staff_api, consultation):
    """Check that entries of white space or control characters only are skipped like blank lines
    (they used to refuse the request), and line numbers still count them."""
    response = staff_api.post("/consultations/heritage/seeds", {"statements": ["\x9b\x07", "", "New one"]})
    assert response.status_code == 201, response.content
    assert [s["text"] for s in response.json()] == ["New one"]
    body = error(
        staff_api.post("/consultations/heritage/seeds", {"statements": ["\x01", "", "new ONE"]}), 409
    )
    assert "Line 3" in body["message"]


def test_seeds_for_an_unknown_theme_are_refused(staff_api, consultation):
    """Check that naming a theme the consultation lacks is refused on the field theme."""
    body = error(staff_api.post("/consultations/heritage/seeds", {"statements": ["X"], "theme": "Nope"}), 404)
    assert body["code"] == "unknown_theme" and body["field"] == "theme"


def test_the_schema_patterns_see_white_space_and_line_breaks_as_the_forms_do():
    """Check that the patterns' white space is exactly what str.strip() removes and their line breaks
    exactly where str.splitlines() cuts, so a text the schema calls not blank is not blank to the form."""
    characters = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    blank = re.compile(f"[{SPACE}]")
    breaks = re.compile(f"[{LINE_BREAK}]")
    assert [c for c in characters if bool(blank.match(c)) != (c.strip() == "")] == []
    assert [c for c in characters if bool(breaks.match(c)) != (len(f"a{c}b".splitlines()) == 2)] == []


@pytest.mark.parametrize("text", ["\x9b\x07", " \x00\t", "\u3000\x85", "ok", " \x01a"])
def test_the_documented_submission_text_is_what_the_service_keeps(public_api, text):
    """Check that the OpenAPI pattern of a submission's text matches exactly the texts that keep
    something once cleaned (control characters only used to match it, and were refused)."""
    document = public_api.get("/openapi.json").json()
    pattern = document["components"]["schemas"]["SubmissionIn"]["properties"]["text"]["pattern"]
    assert bool(re.search(pattern, text)) == bool(clean_text(text))
