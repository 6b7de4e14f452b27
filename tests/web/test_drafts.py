"""Draft consultations, publishing as a step, confirmations and dates (issue 14 item 5).

A consultation made on the "New consultation" page is a draft: to everyone but its staff it does not
exist (404 everywhere, the title never shown) and it takes no votes or statements; its staff see a
"Draft" banner and preview the participant pages, which record nothing. Publishing asks first and is
logged. Closing, excluding a participant and rejecting several statements at once ask first (a page,
so it works without JavaScript). Consultations made any other way (import, demo, API) stay published.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import translation

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.models import Consultation, Participant, Vote, VoteEvent
from assembly.consultations.templatetags.dates import when
from assembly.moderation.models import Action, ModerationLogEntry
from tests.web.api_client import Api
from tests.web.conftest import statement_states

TITLE = "Half-built consultation"
NEW = {
    "title": TITLE,
    "slug": "half-built",
    "question": "What should we ask?",
    "description": "",
    "guidelines": "Be kind.",
    "moderation_mode": "pre",
    "moderation_criteria": "Clear",
    "themes": "",
    "accepts_submissions": "on",
}
# Every public address of a consultation: participant pages, embed, privacy pages and results.
PUBLIC_PATHS = [
    "/c/half-built/",
    "/c/half-built/embed/",
    "/c/half-built/submit/",
    "/c/half-built/mine/",
    "/c/half-built/my-data/",
    "/c/half-built/results/",
    "/c/half-built/results/report/",
]


@pytest.fixture
def draft(staff_client) -> Consultation:
    """A consultation made on the "New consultation" page, with two seed statements."""
    assert staff_client.post("/manage/new/", NEW).status_code == 302
    consultation = Consultation.objects.get(slug="half-built")
    services.add_seed_statements(consultation, texts=["First seed", "Second seed"])
    consultation.results_public = True  # even public results stay hidden while it is a draft
    consultation.save()
    return consultation


def test_a_consultation_made_in_the_interface_starts_as_a_draft(staff_client, draft):
    """Check that the new consultation is a draft, not open, and its dashboard says so with a preview
    link and a publish step."""
    assert draft.is_draft and draft.published_at is None and not draft.is_open()
    html = staff_client.get("/manage/half-built/").content.decode()
    assert "Draft" in html and "Preview the participant page" in html
    assert 'href="/manage/half-built/publish/"' in html


def test_a_draft_is_invisible_to_the_public_everywhere(draft):
    """Check that the home page does not list a draft and every public page of it answers 404 without
    its title, as for a slug that names nothing."""
    public = Client()
    assert TITLE not in public.get("/").content.decode()
    for path in PUBLIC_PATHS:
        response = public.get(path)
        assert (path, response.status_code) == (path, 404)
        assert TITLE not in response.content.decode()


def test_a_draft_is_invisible_in_the_public_api(draft, consultation):
    """Check that the API lists no draft to the public and answers 404 for it, its results and its
    statements, as for an unknown slug."""
    api = Api()
    assert {c["slug"] for c in api.get("/consultations").json()} == {"heritage"}
    for path in ("", "/results", "/statements", "/next"):
        response = api.get(f"/consultations/half-built{path}")
        assert (path, response.status_code) == (path, 404)
        assert TITLE not in response.content.decode()
    response = api.post("/consultations/half-built/votes", {"statement": 0, "value": 1})
    assert response.status_code == 404
    assert not Participant.objects.filter(consultation=draft).exists()


def test_staff_who_do_not_moderate_a_draft_get_404_too(draft, django_user_model):
    """Check that a staff account that does not moderate the draft cannot see it either."""
    other = django_user_model.objects.create_user("other", password="pw-for-tests", is_staff=True)
    client = Client()
    client.force_login(other)
    assert client.get("/c/half-built/").status_code == 404
    assert "half-built" not in {c["slug"] for c in Api(client).get("/consultations").json()}


def test_staff_preview_shows_the_participant_page_and_records_nothing(staff_client, draft):
    """Check that the draft's staff see the participant page marked as a preview, with a statement to
    vote on, and that a vote or a statement sent from it is refused and writes nothing."""
    html = staff_client.get("/c/half-built/").content.decode()
    assert "Preview of a draft." in html and " seed<" in html and 'name="value"' in html
    response = staff_client.post("/c/half-built/vote/", {"statement": "0", "value": "1"})
    assert response.status_code == 409
    assert "preview of a draft" in response.content.decode()
    response = staff_client.post("/c/half-built/submit/", {"text": "A new idea from the preview"})
    assert response.status_code == 409
    assert not Participant.objects.filter(consultation=draft).exists()
    assert not Vote.objects.exists() and not VoteEvent.objects.exists()
    assert draft.statements.count() == 2


def test_staff_see_the_drafts_api_and_a_vote_there_is_refused(staff_client, draft):
    """Check that the draft's staff read it through the API (marked as a draft) and that a vote is
    refused with the draft's own code."""
    api = Api(staff_client)
    body = api.get("/consultations/half-built").json()
    assert (body["is_draft"], body["published_at"], body["is_open"]) == (True, None, False)
    response = api.post("/consultations/half-built/votes", {"statement": 0, "value": 1})
    assert response.status_code == 409 and response.json()["code"] == "consultation_draft"
    assert not Participant.objects.filter(consultation=draft).exists()


def test_publishing_asks_first_then_publishes_and_is_logged(staff_client, staff, draft):
    """Check that the publish step shows a confirmation page that changes nothing; its button publishes,
    logs who did, and the consultation appears to the public."""
    page = staff_client.get("/manage/half-built/publish/")
    html = page.content.decode()
    assert page.status_code == 200 and "Publish “Half-built consultation”?" in html
    assert 'name="confirmed" value="yes"' in html and 'href="/manage/half-built/"' in html
    draft.refresh_from_db()
    assert draft.is_draft
    assert staff_client.post("/manage/half-built/publish/").status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft and draft.is_open()
    entry = ModerationLogEntry.objects.get(consultation=draft)
    assert (entry.action, entry.actor) == (Action.PUBLISH, staff)
    public = Client()
    assert TITLE in public.get("/").content.decode()
    assert public.get("/c/half-built/").status_code == 200
    assert "Preview of a draft." not in staff_client.get("/c/half-built/").content.decode()


def test_publishing_twice_changes_nothing(staff_client, draft):
    """Check that a second publish (page or API) logs nothing more and keeps the first date."""
    staff_client.post("/manage/half-built/publish/")
    draft.refresh_from_db()
    first = draft.published_at
    staff_client.post("/manage/half-built/publish/")
    response = Api(staff_client).post("/consultations/half-built/publish")
    assert response.status_code == 409 and response.json()["code"] == "published_already"
    draft.refresh_from_db()
    assert draft.published_at == first
    assert ModerationLogEntry.objects.filter(action=Action.PUBLISH).count() == 1


def test_the_api_publishes_a_draft(staff_client, draft):
    """Check that POST /publish publishes and answers the consultation, now not a draft."""
    body = Api(staff_client).post("/consultations/half-built/publish").json()
    assert (body["is_draft"], body["is_open"]) == (False, True)
    assert Api().get("/consultations/half-built").status_code == 200


def test_only_moderators_publish(draft, django_user_model):
    """Check that anonymous visitors and staff who do not moderate the draft cannot publish it."""
    Client().post("/manage/half-built/publish/")
    other = django_user_model.objects.create_user("other", password="pw-for-tests", is_staff=True)
    client = Client()
    client.force_login(other)
    client.post("/manage/half-built/publish/")
    assert Api(client).post("/consultations/half-built/publish").status_code in (401, 403, 404)
    draft.refresh_from_db()
    assert draft.is_draft and not ModerationLogEntry.objects.exists()


def test_consultations_made_otherwise_stay_published(staff_client, db):
    """Check that a consultation made by the services (import, demo) or the API is published unless the
    API is asked for a draft."""
    made = services.create_consultation(slug="imported", title="Imported", question="Q?")
    assert not made.is_draft and made.is_open()
    api = Api(staff_client)
    body = api.post("/consultations", {"slug": "by-api", "title": "By API", "question": "Q?"}).json()
    assert body["is_draft"] is False
    body = api.post("/consultations", {"slug": "api-draft", "title": "T", "question": "Q?", "draft": True})
    assert body.json()["is_draft"] is True
    assert Api().get("/consultations/api-draft").status_code == 404


def test_closing_asks_first(staff_client, consultation):
    """Check that the dashboard's close button leads to a confirmation page that changes nothing."""
    html = staff_client.get("/manage/heritage/").content.decode()
    assert 'href="/manage/heritage/close/"' in html
    page = staff_client.get("/manage/heritage/close/").content.decode()
    assert "Close “AI in heritage”?" in page and 'action="/manage/heritage/close/"' in page
    consultation.refresh_from_db()
    assert consultation.is_open()


def test_excluding_asks_first_and_repeats_the_reason(staff_client, consultation, participant):
    """Check that an exclusion posted without confirmation changes nothing and answers a page whose
    button posts the same reason and note again, confirmed."""
    url = f"/manage/heritage/moderation/participants/{participant.number}/exclude/"
    response = staff_client.post(url, {"reason": "spam", "note": "same answers <b>"})
    html = response.content.decode()
    assert response.status_code == 200 and f"Exclude participant {participant.number}?" in html
    assert 'name="reason" value="spam"' in html and 'value="same answers &lt;b&gt;"' in html
    assert not Participant.objects.get(pk=participant.pk).excluded
    staff_client.post(url, {"reason": "spam", "note": "same answers", "confirmed": "yes"})
    assert Participant.objects.get(pk=participant.pk).excluded


def test_bulk_reject_asks_first_but_one_reject_does_not(staff_client, consultation):
    """Check that rejecting two ticked statements answers a confirmation page and changes nothing, while
    rejecting one statement acts at once."""
    reason = consultation.moderation_criteria[0]
    data = {"statement": ["0", "1"], "action": "reject", "reason": reason, "show": "accepted"}
    response = staff_client.post("/manage/heritage/moderation/decide/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "Reject 2 statements?" in html
    assert html.count('name="statement"') == 2 and 'name="show" value="accepted"' in html
    assert set(statement_states(consultation).values()) == {Moderation.ACCEPTED}
    one = {"statement": ["2"], "action": "reject", "reason": reason}
    assert staff_client.post("/manage/heritage/moderation/decide/", one).status_code == 302
    assert statement_states(consultation)[2] is Moderation.REJECTED


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "March 9, 2027, 6 p.m. CET"),
        ("fr", "9 mars 2027 18:00 CET"),
        ("de", "9. März 2027 18:00 CET"),
        ("nl", "9 maart 2027 18:00 CET"),
    ],
)
def test_dates_show_the_languages_format_and_the_time_zone(language, shown):
    """Check that a moment is shown in the language's one date format, in the site's time zone
    (Europe/Brussels) with its abbreviation, and carries the exact moment for machines."""
    with translation.override(language):
        html = when(datetime(2027, 3, 9, 17, 0, tzinfo=UTC))
    assert html == f'<time datetime="2027-03-09T18:00:00+01:00">{shown}</time>'


def test_dashboard_and_participant_page_show_dates_with_their_time_zone(staff_client, db):
    """Check that an opening date in summer time is shown with CEST on the dashboard and on the
    participant page of a scheduled consultation."""
    opens = datetime(2099, 7, 1, 8, 30, tzinfo=UTC)
    services.create_consultation(slug="later", title="Later", question="Q?", opens_at=opens)
    assert "July 1, 2099, 10:30 a.m. CEST" in staff_client.get("/manage/later/").content.decode()
    assert "July 1, 2099, 10:30 a.m. CEST" in Client().get("/c/later/").content.decode()


def test_the_date_fields_say_which_time_zone_they_are_read_in(staff_client):
    """Check that the opening and closing date fields of the form name the site's time zone."""
    html = staff_client.get("/manage/new/").content.decode()
    assert html.count("Time zone: Europe/Brussels.") == 2
