"""The API's moderation endpoints (staff only): the queue, decisions, exclusions."""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.consultations import services
from assembly.consultations.models import Participant, Statement
from assembly.moderation.models import ModerationLogEntry
from tests.web.api_client import Api, error


@pytest.fixture
def staff_api(staff_client) -> Api:
    return Api(staff_client)


@pytest.fixture
def submitted(consultation, participant):
    """Two pending submissions, #3 and #4."""
    services.submit_statement(participant, text="Seed zero, but longer")
    services.submit_statement(participant, text="Libraries need funding")
    return consultation


def states(consultation) -> dict[int, str]:
    return dict(Statement.objects.filter(consultation=consultation).values_list("number", "moderation"))


def test_the_queue_lists_pending_statements_with_near_duplicates(staff_api, submitted, participant):
    """Check that the queue has #3 and #4, oldest first, with their author, and that #3's closest
    published statement is "Seed zero"."""
    items = staff_api.get("/consultations/heritage/moderation/queue").json()
    assert [(i["number"], i["moderation"], i["author"]) for i in items] == [
        (3, "pending", participant.number),
        (4, "pending", participant.number),
    ]
    assert items[0]["similar"][0]["number"] == 0


def test_the_queue_filters_by_state(staff_api, submitted):
    """Check ?state=accepted lists the three seeds only."""
    items = staff_api.get("/consultations/heritage/moderation/queue", state="accepted").json()
    assert [i["number"] for i in items] == [0, 1, 2]


def test_accepting_publishes_and_logs(staff_api, submitted, staff):
    """Check that accepting #3 and #4 publishes both and logs two entries by the staff user."""
    response = staff_api.post(
        "/consultations/heritage/moderation/decisions", {"action": "accept", "statements": [3, 4]}
    )
    assert response.json() == {"changed": [3, 4]}
    assert states(submitted)[3] == states(submitted)[4] == "accepted"
    assert list(ModerationLogEntry.objects.values_list("actor", flat=True)) == [staff.pk, staff.pk]


def test_rejecting_needs_one_of_the_criteria(staff_api, submitted):
    """Check that a rejection without a reason (400, a schema rule) or with one that is not a criterion
    (404, like an unknown statement) changes nothing, naming the field reason; with a criterion it
    rejects."""
    url = "/consultations/heritage/moderation/decisions"
    for reason in ({}, {"reason": " "}):
        body = error(staff_api.post(url, {"action": "reject", "statements": [4], **reason}), 400)
        assert (body["code"], body["field"]) == ("invalid_request", "reason")
    body = error(staff_api.post(url, {"action": "reject", "statements": [4], "reason": "I dislike it"}), 404)
    assert (body["code"], body["field"]) == ("unknown_criterion", "reason")
    body = error(staff_api.post(url, {"action": "accept", "statements": [4], "reason": "I like it"}), 404)
    assert body["code"] == "unknown_criterion"
    assert states(submitted)[4] == "pending"
    reason = f" {submitted.moderation_criteria[4]} "  # trimmed, as the moderation page trims it
    assert staff_api.post(url, {"action": "reject", "statements": [4], "reason": reason}).json()[
        "changed"
    ] == [4]
    assert states(submitted)[4] == "rejected"


def test_a_decision_with_an_unknown_statement_changes_nothing(staff_api, submitted):
    """Check that one unknown number refuses the whole bulk decision with 404, naming it."""
    body = error(
        staff_api.post(
            "/consultations/heritage/moderation/decisions", {"action": "accept", "statements": [3, 99]}
        ),
        404,
    )
    assert (body["code"], body["field"]) == ("statement_not_found", "statements")
    assert "99" in body["message"]
    assert states(submitted)[3] == "pending"


def test_an_unknown_action_is_refused_on_its_field(staff_api, submitted):
    """Check that an action other than the five is refused with field "action"."""
    body = error(
        staff_api.post(
            "/consultations/heritage/moderation/decisions", {"action": "delete", "statements": [3]}
        ),
        400,
    )
    assert body["field"] == "action"


def test_marking_meta_and_back(staff_api, submitted):
    """Check that meta and unmeta toggle is_meta."""
    url = "/consultations/heritage/moderation/decisions"
    staff_api.post(url, {"action": "meta", "statements": [1]})
    assert Statement.objects.get(consultation=submitted, number=1).is_meta
    staff_api.post(url, {"action": "unmeta", "statements": [1]})
    assert not Statement.objects.get(consultation=submitted, number=1).is_meta


def test_excluding_and_including_a_participant(staff_api, consultation, participant):
    """Check that exclusion needs a known reason, flags the participant, and can be undone."""
    url = f"/consultations/heritage/moderation/participants/{participant.number}"
    error(staff_api.post(f"{url}/exclude", {"reason": "boredom"}), 400)
    assert staff_api.post(f"{url}/exclude", {"reason": "spam"}).json() == {
        "number": participant.number,
        "excluded": True,
    }
    assert staff_api.post(f"{url}/include", {}).json()["excluded"] is False
    assert not Participant.objects.get(pk=participant.pk).excluded


@pytest.mark.parametrize("action", ["exclude", "include"])
def test_an_unknown_participant_is_not_found(staff_api, consultation, action):
    """Check 404 participant_not_found for a participant number nobody has (it was a 400), and 400 for
    a number no participant can have."""
    url = "/consultations/heritage/moderation/participants"
    body = error(staff_api.post(f"{url}/42/{action}", {"reason": "spam"}), 404)
    assert (body["code"], body["field"]) == ("participant_not_found", "number")
    assert error(staff_api.post(f"{url}/{2**63}/{action}", {"reason": "spam"}), 400)["field"] == "number"


@pytest.mark.parametrize(
    ("body", "field"),
    [({"reason": ""}, "reason"), ({"reason": "spam", "note": "a\x00b"}, "note"), ([None], None)],
)
def test_bad_exclusions_are_refused_by_the_schema(staff_api, consultation, participant, body, field):
    """Check that a reason outside the four, a note with a NUL character (PostgreSQL cannot store it)
    and a body that is not an object are refused with 400 and exclude nobody."""
    url = f"/consultations/heritage/moderation/participants/{participant.number}/exclude"
    assert error(staff_api.post(url, body), 400)["field"] == field
    assert not Participant.objects.get(pk=participant.pk).excluded


def test_moderation_is_for_staff_only(submitted, client, django_user_model):
    """Check that anonymous callers get 401, non-staff 403, and nothing changes."""
    body = {"action": "accept", "statements": [3]}
    assert error(Api(Client()).post("/consultations/heritage/moderation/decisions", body), 401)
    assert error(Api(Client()).get("/consultations/heritage/moderation/queue"), 401)
    client.force_login(django_user_model.objects.create_user("someone", password="pw-for-tests"))
    assert error(Api(client).post("/consultations/heritage/moderation/decisions", body), 403)
    assert states(submitted)[3] == "pending"
