"""Access control, generated from the URL configuration: every route declares a level, and every
non-public route refuses the roles it must refuse (issue 5, item 9).

The routes are read from Django's resolver (the API's included: one entry per OpenAPI operation), so a
route added without a declared level fails :func:`test_every_route_declares_an_access_level`, and a
route whose level is not enforced fails :func:`test_refused_roles_get_no_data`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from assembly.accounts.access import Level, declared_level, route_level
from assembly.accounts.models import ConsultationModerator
from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Consultation, Participant, Statement, Vote, VoteEvent
from assembly.moderation.models import ModerationLogEntry
from assembly.results.models import GroupName

# Written into every text of the target consultation: a refused response must never contain it.
SECRET = "Confidential-target-text"
# Answers that refuse without data: 401/403/404, 204 (an empty fragment), or a redirect to a login page.
REFUSING_STATUSES = {204, 401, 403, 404}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


@dataclass(frozen=True)
class Route:
    """One route and one way to call it (an API path has one Route per OpenAPI operation)."""

    path: str  # Django's route syntax, e.g. "manage/<slug:slug>/edit/"
    name: str
    methods: tuple[str, ...]
    level: Level | None

    @property
    def id(self) -> str:
        return f"{'/'.join(self.methods)} /{self.path}"


def _api_operations(view: Any) -> list[Any]:
    """The django-ninja operations behind an API URL pattern (its PathView sits in the view's closure)."""
    for cell in getattr(view, "__closure__", None) or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations is not None:
            return list(operations)
    return []


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
            continue
        assert isinstance(pattern, URLPattern)
        path = prefix + str(pattern.pattern)
        name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
        operations = _api_operations(pattern.callback)
        if operations:
            for op in operations:
                yield Route(
                    path, f"{name}:{op.view_func.__name__}", tuple(op.methods), declared_level(op.view_func)
                )
        else:
            level = route_level(pattern.callback, name=pattern.name, namespace=namespace)
            yield Route(path, name, ("GET", "POST"), level)


def all_routes() -> list[Route]:
    """Every route once (django-ninja repeats a path once per operation name: keep the first)."""
    seen: dict[tuple[str, tuple[str, ...]], Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault((route.path, route.methods), route)
    return list(seen.values())


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


@dataclass
class World:
    target: Consultation
    participant: Participant
    token: str
    values: dict[str, str]


@pytest.fixture
def world(db, django_user_model) -> World:
    target = services.create_consultation(
        slug="target",
        title=f"{SECRET} title",
        question=f"{SECRET} question",
        description=f"{SECRET} description",
        invite_only=False,
        results_public=False,
    )
    services.add_seed_statements(target, texts=[f"{SECRET} seed {i}" for i in range(3)])
    participant, token = services.create_participant(target)
    services.cast_vote(participant, statement_number=0, value=1)
    services.submit_statement(participant, text=f"{SECRET} submitted")
    invite = services.create_invites(target, count=1)[0]
    GroupName.objects.create(consultation=target, group=0, name=f"{SECRET}-group")
    other = services.create_consultation(slug="other", title="Other", question="Other?")
    other_moderator = django_user_model.objects.create_user("other-mod", password="x", is_staff=True)
    ConsultationModerator.objects.create(consultation=other, user=other_moderator)
    moderator = django_user_model.objects.create_user("target-mod", password="x", is_staff=True)
    ConsultationModerator.objects.create(consultation=target, user=moderator)
    django_user_model.objects.create_user("root", password="x", is_staff=True, is_superuser=True)
    values = {
        "slug": "target",
        "number": str(participant.number),
        "token": invite,
        "object_id": str(target.pk),
        "id": str(other_moderator.pk),
        "content_type_id": str(ContentType.objects.get_for_model(Consultation).pk),
        "app_label": "consultations",
        "url": "consultations/consultation/",
    }
    return World(target, participant, token, values)


def _client(role: str, world: World, django_user_model) -> Client:
    client = Client()
    if role == "participant":
        client.cookies[cookie_name(world.target)] = world.token
    elif role in ("other-moderator", "target-moderator", "superuser"):
        username = {"other-moderator": "other-mod", "target-moderator": "target-mod", "superuser": "root"}[
            role
        ]
        client.force_login(django_user_model.objects.get(username=username))
    return client


def _url(route: Route, values: dict[str, str]) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route.path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
    return "/" + path.lstrip("^").rstrip("$")


def _call(client: Client, method: str, url: str):
    if url.startswith("/api/"):
        return client.generic(method, url, json.dumps({}), content_type="application/json")
    return getattr(client, method.lower())(url, {})


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
    url = _url(route, world.values)
    for role in _refused_roles(route.level):
        client = _client(role, world, django_user_model)
        for method in route.methods:
            response = _call(client, method, url)
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
    client = _client("other-moderator", world, django_user_model)
    response = _call(client, "GET", _url(route, world.values))
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
    client = _client(ALLOWED_ROLE[route.level], world, django_user_model)
    response = _call(client, "GET", _url(route, world.values))
    assert not response.headers.get("Location", "").startswith(LOGIN_PATHS)
    if route.level is not Level.ADMIN:
        assert response.status_code not in (401, 403), response.status_code


def test_a_moderator_lists_only_their_consultations(world, django_user_model):
    """Check that the API's consultation list shows an invite-only consultation to its moderator only."""
    Consultation.objects.filter(pk=world.target.pk).update(invite_only=True)
    for role, visible in (("target-moderator", True), ("other-moderator", False), ("anonymous", False)):
        slugs = [c["slug"] for c in _client(role, world, django_user_model).get("/api/consultations").json()]
        assert ("target" in slugs) is visible, role


def test_the_creator_of_a_consultation_moderates_it(client, db, django_user_model):
    """Check that a staff account that creates a consultation may moderate it without an assignment."""
    author = django_user_model.objects.create_user("author", password="x", is_staff=True)
    client.force_login(author)
    form = {"slug": "mine", "title": "Mine", "question": "Q?", "moderation_mode": "pre", "guidelines": "g"}
    form |= {"moderation_criteria": "Off topic", "themes": ""}
    assert client.post("/manage/new/", form).status_code == 302
    assert client.get("/manage/mine/moderation/").status_code == 200
