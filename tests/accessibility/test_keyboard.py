"""A participant who uses only the keyboard (Tab, Enter and the a/d/p shortcuts) casts ten votes and
submits a statement; focus is always visible and lands on the new vote card after each vote (issue
"Reliability, security and accessibility", item 13)."""

from __future__ import annotations

import pytest

from assembly.consultations.models import Participant, Statement, Vote
from tests.accessibility.conftest import SEEDS, SLUG

pytestmark = pytest.mark.slow  # a real browser: seconds per page

NEW_STATEMENT = "Digitised letters should stay searchable without an AI summary"
# Tab presses allowed to reach one control: a bound against looping forever, not a requirement.
MAX_TABS = 40

# Where focus is, and whether a sighted keyboard user can see it: the element matches
# :focus-visible, draws an outline (or a box shadow) and is not visually hidden (1 x 1 px).
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {where: "body", visible: false};
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  return {
    where: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.innerText || "").slice(0, 40),
    id: el.id,
    tag: el.tagName.toLowerCase(),
    name: (el.getAttribute("aria-label") || el.innerText || "").trim(),
    visible: el.matches(":focus-visible") && ring && box.width > 4 && box.height > 4,
  };
}"""


def focus(page) -> dict:
    """Where focus is now; fails if a sighted keyboard user could not see it."""
    state = page.evaluate(FOCUS_STATE)
    assert state["visible"], f"focus is not visible: {state['where']}"
    return state


def tab_to(page, *, tag: str, name: str) -> None:
    """Press Tab until an element ``tag`` whose text starts with ``name`` has focus, checking that
    every element focused on the way shows it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focus(page)
        if state["tag"] == tag and state["name"].startswith(name):
            return
    raise AssertionError(f"no {tag} {name!r} reached with {MAX_TABS} Tab presses")


def test_keyboard_only_participant_votes_ten_times_and_submits(open_page, consultation):
    """Check that ten votes (five by Tab and Enter, five by shortcut) and a submission work with the
    keyboard alone, that focus is visible at every step and that, after each vote, focus is on the new
    vote card, from which Tab reaches its Agree button first."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/", width=320)
    card = page.locator("#vote-card")
    remaining = len(SEEDS)
    expect(card).to_contain_text(f"{remaining} statements remaining")

    tab_to(page, tag="button", name="Agree")
    for button in ("Agree", "Disagree", "Pass", "Agree", "Disagree"):  # Tab to the button, Enter
        if button != "Agree":  # focus is on Agree already
            tab_to(page, tag="button", name=button)
        page.keyboard.press("Enter")
        remaining -= 1
        expect(card).to_contain_text(f"{remaining} statements remaining")
        expect(card).to_be_focused()
        focus(page)
        page.keyboard.press("Tab")  # the first stop after the card is its Agree button
        assert focus(page)["name"].startswith("Agree")
    for key in "adpad":
        page.keyboard.press(key)
        remaining -= 1
        expect(card).to_contain_text(f"{remaining} statement")
        expect(card).to_be_focused()
        focus(page)
    me = Participant.objects.latest("id")  # created by the first vote
    votes = sorted(Vote.objects.filter(participant=me).values_list("value", flat=True))
    assert votes == [-1] * 4 + [0] * 2 + [1] * 4

    tab_to(page, tag="a", name="Add your own statement")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Add a statement")
    tab_to(page, tag="textarea", name="")
    page.keyboard.type(NEW_STATEMENT)
    expect(page.locator("#text-counter")).to_have_text(f"{140 - len(NEW_STATEMENT)} characters left")
    tab_to(page, tag="button", name="Submit")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("once a moderator accepts it")
    assert Statement.objects.filter(text=NEW_STATEMENT, author=me).count() == 1


def test_held_shortcut_key_votes_once(open_page, consultation):
    """Check that holding a shortcut key down (the keyboard repeats it) casts one vote, not one on
    each statement that follows."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/", width=320)
    card = page.locator("#vote-card")
    page.keyboard.down("a")
    expect(card).to_contain_text(f"{len(SEEDS) - 1} statements remaining")
    for _ in range(5):
        page.keyboard.down("a")  # repeats while held
    page.keyboard.up("a")
    page.keyboard.press("d")  # a fresh press votes again
    expect(card).to_contain_text(f"{len(SEEDS) - 2} statements remaining")
    me = Participant.objects.latest("id")
    assert sorted(Vote.objects.filter(participant=me).values_list("value", flat=True)) == [-1, 1]


def test_keyboard_user_changes_the_language_without_leaving_the_page_on_each_arrow(open_page, consultation):
    """Check that a keyboard user can move through the 24 languages of the switcher (arrows, typing a
    name) without the page changing under them (WCAG 3.2.2: a choice does not submit itself), then apply
    the chosen one with the Change button: the next page is in Polish, its own name for Agree shown."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/")
    url = page.url
    tab_to(page, tag="select", name="")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.type("polski")
    expect(page.locator("#language-select")).to_have_value("pl")
    assert page.url == url and page.locator("html").get_attribute("lang") == "en"
    tab_to(page, tag="button", name="Change")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("#vote-card")).to_contain_text("Zgadzam się")
