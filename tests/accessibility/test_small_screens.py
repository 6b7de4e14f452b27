"""Every page fits the narrowest phone, 320 CSS pixels wide, without sideways scrolling (WCAG 1.4.10,
reflow), in every language, and its controls are large enough to touch (issue "Reliability, security
and accessibility", item 13). Data tables may scroll inside their own box: reflow exempts them.

With ``ASSEMBLY_SCREENSHOTS=<folder>``, each page is also photographed there (see ``look``).
"""

from __future__ import annotations

import pytest

from tests.accessibility.conftest import LONG_STATEMENT, PARTICIPANT_PAGES, SEEDS, SLUG, STAFF_PAGES, look

pytestmark = pytest.mark.slow  # a real browser: seconds per page

NARROWEST = 320  # CSS pixels: the narrowest phone in use, and WCAG 1.4.10's reflow width
# WCAG 2.5.5 (AAA) and the phone platforms' guidelines: a touch target is at least 44 x 44 CSS pixels.
TOUCH_TARGET = 44
LANGUAGES = {"fr": "fr-FR", "de": "de-DE", "nl": "nl-NL"}
# What sticks out past the screen's right edge (outside the tables' own scrolling boxes), for the
# failure message.
OVERFLOW = """(width) => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > width + 0.5 && !el.closest(".table-wrap, svg"))
  .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")
    + " " + (el.innerText || "").slice(0, 30))"""
# Visible buttons and fields smaller than a touch target.
SMALL_TARGETS = """(size) => [...document.querySelectorAll(
    "button, select, input:not([type=hidden]):not([type=checkbox]), textarea, .button, .nav a")]
  .filter(el => el.offsetParent !== null)
  .filter(el => { const b = el.getBoundingClientRect(); return b.height < size || b.width < size; })
  .map(el => el.tagName.toLowerCase() + " " + (el.innerText || el.name || "").trim().slice(0, 30))"""


def sideways(page, *, name: str) -> tuple[int, list[str]]:
    """How much wider than the screen the page is (0 when it fits) and what sticks out."""
    look(page, name=name)
    width = page.viewport_size["width"]
    excess = page.evaluate("document.scrollingElement.scrollWidth") - width
    return max(excess, 0), page.evaluate(OVERFLOW, width) if excess > 0 else []


def test_participant_pages_fit_320px(open_page, consultation):
    """Check that no page a participant or the public opens is wider than a 320 px screen."""
    found = {}
    for name, (path, votes) in PARTICIPANT_PAGES.items():
        found[name] = sideways(open_page(path, width=NARROWEST, votes=votes), name=name)
    assert found == dict.fromkeys(PARTICIPANT_PAGES, (0, []))


def test_staff_pages_fit_320px(open_page, consultation, staff_cookie):
    """Check that the moderation queue, the log and the staff's results page fit a 320 px screen."""
    found = {}
    for name, path in STAFF_PAGES.items():
        found[name] = sideways(open_page(path, width=NARROWEST, cookie=staff_cookie), name=name)
    assert found == dict.fromkeys(STAFF_PAGES, (0, []))


def test_longest_statement_and_form_error_fit_320px(open_page, consultation):
    """Check that the vote card showing the longest statement (140 characters, a 40-letter word) and
    the statement form showing an error fit a 320 px screen."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/", width=NARROWEST)
    card = page.locator("#vote-card")
    for remaining in range(len(SEEDS) - 1, 0, -1):  # pass until the longest statement shows
        if "Rijksmuseum" in card.inner_text():
            break
        page.keyboard.press("p")
        expect(card).to_contain_text(f"{remaining} statement")
    expect(card).to_contain_text(LONG_STATEMENT)
    assert sideways(page, name="vote-card-longest") == (0, [])

    page = open_page(f"/c/{SLUG}/submit/", width=NARROWEST)
    page.get_by_label("Your statement").fill("Museums should publish which AI tools they use and why")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#text-errors")).to_be_visible()
    assert sideways(page, name="statement-form-error") == (0, [])


def test_translated_participant_pages_fit_320px(open_page, consultation):
    """Check that the French, German and Dutch participant pages (longer words) fit a 320 px screen
    and are served in the browser's language."""
    found = {}
    for language, locale in LANGUAGES.items():
        for name in ("consultation", "statement-form", "own-statements"):
            path, votes = PARTICIPANT_PAGES[name]
            page = open_page(path, width=NARROWEST, locale=locale, votes=votes)
            assert page.locator("html").get_attribute("lang") == language
            found[f"{name}-{language}"] = sideways(page, name=f"{name}-{language}")
    assert found == {name: (0, []) for name in found} and len(found) == 9


def test_participant_controls_are_touch_sized(open_page, consultation):
    """Check that every button, field and navigation link on the participant pages is at least
    44 x 44 px on a 320 px screen."""
    found = {}
    for name in ("consultation", "statement-form", "own-statements"):
        path, votes = PARTICIPANT_PAGES[name]
        found[name] = open_page(path, width=NARROWEST, votes=votes).evaluate(SMALL_TARGETS, TOUCH_TARGET)
    assert found == {"consultation": [], "statement-form": [], "own-statements": []}
