"""Approving an assistant's draft in a real browser (issue 16): the model (a local chat-completions
server) first answers with an invented figure, which the checker rejects with the reason shown; then a
faithful draft, which the moderator edits and approves; the approved text is labelled with the model,
the prompt's hash and who approved it. axe finds no violation on the page in either state."""

from __future__ import annotations

import pytest

from assembly.assistant.models import Draft
from tests.accessibility.conftest import BEST_PRACTICE, SLUG, WCAG_21_AA, axe_violations, look
from tests.language_model.chat_server import chat_server

pytestmark = pytest.mark.slow  # a real browser: seconds per page

RULES = WCAG_21_AA + BEST_PRACTICE


@pytest.fixture
def model(settings):
    with chat_server() as server:
        settings.ASSEMBLY_LLM_URL = server.url
        settings.ASSEMBLY_LLM_MODEL = "local-test-model"
        yield server


@pytest.mark.parametrize("width", [1280, 360])
def test_reject_then_edit_and_approve_a_draft(open_page, live_server, staff_cookie, model, width):
    from playwright.sync_api import expect

    page = open_page(f"/manage/{SLUG}/assistant/", width=width, cookie=staff_cookie)
    expect(page.locator("#where-text-goes")).to_contain_text(f"{model.url}/chat/completions")

    model.answer.content = "Almost everyone agrees: 97% (#0)."
    page.get_by_label("What to draft").select_option("takeaways")
    page.get_by_role("button", name="Draft", exact=True).click()
    rejected = page.locator("article.draft-rejected")
    expect(rejected).to_contain_text("97 is not a figure of the analysis")
    found = {"rejected": axe_violations(page, tags=RULES)}

    model.answer.content = "Participants split on the first statement (#0)."
    page.get_by_label("What to draft").select_option("takeaways")
    page.get_by_role("button", name="Draft", exact=True).click()
    pending = page.locator("article.draft-pending")
    box = pending.get_by_label("Text (edit before approving if needed)")
    box.fill("Participants split on the first two statements (#0, #1).")
    pending.get_by_role("button", name="Approve").click()
    approved = page.locator("article.draft-approved")
    expect(approved).to_contain_text("Participants split on the first two statements (#0, #1).")
    expect(approved).to_contain_text("Approved by mod")
    expect(approved).to_contain_text("canned-model-1")
    found["approved"] = axe_violations(page, tags=RULES)
    look(page, name="assistant-approved")

    draft = Draft.objects.get(status=Draft.Status.APPROVED)
    assert draft.approved_text == "Participants split on the first two statements (#0, #1)."
    assert draft.text == "Participants split on the first statement (#0)."  # the model's own words kept
    assert found == {"rejected": [], "approved": []}
