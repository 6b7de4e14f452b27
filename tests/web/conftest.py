"""Fixtures for the web platform's tests (pytest-django).

The database is SQLite in memory, or PostgreSQL when ``DATABASE_URL`` is set, e.g.
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/assembly_test .venv/bin/pytest tests/web``.
"""

from __future__ import annotations

import pytest

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.models import Consultation, ModerationMode, Statement


@pytest.fixture
def consultation(db) -> Consultation:
    """An open, pre-moderated consultation with three accepted seed statements (#0, #1, #2)."""
    c = services.create_consultation(slug="heritage", title="AI in heritage", question="What should we do?")
    services.add_seed_statements(c, texts=["Seed zero", "Seed one", "Seed two"])
    return c


@pytest.fixture
def post_moderated(db) -> Consultation:
    """An open, post-moderated consultation with one accepted seed statement (#0)."""
    c = services.create_consultation(
        slug="post", title="Post", question="Q?", moderation_mode=ModerationMode.POST
    )
    services.add_seed_statements(c, texts=["Only seed"])
    return c


@pytest.fixture
def participant(consultation):
    """A participant of ``consultation``, created through the service (so with a token)."""
    return services.create_participant(consultation)[0]


@pytest.fixture
def staff(db, django_user_model):
    """A staff user who facilitates and moderates every consultation (a superuser: per-consultation
    moderators are tested in tests/security)."""
    return django_user_model.objects.create_user(
        "mod", password="pw-for-tests", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def statement_states(consultation: Consultation) -> dict[int, Moderation]:
    """Number -> moderation state of every statement of a consultation."""
    return {s.number: Moderation(s.moderation) for s in Statement.objects.filter(consultation=consultation)}
