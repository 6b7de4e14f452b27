"""axe-core finds no WCAG 2.1 A/AA violation, nor any of its best-practice ones (landmarks, heading
order), on the pages participants and moderators use and in the report, on a wide screen and on the
narrowest phone (issue "Reliability, security and accessibility", item 13)."""

from __future__ import annotations

import pytest

from tests.accessibility.conftest import (
    BEST_PRACTICE,
    PARTICIPANT_PAGES,
    SEEDS,
    SLUG,
    STAFF_PAGES,
    WCAG_21_AA,
    axe_violations,
    look,
)

pytestmark = pytest.mark.slow  # a real browser: seconds per page

WIDTHS = [1280, 320]  # CSS pixels: a laptop, the narrowest phone (layouts differ: tables scroll)
RULES = WCAG_21_AA + BEST_PRACTICE
# Submissions the statement form refuses, with the error it must show.
REFUSED = {
    "duplicate": ("museums should publish which AI tools they use and why", "already been submitted"),
    "empty": ("", "required"),
}


@pytest.mark.parametrize("width", WIDTHS)
def test_participant_pages_pass_axe(open_page, consultation, width):
    """Check that axe-core reports no violation on any page a participant or the public opens."""
    found = {}
    for name, (path, votes) in PARTICIPANT_PAGES.items():
        page = open_page(path, width=width, votes=votes)
        look(page, name=name)
        found[name] = axe_violations(page, tags=RULES)
    assert found == dict.fromkeys(PARTICIPANT_PAGES, [])


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_pages_pass_axe(open_page, consultation, staff_cookie, width):
    """Check that axe-core reports no violation on the moderator's pages."""
    found = {}
    for name, path in STAFF_PAGES.items():
        page = open_page(path, width=width, cookie=staff_cookie)
        look(page, name=name)
        found[name] = axe_violations(page, tags=RULES)
    assert found == dict.fromkeys(STAFF_PAGES, [])


@pytest.mark.parametrize("width", WIDTHS)
def test_vote_card_after_a_vote_passes_axe(open_page, consultation, width):
    """Check that the vote card htmx swaps in after a vote has no violation."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/", width=width)
    page.get_by_role("button", name="Agree", exact=True).click()
    expect(page.locator("#vote-card")).to_contain_text(f"{len(SEEDS) - 1} statements remaining")
    look(page, name="vote-card-after-a-vote")
    assert axe_violations(page, tags=RULES) == []


@pytest.mark.parametrize("text, error", REFUSED.values(), ids=REFUSED.keys())
def test_statement_form_error_passes_axe(open_page, consultation, text, error):
    """Check that the statement form showing an error (a duplicate or an empty statement) has no
    violation."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/submit/", width=320)
    page.get_by_label("Your statement").fill(text)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#text-errors")).to_contain_text(error)
    look(page, name="statement-form-error")
    assert axe_violations(page, tags=RULES) == []


@pytest.mark.parametrize("votes", ["", "a"], ids=["fresh-browser", "browser-that-takes-part"])
def test_the_continue_with_a_link_page_passes_axe(open_page, consultation, votes):
    """Check that the page a link with another participant's token opens (issue 11 item 5: it asks
    before switching), for a fresh browser and for one that takes part, has no violation."""
    from assembly.consultations import services

    _participant, token = services.create_participant(consultation)
    page = open_page(f"/c/{SLUG}/?t={token}", width=320, votes=votes)
    look(page, name=f"continue-with-a-link-{votes or 'fresh'}")
    assert page.get_by_role("button", name="Continue with this link").count() == (0 if votes else 1)
    assert axe_violations(page, tags=RULES) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_translated_pages_pass_axe(open_page, consultation, staff_cookie, width):
    """Check that a translated vote card (with its original behind a disclosure, opened), the statement
    form with its language choice, and the translation review queue have no violation."""
    from assembly.consultations import translations
    from assembly.consultations.models import Statement

    type(consultation).objects.filter(pk=consultation.pk).update(languages=["fr"])  # keeps its creator
    consultation.refresh_from_db()
    for statement in Statement.objects.filter(consultation=consultation, number__lt=len(SEEDS)):
        item = translations.find_item(consultation, "statement", statement.pk, "text")
        translations.save(
            consultation, item, "fr", f"Proposition {statement.number} en français", approve_it=True
        )
    card = open_page(f"/c/{SLUG}/", width=width, locale="fr-FR")
    card.locator("#vote-card summary").click()
    form = open_page(f"/c/{SLUG}/submit/", width=width, locale="fr-FR")
    queue = open_page(f"/manage/{SLUG}/moderation/translations/", width=width, cookie=staff_cookie)
    found = {
        name: axe_violations(page, tags=RULES)
        for name, page in (("card", card), ("form", form), ("queue", queue))
    }
    assert found == {"card": [], "form": [], "queue": []}
