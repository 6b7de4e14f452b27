"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS

# The fixtures that start a browser or a real server process (Playwright's chromium, pytest-django's
# live server, tests/reliability's `assembly serve` / `worker`, tests/config's supervised granian).
# A test that uses one, directly or through another fixture, is marked slow.
SLOW_FIXTURES = frozenset({"_session_browser", "live_server", "start_service", "supervised"})
# Folders whose every test runs real processes on a database of its own (see their conftest), even
# when a module-scoped fixture of its own starts them (tests/reliability/test_load.py).
SLOW_FOLDERS = (Path(__file__).parent / "reliability",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the real-process tests slow, so that ``-m "not slow"`` (``make test-fast``) leaves them out.

    Marking by fixture and folder keeps the tier right as tests are added: a new browser or server test
    is slow without anyone remembering to mark it.
    """
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())) or any(
            item.path.is_relative_to(folder) for folder in SLOW_FOLDERS
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def _session_browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright's sync API: one for the whole session.

    Playwright's sync API keeps an event loop running in this thread while it is open, so a second
    ``sync_playwright()`` in the same session would fail: every browser test shares this one.
    """
    # The tests' ORM calls stay synchronous beside Playwright's loop, which Django allows only when told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser(_session_browser: Any) -> Iterator[Any]:
    """The session's chromium for one test; the pages the test opened are closed after it, so a page
    left on a live-updating view does not go on polling the live server while later tests run."""
    yield _session_browser
    for context in list(_session_browser.contexts):
        context.close()
