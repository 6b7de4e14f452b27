"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from tests.security.routes import World, build_world


@pytest.fixture
def world(db, django_user_model) -> World:
    """See :func:`tests.security.routes.build_world`."""
    return build_world(django_user_model)
