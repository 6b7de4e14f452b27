"""Access control, generated from the URL configuration: every route declares a level, and every
non-public route refuses the roles it must refuse (issue 5, item 9).

The routes are read from Django's resolver (the API's included: one entry per OpenAPI operation), so a
route added without a declared level fails :func:`test_every_route_declares_an_access_level`, and a
route whose level is not enforced fails :func:`test_refused_roles_get_no_data`.
"""

from __future__ import annotations

from typing import Any

import pytest

from assembly.accounts.access import Level
from assembly.consultations.models import Consultation, Participant, Statement, Vote, VoteEvent
from assembly.moderation.models import ModerationLogEntry
from assembly.results.models import GroupName
from tests.security.routes import SECRET, Route, World, all_routes, call, client_as, url_for

# Answers that refuse without data: 401/403/404, 204 (an empty fragment), or a redirect to a login page.
REFUSING_STATUSES = {204, 401, 403, 404}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")

ROUTES = all_routes()
PROTECTED = [r for r in ROUTES if r.level not in (None, Level.PUBLIC)]


def test_every_route_declares_an_access_level():
    """Check that no route (page, fragment, admin page or API operation) lacks a declared access level."""
    undeclared = [r.id for r in ROUTES if r.level is None]
    assert undeclared == []


def test_the_walk_sees_every_kind_of_route():
    """Check that the generated list holds the routes this test is about (so it cannot pass empty)."""
    levels = {r.level for r in ROUTES}
    assert levels == set(Level)
    names = {r.name for r in ROUTES}
    assert {"moderation:decide", "facilitate:export", "results:report", "admin:index"} <= names
    assert {"api:cast_vote:cast_vote", "api:decide:decide"} <= names


def _refusal(response: Any) -> bool:
    if response.status_code in REFUSING_STATUSES:
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith(LOGIN_PATHS)


def _refused_roles(level: Level) -> list[str]:
    """The roles that must not pass a level (a staff account passes ``staff``: it is a staff page)."""
    return {
        Level.PARTICIPANT: ["anonymous", "other-moderator"],
        Level.MODERATOR: ["anonymous", "participant", "other-moderator"],
        Level.STAFF: ["anonymous", "participant"],
        Level.ADMIN: ["anonymous", "participant", "other-moderator", "target-moderator"],
    }[level]


def _row_counts() -> dict[str, int]:
    models = (Consultation, Participant, Statement, Vote, VoteEvent, ModerationLogEntry, GroupName)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize("route", PROTECTED, ids=lambda r: r.id)
def test_refused_roles_get_no_data(route: Route, world: World, django_user_model):
    """Check that each role below the route's level gets 401/403/404/204 or the login page, never the
    target consultation's texts, and changes nothing, for every method of the route."""
    before = _row_counts()
    url = url_for(route, world.values)
    for role in _refused_roles(route.level):
        client = client_as(role, world, django_user_model)
        for method in route.methods:
            response = call(client, method, url)
            if response.status_code == 405:
                continue  # this method is not served here; another one of the route is tried
            assert _refusal(response), f"{role} {method} {url}: {response.status_code}"
            assert SECRET.encode() not in response.content, f"{role} {method} {url} leaks data"
    assert _row_counts() == before


@pytest.mark.parametrize(
    "route", [r for r in PROTECTED if r.level is Level.STAFF and "GET" in r.methods], ids=lambda r: r.id
)
def test_staff_pages_show_a_moderator_nothing_of_other_consultations(route, world, django_user_model):
    """Check that staff-level pages (the list of one's consultations) open for the moderator of another
    consultation without showing anything of the target consultation."""
    client = client_as("other-moderator", world, django_user_model)
    response = call(client, "GET", url_for(route, world.values))
    assert response.status_code in (200, 405)
    assert SECRET.encode() not in response.content


ALLOWED_ROLE = {
    Level.PARTICIPANT: "participant",
    Level.MODERATOR: "target-moderator",
    Level.STAFF: "target-moderator",
    Level.ADMIN: "superuser",
}


@pytest.mark.parametrize("route", [r for r in PROTECTED if "GET" in r.methods], ids=lambda r: r.id)
def test_the_allowed_role_gets_through(route, world, django_user_model):
    """Check, as a control, that the role the level names is not refused on the route's GET (so the
    refusals above come from the access check, not from a broken URL). In the admin, a superuser gets
    past the site's check; some pages then still refuse (votes and the log cannot be added by hand)."""
    client = client_as(ALLOWED_ROLE[route.level], world, django_user_model)
    response = call(client, "GET", url_for(route, world.values))
    assert not response.headers.get("Location", "").startswith(LOGIN_PATHS)
    if route.level is not Level.ADMIN:
        assert response.status_code not in (401, 403), response.status_code


def test_a_moderator_lists_only_their_consultations(world, django_user_model):
    """Check that the API's consultation list shows an invite-only consultation to its moderator only."""
    Consultation.objects.filter(pk=world.target.pk).update(invite_only=True)
    for role, visible in (("target-moderator", True), ("other-moderator", False), ("anonymous", False)):
        slugs = [
            c["slug"] for c in client_as(role, world, django_user_model).get("/api/consultations").json()
        ]
        assert ("target" in slugs) is visible, role


def test_the_creator_of_a_consultation_moderates_it(client, db, django_user_model):
    """Check that a staff account that creates a consultation may moderate it without an assignment."""
    author = django_user_model.objects.create_user("author", password="x", is_staff=True)
    client.force_login(author)
    form = {"slug": "mine", "title": "Mine", "question": "Q?", "moderation_mode": "pre", "guidelines": "g"}
    form |= {"moderation_criteria": "Off topic", "themes": ""}
    assert client.post("/manage/new/", form).status_code == 302
    assert client.get("/manage/mine/moderation/").status_code == 200
