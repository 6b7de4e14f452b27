"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS


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
