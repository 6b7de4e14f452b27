"""A participant's identity cannot be swapped or forged by another site (issue 11, item 5), nor can
another site make its visitors vote through the API (item 6).

The attacker holds a participant token of their own (anyone gets one by voting once) and reads that
participant's votes through the API. Their tools: a link carrying their token (``?t=``, an embed
link, an invite link), a form on their site posting to ours, a script sending ``text/plain`` bodies.
Browsers say who sent a request (``Sec-Fetch-Site``, ``Origin``) and where it loads
(``Sec-Fetch-Dest``); the test client sends these headers as a browser would.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Consultation, Participant, Statement, Vote, VoteEvent

CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"}
SAME_SITE_OTHER_HOST = {"Sec-Fetch-Site": "same-site", "Origin": "https://other.testserver"}
FOREIGN_ORIGIN_ONLY = {"Origin": "https://attacker.example"}  # a browser without Sec-Fetch-* headers
NULL_ORIGIN = {"Origin": "null"}  # a sandboxed frame, a page opened from a file
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
IN_FRAME = {"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
TOP_LEVEL = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Site": "cross-site"}
FOREIGN = [CROSS_SITE, SAME_SITE_OTHER_HOST, FOREIGN_ORIGIN_ONLY, NULL_ORIGIN]
FOREIGN_IDS = ["sec-fetch-site", "same-site", "origin", "null-origin"]


@pytest.fixture
def heritage(db) -> Consultation:
    consultation = services.create_consultation(slug="heritage", title="Heritage", question="What now?")
    services.add_seed_statements(consultation, texts=["Seed zero", "Seed one", "Seed two"])
    return consultation


@pytest.fixture
def attacker(heritage) -> tuple[Participant, str]:
    """The attacker's participant (one vote, on #2) and token."""
    participant, token = services.create_participant(heritage)
    services.cast_vote(participant, statement_number=2, value=1)
    return participant, token


def _voter(consultation: Consultation) -> tuple[Client, Participant]:
    """A browser that has voted once (agree on #0): its cookie identifies it."""
    browser = Client()
    assert browser.post(f"/c/{consultation.slug}/vote/", {"statement": 0, "value": 1}).status_code == 303
    return browser, Participant.objects.get(votes__statement__number=0, consultation=consultation)


def _votes(participant: Participant) -> dict[int, int]:
    return dict(Vote.objects.filter(participant=participant).values_list("statement__number", "value"))


def _csrf_post(browser: Client, page_html: str, url: str, data: dict[str, str]):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html)
    assert token is not None, "the page has no CSRF token"
    return browser.post(url, {**data, "csrfmiddlewaretoken": token[1]})


# --------------------------------------------------------------------------------------------------
# Links that carry a token


def test_a_token_link_never_replaces_the_browsers_participant(heritage, attacker):
    """Check that '/c/slug/?t=ATTACKER' opened by a browser that takes part sets no cookie, shows the
    choice (keeping its own participation, with its vote count), and its next vote is its own."""
    browser, own = _voter(heritage)
    _attacker, token = attacker
    page = browser.get(f"/c/heritage/?t={token}")
    html = page.content.decode()
    assert page.status_code == 200 and cookie_name(heritage) not in page.cookies
    assert "You already take part in this consultation" in html and "voted on 1 statement." in html
    assert page["Cache-Control"] == "no-store"
    browser.post("/c/heritage/vote/", {"statement": 1, "value": -1})
    assert _votes(own) == {0: 1, 1: -1}
    assert _votes(_attacker) == {2: 1}


def test_a_token_link_on_a_fresh_browser_only_asks(heritage, attacker):
    """Check that a fresh browser opening the attacker's link is not made their participant: no cookie,
    and a vote without choosing to continue creates the visitor's own participant."""
    _attacker, token = attacker
    browser = Client()
    page = browser.get(f"/c/heritage/?t={token}")
    assert page.status_code == 200 and cookie_name(heritage) not in page.cookies
    assert "Continue with this link?" in page.content.decode()
    browser.post("/c/heritage/vote/", {"statement": 0, "value": 1})
    assert _votes(_attacker) == {2: 1}
    assert Participant.objects.count() == 2


def test_continuing_with_a_link_needs_the_sites_own_form(heritage, attacker):
    """Check that the switch is a CSRF-protected post: forged without the token it is refused and sets
    no cookie; from the choice page's form it keeps the link's participant (the embed's new-tab case)."""
    _attacker, token = attacker
    browser = Client(enforce_csrf_checks=True)
    forged = browser.post("/c/heritage/continue/", {"t": token})
    assert forged.status_code == 403 and cookie_name(heritage) not in forged.cookies
    page = browser.get(f"/c/heritage/?t={token}").content.decode()
    chosen = _csrf_post(browser, page, "/c/heritage/continue/", {"t": token})
    assert chosen.status_code == 303 and chosen.cookies[cookie_name(heritage)].value == token


def test_continuing_with_an_unknown_token_is_refused_and_changes_nothing(heritage):
    """Check that continuing with a token of nobody answers 404 with a message and sets no cookie."""
    response = Client().post("/c/heritage/continue/", {"t": "made-up"})
    assert response.status_code == 404 and "belongs to no one" in response.content.decode()
    assert cookie_name(heritage) not in response.cookies
    assert Client().get("/c/heritage/?t=made-up")["Location"] == "/c/heritage/"


def test_outside_embeds_the_t_parameter_identifies_no_one(heritage, attacker):
    """Check that a vote or page outside the embed with t=ATTACKER acts as the browser, not the token."""
    _attacker, token = attacker
    browser = Client()
    browser.post("/c/heritage/vote/", {"statement": 0, "value": 1, "t": token})
    assert _votes(_attacker) == {2: 1}
    mine = browser.get(f"/c/heritage/mine/?t={token}").content.decode()
    assert "Seed two" not in mine
    assert browser.get(f"/c/heritage/my-data/?t={token}").status_code == 200  # the browser's own data
    assert Client().get(f"/c/heritage/my-data/?t={token}").status_code == 404


def test_an_embed_link_opened_at_the_top_of_a_window_ignores_its_token(heritage, attacker):
    """Check that '/c/slug/embed/?t=ATTACKER' opened as a page (Sec-Fetch-Dest: document, a crafted link)
    does not act as the attacker, while the same request inside a frame does (the embed's real use)."""
    _attacker, token = attacker
    top = Client().get(f"/c/heritage/embed/?t={token}", headers=TOP_LEVEL).content.decode()
    assert f'value="{token}"' not in top and "3 statements remaining" in top
    framed = Client().get(f"/c/heritage/embed/?t={token}", headers=IN_FRAME).content.decode()
    assert f'value="{token}"' in framed and "2 statements remaining" in framed


def test_an_embed_vote_never_sets_the_cookie_from_its_token(heritage, attacker):
    """Check that a vote carrying a token (embed mode) records it for that participant but gives the
    browser no cookie, so a browser's own identity is never overwritten by a token."""
    _attacker, token = attacker
    response = Client().post(
        "/c/heritage/vote/", {"statement": 0, "value": 1, "embed": "1", "t": token}, headers=IN_FRAME
    )
    assert response.status_code == 303 and cookie_name(heritage) not in response.cookies
    assert _votes(_attacker) == {0: 1, 2: 1}


def test_an_invite_link_never_replaces_the_browsers_participant(heritage):
    """Check that an invite opened by a browser that takes part elsewhere in the consultation asks,
    creates no participant and keeps the cookie; choosing the invite then makes its participant."""
    browser, own = _voter(heritage)
    services.update_consultation(heritage, invite_only=True)
    (invite,) = services.create_invites(heritage, count=1)
    page = browser.get(f"/c/heritage/invite/{invite}/")
    assert page.status_code == 200 and cookie_name(heritage) not in page.cookies
    assert "it would make you a new participant" in page.content.decode()
    assert Participant.objects.count() == 1
    browser.post("/c/heritage/vote/", {"statement": 1, "value": 1})
    assert _votes(own) == {0: 1, 1: 1}
    switched = browser.post("/c/heritage/continue/", {"t": invite})
    assert switched.cookies[cookie_name(heritage)].value == invite
    assert Participant.objects.filter(invite__isnull=False).count() == 1


def test_an_invite_opened_without_an_identity_is_taken_at_once(heritage):
    """Check, as a control, that an invite opened by a browser without an identity still works directly
    (the invite's purpose), and that opening it again in that browser changes nothing."""
    services.update_consultation(heritage, invite_only=True)
    (invite,) = services.create_invites(heritage, count=1)
    browser = Client()
    first = browser.get(f"/c/heritage/invite/{invite}/")
    assert first.status_code == 302 and first.cookies[cookie_name(heritage)].value == invite
    again = browser.get(f"/c/heritage/invite/{invite}/")
    assert again.status_code == 302 and again["Location"] == "/c/heritage/"


# --------------------------------------------------------------------------------------------------
# Forms posted by another site


@pytest.mark.parametrize("headers", FOREIGN, ids=FOREIGN_IDS)
def test_a_vote_sent_by_another_site_is_refused_and_changes_nothing(heritage, attacker, headers):
    """Check that a cross-site vote form is refused with 403 and a message, with or without the
    attacker's token and embed=1, creating no participant, no vote and no cookie."""
    _attacker, token = attacker
    for extra in ({}, {"embed": "1", "t": token}):
        response = Client().post("/c/heritage/vote/", {"statement": 0, "value": 1, **extra}, headers=headers)
        assert response.status_code == 403, extra
        assert "came from another website" in response.content.decode()
        assert cookie_name(heritage) not in response.cookies
    assert Participant.objects.count() == 1 and VoteEvent.objects.count() == 1


@pytest.mark.parametrize("headers", FOREIGN, ids=FOREIGN_IDS)
def test_submissions_and_erasures_sent_by_another_site_are_refused(heritage, attacker, headers):
    """Check that a cross-site submission or erasure is refused with 403 and writes nothing."""
    participant, token = attacker
    submit = Client().post("/c/heritage/submit/", {"text": "A forged statement here"}, headers=headers)
    erase = Client().post(
        "/c/heritage/my-data/erase/", {"confirm": "yes", "embed": "1", "t": token}, headers=headers
    )
    assert (submit.status_code, erase.status_code) == (403, 403)
    assert not Statement.objects.filter(text__startswith="A forged").exists()
    assert _votes(participant) == {2: 1}


def test_the_sites_own_pages_and_the_embed_frame_may_write(heritage, attacker):
    """Check, as a control, that writes sent by this site's pages (same-origin, also inside the frame
    on the institution's site) and by clients that are not browsers (no such headers) are accepted."""
    _attacker, token = attacker
    own_page = Client().post("/c/heritage/vote/", {"statement": 0, "value": 1}, headers=SAME_ORIGIN)
    in_frame = Client().post(
        "/c/heritage/vote/", {"statement": 0, "value": -1, "embed": "1", "t": token}, headers=IN_FRAME
    )
    script = Client().post("/c/heritage/vote/", {"statement": 1, "value": 0})
    assert (own_page.status_code, in_frame.status_code, script.status_code) == (303, 303, 303)
    assert _votes(_attacker) == {0: -1, 2: 1}
    assert Participant.objects.count() == 3


@pytest.mark.parametrize("fetch_site", [None, "same-site"])
def test_the_trusted_origins_count_as_this_site(heritage, settings, fetch_site):
    """Check that an Origin listed in CSRF_TRUSTED_ORIGINS (a deployment's other address, possibly
    another subdomain: Sec-Fetch-Site same-site) may write."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://consult.example.org"]
    headers = {"Origin": "https://consult.example.org"} | (
        {"Sec-Fetch-Site": fetch_site} if fetch_site else {}
    )
    response = Client().post("/c/heritage/vote/", {"statement": 0, "value": 1}, headers=headers)
    assert response.status_code == 303


# --------------------------------------------------------------------------------------------------
# The API (item 6)


def _api_vote(content_type: str, body: str, headers: dict[str, str] | None = None):
    return Client().generic(
        "POST", "/api/consultations/heritage/votes", body, content_type=content_type, headers=headers or {}
    )


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]
)
def test_the_api_refuses_bodies_that_are_not_json_with_415(heritage, content_type):
    """Check that a vote whose body is JSON but declared as another media type (what any site may make
    a browser send without asking) is refused with 415 and the error shape, creating no participant."""
    body = json.dumps({"statement": 0, "value": 1})
    for headers in ({}, FOREIGN_ORIGIN_ONLY):
        response = _api_vote(content_type, body, headers)
        assert response.status_code == 415, response.content
        error = response.json()
        assert error["code"] == "unsupported_media_type" and "application/json" in error["message"]
    assert not Participant.objects.exists() and not VoteEvent.objects.exists()


def test_the_api_takes_json_with_a_charset(heritage):
    """Check, as a control, that application/json with parameters is read (the header's parameters
    are not part of the media type)."""
    response = _api_vote("application/json; charset=utf-8", json.dumps({"statement": 0, "value": 1}))
    assert response.status_code == 200


@pytest.mark.parametrize("headers", FOREIGN, ids=FOREIGN_IDS)
def test_the_api_creates_no_participant_for_another_sites_page(heritage, headers):
    """Check that a first vote or submission sent by another site's page (JSON, no token) is refused
    with 403 cross_site_request and creates nobody."""
    vote = _api_vote("application/json", json.dumps({"statement": 0, "value": 1}), headers)
    submit = Client().post(
        "/api/consultations/heritage/statements",
        json.dumps({"text": "From another site"}),
        content_type="application/json",
        headers=headers,
    )
    for response in (vote, submit):
        assert response.status_code == 403 and response.json()["code"] == "cross_site_request"
    assert not Participant.objects.exists()


def test_the_openapi_document_declares_json_bodies_and_the_415(client, db):
    """Check that every operation with a body declares only application/json and documents 415."""
    document = client.get("/api/openapi.json").json()
    with_body = [
        (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]
    assert len(with_body) >= 8
    for path, method, operation in with_body:
        assert list(operation["requestBody"]["content"]) == ["application/json"], (path, method)
        assert "415" in operation["responses"], (path, method)
