"""Who may frame the embed view (issue 11, item 8): the consultation's listed sites, any site only when
staff explicitly chose so, else none but the site itself, so no other site can clickjack votes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from assembly.consultations import services
from assembly.consultations.defaults import DEFAULT_GUIDELINES, DEFAULT_MODERATION_CRITERIA
from assembly.consultations.models import Consultation

IN_FRAME = {"Sec-Fetch-Dest": "iframe"}


@pytest.fixture
def heritage(db) -> Consultation:
    consultation = services.create_consultation(slug="heritage", title="Heritage", question="What now?")
    services.add_seed_statements(consultation, texts=["Seed zero"])
    return consultation


def _ancestors(response) -> list[str]:
    directives = dict(
        (d.split()[0], d.split()[1:]) for d in response["Content-Security-Policy"].split(";") if d.strip()
    )
    return directives["frame-ancestors"]


def test_a_new_consultation_may_be_framed_by_no_other_site(heritage):
    """Check that the default embed view allows no other site to frame it ('self' only), and that the
    field is off for a new consultation."""
    assert heritage.embed_any_site is False
    response = Client().get("/c/heritage/embed/")
    assert response.status_code == 200 and _ancestors(response) == ["'self'"]
    assert "X-Frame-Options" not in response


def test_the_listed_sites_may_frame_it(heritage):
    """Check that the listed sites, and only they, are the frame ancestors."""
    services.update_consultation(heritage, embed_origins="https://www.europeana.eu\nhttps://museum.example")
    assert _ancestors(Client().get("/c/heritage/embed/")) == [
        "https://www.europeana.eu",
        "https://museum.example",
    ]


def test_any_site_only_when_staff_allowed_it(heritage):
    """Check that 'any site may embed it' gives frame-ancestors * (whatever the list says)."""
    services.update_consultation(heritage, embed_any_site=True, embed_origins="https://museum.example")
    assert _ancestors(Client().get("/c/heritage/embed/")) == ["*"]


def test_every_embed_response_follows_the_consultations_choice(heritage):
    """Check the pages reached from the embed (vote redirect target, submit, mine) and its error page:
    each may be framed by the listed site only, never by any site."""
    services.update_consultation(heritage, embed_origins="https://museum.example")
    client = Client()
    responses = [
        client.get("/c/heritage/submit/?embed=1", headers=IN_FRAME),
        client.get("/c/heritage/mine/?embed=1", headers=IN_FRAME),
        client.post("/c/heritage/vote/", {"statement": 0, "value": 1, "embed": "1"}, headers=IN_FRAME),
        client.post("/c/heritage/vote/", {"statement": 42, "value": 1, "embed": "1"}, headers=IN_FRAME),
    ]
    assert [r.status_code for r in responses] == [200, 200, 303, 404]
    for response in responses:
        assert _ancestors(response) == ["https://museum.example"], response.status_code


def test_the_error_page_of_an_unknown_consultation_may_not_be_framed_by_others(db):
    """Check that an embed error page naming no consultation lets no other site frame it."""
    response = Client().post("/c/nowhere/vote/", {"statement": 0, "value": 1, "embed": "1"})
    assert response.status_code == 404
    assert "*" not in _ancestors(response)


def test_facilitators_choose_it_in_the_form(staff_client, heritage):
    """Check that the facilitator's form shows the choice, off, and saves it when ticked."""
    page = staff_client.get("/manage/heritage/edit/").content.decode()
    assert 'name="embed_any_site"' in page and "clickjacking" in page
    form = {
        "title": "Heritage",
        "question": "What now?",
        "guidelines": DEFAULT_GUIDELINES,
        "moderation_mode": "pre",
        "moderation_criteria": "\n".join(DEFAULT_MODERATION_CRITERIA),
        "accepts_submissions": "on",
        "embed_any_site": "on",
    }
    assert staff_client.post("/manage/heritage/edit/", form).status_code == 302
    assert Consultation.objects.get(slug="heritage").embed_any_site is True
    dashboard = staff_client.get("/manage/heritage/").content.decode()
    assert "Any website may show this consultation in a frame" in dashboard


def test_the_dashboard_says_when_no_site_may_frame_it(staff_client, heritage):
    """Check that the embed snippet comes with the notice that no site is listed yet."""
    dashboard = staff_client.get("/manage/heritage/").content.decode()
    assert "No website may show it in a frame yet" in dashboard


def test_the_api_reads_and_sets_it(staff_client, heritage):
    """Check that the API shows the choice and lets staff set it (as the form does)."""
    assert Client().get("/api/consultations/heritage").json()["embed_any_site"] is False
    response = staff_client.patch(
        "/api/consultations/heritage", json.dumps({"embed_any_site": True}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["embed_any_site"] is True
    assert _ancestors(Client().get("/c/heritage/embed/")) == ["*"]
