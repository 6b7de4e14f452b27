"""Participant pages: voting with and without htmx, identity cookie, embed, invites, external ids."""

from __future__ import annotations

import re

import pytest

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Participant, Statement, Vote, VoteEvent

HTMX = {"HTTP_HX_REQUEST": "true"}


def vote(client, slug, statement, value, **extra):
    return client.post(
        f"/c/{slug}/vote/", {"statement": statement, "value": value, **extra.pop("data", {})}, **extra
    )


def test_page_shows_question_a_statement_and_the_remaining_count(client, consultation):
    """Check that a newcomer sees the question, one statement, three buttons, '3 statements remaining'."""
    response = client.get("/c/heritage/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "What should we do?" in html
    assert re.search(r"Seed (zero|one|two)", html)
    assert html.count('name="value"') == 3
    assert "3 statements remaining" in html
    assert not Participant.objects.exists()  # viewing creates no participant


def test_vote_without_javascript_redirects_back_and_sets_a_safe_cookie(client, consultation):
    """Check that a plain form post records the vote, answers 303, sets an HttpOnly SameSite=Lax cookie."""
    response = vote(client, "heritage", 1, "1")
    assert response.status_code == 303 and response["Location"] == "/c/heritage/?voted=1"  # undo offered
    cookie = response.cookies[cookie_name(consultation)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/c/heritage/"
    assert len(cookie.value) >= 22
    assert list(Vote.objects.values_list("statement__number", "value")) == [(1, 1)]
    follow = client.get("/c/heritage/")
    assert "2 statements remaining" in follow.content.decode()


def test_second_vote_from_the_same_browser_is_the_same_participant(client, consultation):
    """Check that the cookie identifies the participant: two votes, one participant."""
    vote(client, "heritage", 0, "1")
    vote(client, "heritage", 1, "-1")
    assert Participant.objects.count() == 1
    assert Vote.objects.filter(participant=Participant.objects.get()).count() == 2


def test_htmx_vote_returns_the_next_card_only(client, consultation):
    """Check that an htmx vote answers 200 with only the vote-card fragment, showing the next statement."""
    response = vote(client, "heritage", 0, "0", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="vote-card"') and "<html" not in html
    assert "2 statements remaining" in html and "· #0" not in html
    assert "Your last vote: Pass / unsure on statement #0." in html


def test_htmx_vote_error_comes_back_in_the_card_with_its_status(client, consultation):
    """Check that an htmx vote on an unknown statement answers 404 with the message inside the card."""
    response = vote(client, "heritage", 42, "1", **HTMX)
    assert response.status_code == 404
    assert 'role="alert"' in response.content.decode()
    assert not VoteEvent.objects.exists() and not Participant.objects.exists()


@pytest.mark.parametrize(("statement", "value", "status"), [(42, "1", 404), (0, "7", 400), ("x", "1", 404)])
def test_bad_vote_without_javascript_gets_an_error_page_and_changes_nothing(
    client, consultation, statement, value, status
):
    """Check that a bad plain-form vote answers the error's status with a message, creating nothing."""
    response = vote(client, "heritage", statement, value)
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode()
    assert not Participant.objects.exists() and not VoteEvent.objects.exists()


def test_vote_on_closed_consultation_answers_409(client, consultation):
    """Check that after closing, the page says so, shows no vote buttons, and a posted vote gets 409."""
    services.close_consultation(consultation)
    page = client.get("/c/heritage/").content.decode()
    assert "closed" in page and 'name="value"' not in page
    assert vote(client, "heritage", 0, "1").status_code == 409
    assert not VoteEvent.objects.exists()


def test_rejected_statement_never_shows_on_the_participant_pages(client, consultation):
    """Check that a rejected statement is never drawn, even when it is the only unseen one."""
    Statement.objects.filter(consultation=consultation, number__in=[0, 1]).update(
        moderation=Moderation.REJECTED.value
    )
    for _ in range(5):
        html = client.get("/c/heritage/").content.decode()
        assert "Seed two" in html and "Seed zero" not in html and "Seed one" not in html
    vote(client, "heritage", 2, "1")
    html = client.get("/c/heritage/").content.decode()
    assert "You have voted on every statement" in html


def test_mine_page_lists_own_statements_with_decision_and_lets_votes_change(client, consultation, staff):
    """Check that a participant sees their statement's moderation state and reason, and can change a vote."""
    from assembly.moderation import services as moderation

    vote(client, "heritage", 0, "1")
    client.post("/c/heritage/submit/", {"text": "Archives need AI literacy training", "action": "submit"})
    number = Statement.objects.get(text__startswith="Archives").number
    criterion = consultation.moderation_criteria[2]
    moderation.reject_statements(consultation, [number], actor=staff, reason=criterion)
    html = client.get("/c/heritage/mine/").content.decode()
    assert "Archives need AI literacy training" in html and "Rejected" in html
    assert "Why: Not concrete: it uses vague terms that do not refer to concrete actions." in html
    response = vote(client, "heritage", 0, "-1", data={"return": "mine"})
    assert response.status_code == 303 and response["Location"] == "/c/heritage/mine/"
    assert Vote.objects.get(statement__number=0).value == -1


def test_embed_page_may_be_framed_and_carries_the_token_in_links(client, consultation):
    """Check that the embed page drops X-Frame-Options, lets the consultation's embedding site frame it,
    and after a vote carries the participant token in its form (third-party cookies may be blocked)."""
    services.update_consultation(consultation, embed_origins="https://museum.example")
    page = client.get("/c/heritage/embed/")
    policy = page["Content-Security-Policy"]
    assert "X-Frame-Options" not in page and "frame-ancestors https://museum.example;" in policy + ";"
    assert "Open in a new tab" in page.content.decode()
    response = vote(client, "heritage", 0, "1", data={"embed": "1"})
    assert response.status_code == 303 and response["Location"].startswith("/c/heritage/embed/?t=")
    token = response["Location"].split("t=")[1].split("&")[0]
    client.cookies.clear()  # as in a third-party iframe: no cookie comes back
    card = vote(client, "heritage", 1, "1", data={"embed": "1", "t": token}, **HTMX)
    assert f'name="t" value="{token}"' in card.content.decode()
    assert f'href="/c/heritage/?t={token}"' in card.content.decode()  # the new-tab link, renewed too
    assert Participant.objects.count() == 1 and Vote.objects.count() == 2


def test_an_embeds_first_htmx_vote_reloads_the_frame_with_the_token(client, consultation):
    """Check that the first vote in the embed (htmx) answers with HX-Redirect to the embed view carrying
    the new token, so the frame's links outside the vote card carry it too; later votes swap the card."""
    first = vote(client, "heritage", 0, "1", data={"embed": "1", "lang": "fr"}, **HTMX)
    token = first["HX-Redirect"].split("t=")[1].split("&")[0]
    assert (
        first.status_code == 204 and first["HX-Redirect"] == f"/c/heritage/embed/?t={token}&lang=fr&voted=0"
    )
    assert services.participant_for_token(consultation, token) == Participant.objects.get()
    client.cookies.clear()
    second = vote(client, "heritage", 1, "1", data={"embed": "1", "t": token}, **HTMX)
    assert second.status_code == 200 and "HX-Redirect" not in second
    assert Participant.objects.count() == 1 and Vote.objects.count() == 2


def test_token_in_a_link_moves_into_the_cookie_once_the_visitor_chooses_it(client, consultation):
    """Check that opening '/c/slug/?t=TOKEN' (the embed's new-tab link) only asks (no cookie yet), and
    that choosing to continue sets the cookie and cleans the URL (issue 11 item 5: a link alone never
    takes over an identity)."""
    participant, token = services.create_participant(consultation)
    page = client.get(f"/c/heritage/?t={token}")
    assert page.status_code == 200 and cookie_name(consultation) not in page.cookies
    assert 'action="/c/heritage/continue/"' in page.content.decode()
    response = client.post("/c/heritage/continue/", {"t": token})
    assert response.status_code == 303 and response["Location"] == "/c/heritage/"
    assert response.cookies[cookie_name(consultation)].value == token


def test_other_pages_refuse_to_be_framed(client, consultation):
    """Check that the normal participant page forbids framing (X-Frame-Options, frame-ancestors 'none')."""
    response = client.get("/c/heritage/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_invite_only_refuses_newcomers_and_admits_invite_holders(client, consultation):
    """Check that a vote without invite gets 403; an invite link makes one participant, reused on return."""
    services.update_consultation(consultation, invite_only=True)
    assert vote(client, "heritage", 0, "1").status_code == 403
    (token,) = services.create_invites(consultation, count=1)
    assert client.get(f"/c/heritage/invite/{token}/").status_code == 302
    assert vote(client, "heritage", 0, "1").status_code == 303
    client.cookies.clear()
    client.get(f"/c/heritage/invite/{token}/")  # the same link again, e.g. on another device
    vote(client, "heritage", 1, "1")
    assert Participant.objects.count() == 1 and Vote.objects.count() == 2
    assert client.get("/c/heritage/invite/forged-token/").status_code == 403


def test_external_id_identifies_the_participant_only_when_allowed(client, consultation):
    """Check that ?xid= is ignored by default and, when accepted, maps one external id to one participant."""
    vote(client, "heritage", 0, "1", data={"xid": "museum-user-7"})
    assert Participant.objects.get().xid is None
    Participant.objects.all().delete()
    services.update_consultation(consultation, accepts_xid=True)
    vote(client, "heritage", 0, "1", data={"xid": "museum-user-7"})
    client.cookies.clear()
    vote(client, "heritage", 1, "1", data={"xid": "museum-user-7"})
    assert list(Participant.objects.values_list("xid", flat=True)) == ["museum-user-7"]
    assert Vote.objects.count() == 2
