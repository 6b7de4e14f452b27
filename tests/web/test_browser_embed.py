"""The embed in a real browser, framed by an institution's site on another origin (issue 11, items 5
and 8): votes in the frame count for one participant (the token travels in the frame's forms, since
the cookie is third-party there), "Open in a new tab" continues with them after asking, a forged form
on the institution's page cannot vote, and a site that is not listed cannot frame the view.

The site runs on ``localhost`` (pytest-django's live server), the institution's page on ``127.0.0.1``:
two different sites for the browser. Skipped when no chromium is found.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from assembly.consultations import services
from assembly.consultations.models import Consultation, Participant, Vote
from tests.browser import CHROMIUM
from tests.local_server import serving

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed"),
]

INSTITUTION_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Museum</title></head><body>
<h1>Our museum asks you</h1>
<iframe src="{embed}" title="Consultation" width="600" height="700"></iframe>
</body></html>
"""
FORGED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Prize</title></head><body>
<form method="post" action="{vote}">
  <input type="hidden" name="statement" value="0"><input type="hidden" name="value" value="-1">
  <button type="submit">Win a prize</button>
</form>
</body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture
def institution(tmp_path: Path, live_server) -> Iterator[str]:
    """An institution's site on 127.0.0.1: a page that frames the embed view, and one with a forged vote
    form (index.html, forged.html)."""
    embed, vote = f"{live_server.url}/c/heritage/embed/", f"{live_server.url}/c/heritage/vote/"
    (tmp_path / "index.html").write_text(INSTITUTION_PAGE.format(embed=embed), encoding="utf-8")
    (tmp_path / "forged.html").write_text(FORGED_PAGE.format(vote=vote), encoding="utf-8")
    with serving(partial(_Quiet, directory=str(tmp_path))) as address:
        yield address


@pytest.fixture
def heritage(transactional_db) -> Consultation:
    consultation = services.create_consultation(slug="heritage", title="AI in heritage", question="What now?")
    services.add_seed_statements(consultation, texts=[f"Seed statement number {i}" for i in range(3)])
    return consultation


def test_the_embed_works_on_the_listed_site_and_resists_its_page(live_server, browser, heritage, institution):
    """Check two votes in the frame (one participant), the participant's data downloaded from the frame,
    the new-tab link asking before it continues with
    the frame's votes, and a forged form on the institution's site refused (403, no vote), though the
    browser now holds the participant's cookie."""
    from playwright.sync_api import expect

    services.update_consultation(heritage, embed_origins=institution)
    page = browser.new_context().new_page()
    page.goto(f"{institution}/index.html")
    frame = page.frame_locator("iframe")
    card = frame.locator("#vote-card")
    expect(card).to_contain_text("3 statements remaining")
    frame.get_by_role("button", name="Agree", exact=True).click()
    expect(card).to_contain_text("2 statements remaining")
    frame.get_by_role("button", name="Disagree").click()
    expect(card).to_contain_text("1 statement remaining")
    assert Participant.objects.count() == 1 and Vote.objects.count() == 2
    frame.get_by_role("link", name="Your data").click()
    with page.expect_download() as download:
        frame.get_by_role("link", name="Download all your data (JSON)").click()
    assert download.value.suggested_filename == "heritage-my-data.json"
    frame.get_by_role("link", name="AI in heritage").click()
    expect(card).to_contain_text("1 statement remaining")

    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="Open in a new tab").click()
    tab = opened.value
    expect(tab.locator("h1")).to_have_text("Continue with this link?")
    tab.get_by_role("button", name="Continue with this link").click()
    expect(tab.locator("#vote-card")).to_contain_text("1 statement remaining")

    forged_page = page.context.new_page()
    forged_page.goto(f"{institution}/forged.html")
    with forged_page.expect_navigation() as forged:
        forged_page.get_by_role("button", name="Win a prize").click()
    assert forged.value is not None and forged.value.status == 403, forged_page.url
    expect(forged_page.locator("body")).to_contain_text("This request came from another website")
    assert Participant.objects.count() == 1 and Vote.objects.count() == 2


def test_a_site_that_is_not_listed_cannot_frame_the_embed(live_server, browser, heritage, institution):
    """Check that with another site listed (and by default, with none), the browser refuses to show
    the embed view in the institution's frame."""
    from playwright.sync_api import expect

    for origins in ("https://www.europeana.eu", ""):
        services.update_consultation(heritage, embed_origins=origins)
        page = browser.new_context().new_page()
        page.goto(f"{institution}/index.html")
        expect(page.locator("h1")).to_have_text("Our museum asks you")
        page.wait_for_load_state("load")
        frame = page.frames[1]
        assert not frame.url.startswith(live_server.url) or "vote-card" not in frame.content(), origins
        assert page.frame_locator("iframe").locator("#vote-card").count() == 0, origins
