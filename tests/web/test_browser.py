"""End to end in a real browser (Playwright driving Debian's chromium).

A participant votes on five statements with the keyboard and submits a statement; a moderator accepts
it; the results page then shows the new statement and the counts. Skipped when no chromium is found.
"""

from __future__ import annotations

import os
import re

import pytest
from django.db import connections

from assembly.accounts.models import ConsultationModerator
from assembly.consultations import services
from assembly.consultations.models import Statement, Vote
from tests.browser import CHROMIUM

NEW_STATEMENT = "Small museums need shared AI tools they can inspect"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed"),
]


@pytest.fixture
def six_statements(transactional_db):
    consultation = services.create_consultation(
        slug="heritage", title="AI in heritage", question="What should we do?", results_public=True
    )
    services.add_seed_statements(consultation, texts=[f"Seed statement number {i}" for i in range(6)])
    return consultation


def test_participant_votes_by_keyboard_submits_and_moderator_accepts(
    live_server, browser, six_statements, django_user_model
):
    """Check the whole flow: five keyboard votes (a, d, p, a, d), a submission with the live counter,
    acceptance in the moderation queue, and the statement and counts on the results page."""
    from playwright.sync_api import expect

    participant = browser.new_page(viewport={"width": 320, "height": 800})  # the narrowest phone
    participant.goto(f"{live_server.url}/c/heritage/")
    card = participant.locator("#vote-card")
    expect(card).to_contain_text("6 statements remaining")
    for key, remaining in zip(
        "adpad", ["5 statements", "4 statements", "3 statements", "2 statements", "1 statement"], strict=True
    ):
        participant.keyboard.press(key)
        expect(card).to_contain_text(f"{remaining} remaining")
    values = sorted(Vote.objects.values_list("value", flat=True))
    assert values == [-1, -1, 0, 1, 1]

    participant.get_by_role("link", name="Add your own statement").click()
    box = participant.get_by_label("Your statement")
    box.fill(NEW_STATEMENT)
    expect(participant.locator("#text-counter")).to_have_text(f"{140 - len(NEW_STATEMENT)} characters left")
    participant.get_by_role("button", name="Submit", exact=True).click()
    expect(participant.locator(".messages")).to_contain_text("once a moderator accepts it")
    expect(participant.locator("#vote-card")).to_be_visible()  # back to voting
    participant.get_by_role("link", name="Your statements and votes").click()
    expect(participant.locator("table").first).to_contain_text(NEW_STATEMENT)

    account = django_user_model.objects.create_user("mod", password="a-long-test-password", is_staff=True)
    ConsultationModerator.objects.create(consultation=six_statements, user=account)
    moderator = browser.new_page()
    moderator.goto(f"{live_server.url}/accounts/login/?next=/manage/heritage/moderation/")
    moderator.get_by_label("Username").fill("mod")
    moderator.get_by_label("Password").fill("a-long-test-password")
    moderator.get_by_role("button", name="Log in").click()
    item = moderator.locator("article.queue-item", has_text=NEW_STATEMENT)
    item.get_by_role("button", name="Accept").click()
    expect(moderator.locator(".messages")).to_contain_text("1 statement changed")
    assert Statement.objects.get(text=NEW_STATEMENT).moderation == "accepted"

    from assembly.results import runner

    try:
        runner.run_pass(owner="browser-test")
    finally:
        # Close the connection the analysis pass used (found left open on PostgreSQL), or the test
        # database cannot be dropped at the end of the run.
        connections.close_all()
    moderator.goto(f"{live_server.url}/c/heritage/results/")
    expect(moderator.locator("main")).to_contain_text(NEW_STATEMENT)
    for label, count in (
        ("Participants", 1),
        ("Votes", 6),
        ("Statements", 7),
    ):  # 5 votes + the author's agree
        expect(moderator.locator("main")).to_contain_text(re.compile(rf"{label}\s*{count}\b"))
