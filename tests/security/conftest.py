"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from tests.security.routes import World, build_world


@pytest.fixture
def world(db, django_user_model) -> World:
    """See :func:`tests.security.routes.build_world`."""
    return build_world(django_user_model)


@pytest.fixture
def staff(db, django_user_model):
    """A superuser: facilitates and moderates every consultation."""
    return django_user_model.objects.create_user(
        "root", password="pw-for-tests", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
