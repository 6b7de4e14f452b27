"""Writing and taking back in a real browser, at 1280 and 360 px (issue 14 item 3): typing past 140
characters is counted, said and kept (never cut), and the vote card's Undo, reached and pressed with the
keyboard, takes the last vote back. axe-core finds no violation on either."""

from __future__ import annotations

import pytest

from assembly.consultations.models import Participant, Vote
from tests.accessibility.conftest import BEST_PRACTICE, SLUG, WCAG_21_AA, axe_violations, look

pytestmark = pytest.mark.slow  # a real browser: seconds per page

WIDTHS = [1280, 360]
RULES = WCAG_21_AA + BEST_PRACTICE
# 151 characters, the limit passing mid-word ("describ|es"): a browser's maxlength cut it there silently.
DRAFT = (
    "Regional museums should pool their digitisation budgets so that small collections are not "
    "left out of the datasets that shape how AI describes heritage"
)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_over_long_statement_is_counted_said_and_kept(open_page, consultation, width):
    """Check that typing 11 characters too many keeps all of them, the counter says how many are too
    many (and the box is marked invalid), and submitting gets the server's refusal with the text kept."""
    from playwright.sync_api import expect

    assert len(DRAFT) == 151
    page = open_page(f"/c/{SLUG}/submit/", width=width)
    box = page.get_by_label("Your statement")
    box.fill(DRAFT)
    assert box.input_value() == DRAFT
    counter = page.locator("#text-counter")
    expect(counter).to_have_text(
        "11 characters too many: shorten your statement before submitting it. Nothing has been cut."
    )
    expect(box).to_have_attribute("aria-invalid", "true")
    look(page, name="statement-form-too-long")
    assert axe_violations(page, tags=RULES) == []
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#text-errors")).to_contain_text("at most 140 characters; this one has 151")
    assert page.get_by_label("Your statement").input_value() == DRAFT
    assert axe_violations(page, tags=RULES) == []
    box = page.get_by_label("Your statement")
    box.fill(DRAFT[:140])
    expect(counter).to_have_text("0 characters left")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_last_vote_is_undone_with_the_keyboard(open_page, consultation, width):
    """Check that after a keyboard vote the card names it with an Undo button; Tab reaches it from the
    card and Enter takes the vote back, the card showing that statement again with a confirmation."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/", width=width)
    statement = page.locator("#vote-card-text").inner_text()
    page.keyboard.press("a")
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    expect(page.locator("#undo-what")).to_contain_text("Your last vote: Agree on statement #")
    voter = Participant.objects.order_by("-id").first()
    assert Vote.objects.filter(participant=voter).count() == 1
    look(page, name="vote-card-undo")
    assert axe_violations(page, tags=RULES) == []
    for _ in range(10):  # from the focused card: Agree, Disagree, Pass, ..., Undo
        page.keyboard.press("Tab")
        if undo.evaluate("button => button === document.activeElement"):
            break
    assert undo.evaluate("button => button === document.activeElement"), "Tab never reached Undo"
    page.keyboard.press("Enter")
    expect(page.locator("#vote-card .notice")).to_contain_text("Vote taken back")
    expect(page.locator("#vote-card-text")).to_have_text(statement)
    assert not Vote.objects.filter(participant=voter).exists()
    assert axe_violations(page, tags=RULES) == []
