"""The URL configuration as a list of routes, and a consultation to try them on (tests/security).

:func:`all_routes` reads Django's resolver; an API path gives one :class:`Route` per OpenAPI
operation. :func:`build_world` makes the data the routes are called with, and :func:`client_as` the
test client of each role.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from assembly.accounts.access import Level, declared_level, route_level
from assembly.accounts.models import ConsultationModerator
from assembly.assistant.models import Draft, ModelCall
from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Consultation, Participant, ThemeSuggestion
from assembly.results.models import GroupName

# Written into every text of the target consultation: a refused response must never contain it.
SECRET = "Confidential-target-text"


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


def walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
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
    for route in walk(get_resolver().url_patterns):
        seen.setdefault((route.path, route.methods), route)
    return list(seen.values())


@dataclass
class World:
    target: Consultation
    participant: Participant
    token: str
    values: dict[str, str]


def build_world(django_user_model) -> World:
    """A target consultation whose every text holds :data:`SECRET` (with a participant, a submission,
    an invite and a group name), its moderator ``target-mod``, another consultation with its moderator
    ``other-mod``, and a superuser ``root``."""
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
    (theme,) = services.set_themes(target, [f"{SECRET} theme"])
    theme.avenues = f"{SECRET} avenues"
    theme.save()
    ThemeSuggestion.objects.create(consultation=target, label=f"{SECRET} suggestion", statement_numbers=[0])
    call = ModelCall.objects.create(
        consultation=target,
        kind="takeaways",
        endpoint="http://127.0.0.1:9/v1/chat/completions",
        model="m",
        prompt_sha256="0" * 64,
        made_at=timezone.now(),
    )
    draft = Draft.objects.create(
        consultation=target, kind="takeaways", call=call, text=f"{SECRET} draft (#0).", status="pending"
    )
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
        "theme_id": str(theme.pk),
        "pk": str(draft.pk),
    }
    return World(target, participant, token, values)


def client_as(role: str, world: World, django_user_model) -> Client:
    """A test client acting as ``role``: anonymous, participant (of the target), other-moderator,
    target-moderator or superuser."""
    client = Client()
    if role == "participant":
        client.cookies[cookie_name(world.target)] = world.token
    elif role in ("other-moderator", "target-moderator", "superuser"):
        username = {"other-moderator": "other-mod", "target-moderator": "target-mod", "superuser": "root"}[
            role
        ]
        client.force_login(django_user_model.objects.get(username=username))
    return client


def url_for(route: Route, values: dict[str, str]) -> str:
    """The route's URL with its parameters filled from ``values``."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route.path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
    return "/" + path.lstrip("^").rstrip("$")


def call(client: Client, method: str, url: str) -> Any:
    """Call a route with an empty body (JSON for the API, a form elsewhere)."""
    if url.startswith("/api/"):
        return client.generic(method, url, json.dumps({}), content_type="application/json")
    return getattr(client, method.lower())(url, {})
