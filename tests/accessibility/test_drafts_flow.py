"""A facilitator's draft in a real browser, on a laptop and on a phone (issue 14 item 5): create a
consultation (a draft), preview it as participants will see it (nothing recorded, the public gets
404), publish it through the confirmation page with the keyboard alone; axe finds no violation on the
dashboard, the preview or the confirmation page."""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.consultations.models import Consultation, Participant, Vote
from tests.accessibility.conftest import BEST_PRACTICE, WCAG_21_AA, axe_violations, look

pytestmark = pytest.mark.slow  # a real browser: seconds per page

RULES = WCAG_21_AA + BEST_PRACTICE
TITLE = "Our next exhibition"


@pytest.fixture
def facilitator_cookie(live_server, transactional_db, django_user_model) -> dict[str, str]:
    """The session cookie of a logged-in staff account (it will create, so moderate, the draft)."""
    user = django_user_model.objects.create_user("curator", password="a-long-test-password", is_staff=True)
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.mark.parametrize("width", [1280, 360])
def test_create_a_draft_preview_it_and_publish_it(open_page, live_server, facilitator_cookie, width):
    """Check the whole draft flow, with axe on each page it shows and the publish step by keyboard."""
    from playwright.sync_api import expect

    page = open_page("/manage/new/", width=width, cookie=facilitator_cookie)
    page.fill("#id_title", TITLE)
    page.fill("#id_slug", "exhibition")
    page.fill("#id_question", "What should our next exhibition show?")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".draft-banner")).to_contain_text("Draft")
    found = {"dashboard": axe_violations(page, tags=RULES)}
    look(page, name="draft-dashboard")

    page.goto(f"{live_server.url}/manage/exhibition/statements/")
    page.fill("#id_statements", "Show the museum's own archive\nInvite local artists")
    page.get_by_role("button", name="Add").click()
    page.get_by_role("link", name="Preview the participant page").first.click()
    expect(page.locator(".preview-banner")).to_contain_text("Preview of a draft.")
    found["preview"] = axe_violations(page, tags=RULES)
    look(page, name="draft-preview")
    page.get_by_role("button", name="Agree", exact=True).click()
    expect(page.locator("#vote-card")).to_contain_text("preview of a draft")
    assert not Vote.objects.exists() and not Participant.objects.exists()

    public = page.context.browser.new_context()
    assert public.new_page().goto(f"{live_server.url}/c/exhibition/").status == 404
    page.goto(f"{live_server.url}/manage/exhibition/")
    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publish “{TITLE}”?")
    found["confirmation"] = axe_violations(page, tags=RULES)
    look(page, name="draft-publish-confirmation")
    expect(page.get_by_role("button", name="Publish")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Published")
    assert found == {"dashboard": [], "preview": [], "confirmation": []}
    assert not Consultation.objects.get(slug="exhibition").is_draft
    visitor = public.new_page()
    assert visitor.goto(f"{live_server.url}/").ok
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    public.close()
