"""The API's consultation endpoints: reading (anyone), creating, updating, seeding, closing (staff),
with the facilitator form's validation, and the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.consultations.defaults import DEFAULT_GUIDELINES, DEFAULT_MODERATION_CRITERIA
from assembly.consultations.models import Consultation, Statement
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
        ({"opens_at": "2026-05-02T10:00:00Z", "closes_at": "2026-05-01T10:00:00Z"}, "closes_at"),
        ({"slug": "not a slug!"}, "slug"),
        ({"title": ""}, "title"),
        ({"moderation_criteria": []}, "moderation_criteria"),
    ],
)
def test_invalid_consultations_are_refused_like_the_form_does_and_nothing_is_created(
    staff_api, changes, field
):
    """Check that the form's rules apply to the API, naming the field, and that nothing is saved."""
    body = error(staff_api.post("/consultations", {**NEW, **changes}), 400)
    assert body["code"] == "invalid" and body["field"] == field
    assert not Consultation.objects.exists()


def test_a_taken_slug_is_refused(staff_api, consultation):
    """Check that creating a second consultation with the slug "heritage" is refused on the slug."""
    body = error(staff_api.post("/consultations", {**NEW, "slug": "heritage"}), 400)
    assert body["field"] == "slug"
    assert Consultation.objects.count() == 1


def test_a_bad_seed_refuses_the_whole_creation(staff_api):
    """Check that a seed over 1,000 characters refuses the request and creates no consultation."""
    error(staff_api.post("/consultations", {**NEW, "seed_statements": ["fine", "x" * 1001]}), 400)
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
    error(staff_api.post("/consultations/heritage/seeds", {"statements": ["Brand new", "seed ZERO"]}), 400)
    assert Statement.objects.filter(consultation=consultation).count() == 5


def test_seeds_for_an_unknown_theme_are_refused(staff_api, consultation):
    """Check that naming a theme the consultation lacks is refused on the field theme."""
    body = error(staff_api.post("/consultations/heritage/seeds", {"statements": ["X"], "theme": "Nope"}), 404)
    assert body["code"] == "unknown_theme" and body["field"] == "theme"
