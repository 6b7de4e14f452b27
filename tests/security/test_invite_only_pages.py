"""Invite-only consultations show nothing on the participant pages to visitors who are neither their
participants nor their moderators, as the API (issue 11, item 7).

The target consultation of :func:`tests.security.routes.build_world` writes :data:`SECRET` into its
title, question, description and statements; it is made invite-only here.
"""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Consultation, Participant, VoteEvent
from tests.security.routes import SECRET, World, client_as

IN_FRAME = {"Sec-Fetch-Dest": "iframe"}
HTMX = {"HX-Request": "true"}
# (method, path, form data, extra headers): every participant page of the consultation.
PAGES = [
    ("GET", "/c/target/", {}, {}),
    ("GET", "/c/target/embed/", {}, {}),
    ("GET", "/c/target/submit/", {}, {}),
    ("GET", "/c/target/submit/?embed=1", {}, IN_FRAME),
    ("POST", "/c/target/submit/", {"text": "Confidential-target", "action": "check"}, {}),
    ("GET", "/c/target/similar/?text=Confidential-target-text", {}, HTMX),
    ("GET", "/c/target/mine/", {}, {}),
    ("POST", "/c/target/vote/", {"statement": "0", "value": "1"}, HTMX),
    ("POST", "/c/target/vote/", {"statement": "0", "value": "1", "embed": "1"}, IN_FRAME),
]
PAGE_IDS = [f"{method} {path}{' htmx' if extra == HTMX else ''}" for method, path, _data, extra in PAGES]


@pytest.fixture
def invite_only(world: World) -> World:
    Consultation.objects.filter(pk=world.target.pk).update(invite_only=True)
    return world


def _call(client: Client, method: str, path: str, data: dict[str, str], headers: dict[str, str]):
    if method == "POST":
        return client.post(path, data, headers=headers)
    return client.get(path, headers=headers)


@pytest.mark.parametrize(("method", "path", "data", "headers"), PAGES, ids=PAGE_IDS)
def test_a_visitor_without_an_invite_sees_nothing_of_the_consultation(
    invite_only, method, path, data, headers
):
    """Check that each participant page answers 403 with the invitation message and none of the
    consultation's texts, and that nothing is written."""
    before = (Participant.objects.count(), VoteEvent.objects.count())
    response = _call(Client(), method, path, data, headers)
    assert response.status_code == 403, response.status_code
    assert SECRET.encode() not in response.content
    assert b"by invitation only" in response.content
    assert (Participant.objects.count(), VoteEvent.objects.count()) == before


@pytest.mark.parametrize(("method", "path", "data", "headers"), PAGES, ids=PAGE_IDS)
def test_a_stranger_with_another_consultations_cookie_sees_nothing(invite_only, method, path, data, headers):
    """Check that a participant cookie of another consultation, or a made-up one, opens nothing."""
    client = Client()
    client.cookies[cookie_name(invite_only.target)] = "made-up-token"
    client.cookies["assembly_p_other"] = invite_only.token
    response = _call(client, method, path, data, headers)
    assert response.status_code == 403 and SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ["participant", "target-moderator", "superuser"])
@pytest.mark.parametrize(("method", "path", "data", "headers"), PAGES[:7], ids=PAGE_IDS[:7])
def test_participants_and_moderators_see_the_pages(
    invite_only, django_user_model, role, method, path, data, headers
):
    """Check, as a control, that the consultation's participant (cookie) and its moderators get the
    pages with their texts."""
    response = _call(client_as(role, invite_only, django_user_model), method, path, data, headers)
    assert response.status_code == 200, response.status_code
    if "similar" not in path:
        assert SECRET.encode() in response.content


def test_an_other_consultations_moderator_sees_nothing(invite_only, django_user_model):
    """Check that a moderator of another consultation is refused like any visitor."""
    response = client_as("other-moderator", invite_only, django_user_model).get("/c/target/")
    assert response.status_code == 403 and SECRET.encode() not in response.content


def test_an_embedded_participant_sees_the_pages_through_the_link_token(invite_only):
    """Check that inside the embed frame (no cookie), the participant's token opens the pages, the
    similar-statements fragment included (the submit page's request carries the token)."""
    token = invite_only.token
    embed = Client().get(f"/c/target/embed/?t={token}", headers=IN_FRAME)
    assert embed.status_code == 200 and SECRET.encode() in embed.content
    submit = Client().get(f"/c/target/submit/?embed=1&t={token}", headers=IN_FRAME).content.decode()
    assert f'/c/target/similar/?embed=1&amp;t={token}"' in submit
    similar = Client().get(f"/c/target/similar/?embed=1&t={token}&text=Confidential-target", headers=HTMX)
    assert similar.status_code == 200 and SECRET.encode() in similar.content


def test_the_home_page_does_not_list_it(invite_only):
    """Check that the list of consultations leaves the invite-only one out."""
    assert SECRET.encode() not in Client().get("/").content
