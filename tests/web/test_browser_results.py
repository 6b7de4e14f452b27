"""The results page in a real browser (Playwright driving Debian's chromium): it follows the votes live,
through the background analysis and htmx polling, without a reload and without breaking the
Content-Security-Policy. (The end-to-end participant/moderator flow is in test_browser.py.)
"""

from __future__ import annotations

import os

import pytest
from django.db import connections

from assembly.accounts.models import ConsultationModerator
from assembly.consultations import services
from assembly.results import runner
from tests.browser import CHROMIUM

# How long the browser may wait for the page to change: polling every 5 s plus the analysis. A bound
# against hanging, not a speed requirement (bench/ measures the delay).
PATIENCE_MS = 30_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed"),
]


@pytest.fixture
def background_analysis(transactional_db):
    """The analysis thread ``assembly serve`` starts, polling fast."""
    background = runner.start_background_thread(poll_seconds=0.2)
    yield background
    background.stop(timeout=PATIENCE_MS / 1000)
    connections.close_all()


def test_results_page_follows_keyboard_votes_live(
    live_server, browser, background_analysis, django_user_model
):
    """Check that while a staff member watches the results page, three keyboard votes of a participant
    appear in the counts and, once analysed, in the statement table without a reload (as withheld: one
    participant's votes are never shown, assembly.disclosure); that the report link opens the styled
    report; and that no script or style was blocked by the Content-Security-Policy."""
    from playwright.sync_api import expect

    consultation = services.create_consultation(slug="heritage", title="AI in heritage", question="What now?")
    services.add_seed_statements(consultation, texts=["Seed zero", "Seed one", "Seed two"])
    moderator = django_user_model.objects.create_user("mod", password="a-long-test-password", is_staff=True)
    ConsultationModerator.objects.create(consultation=consultation, user=moderator)

    blocked: list[str] = []
    staff = browser.new_page()
    staff.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    staff.goto(f"{live_server.url}/accounts/login/?next=/c/heritage/results/")
    staff.get_by_label("Username").fill("mod")
    staff.get_by_label("Password").fill("a-long-test-password")
    staff.get_by_role("button", name="Log in").click()
    expect(staff.locator("#count-votes")).to_have_text("0")
    staff.evaluate("window.notReloaded = true")

    participant = browser.new_page()
    participant.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    participant.goto(f"{live_server.url}/c/heritage/")
    card = participant.locator("#vote-card")
    for remaining in ("2 statements remaining", "1 statement remaining", "voted on every statement"):
        participant.keyboard.press("a")
        expect(card).to_contain_text(remaining)

    expect(staff.locator("#count-votes")).to_have_text("3", timeout=PATIENCE_MS)
    expect(staff.locator("#count-participants")).to_have_text("1")
    table = staff.locator("#statements-table")
    for number in (0, 1, 2):
        expect(table.locator(f"#statement-{number}")).to_contain_text(
            "not shown: too few participants", timeout=PATIENCE_MS
        )
    expect(staff.locator("#results-withheld")).to_contain_text("at least 20 people")
    expect(staff.locator(".freshness")).to_contain_text(
        "They include every vote cast so far.", timeout=PATIENCE_MS
    )
    assert staff.evaluate("window.notReloaded") is True

    staff.get_by_role("link", name="Report").click()  # its inline stylesheet is allowed by its hash
    expect(staff.locator("h1")).to_have_text("AI in heritage")
    assert staff.locator("body").evaluate("b => getComputedStyle(b).maxWidth") != "none"
    assert blocked == []
