"""Moderator tools and counts (issue 14 items 7 and 8) as flows in a real browser, at 1280 and 360 px,
keyboard only, with axe-core finding no violation on any page they pass through: judging and excluding
a participant, correcting a typo (and its author seeing it), naming a group beside it and reading the
log, and the manage list and dashboard showing the results page's figures."""

from __future__ import annotations

import pytest

from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Participant, Statement
from assembly.results.models import GroupName
from tests.accessibility.conftest import BEST_PRACTICE, SLUG, WCAG_21_AA, axe_violations, look

pytestmark = pytest.mark.slow  # a real browser: seconds per page

WIDTHS = [1280, 360]
RULES = WCAG_21_AA + BEST_PRACTICE
MAX_TABS = 120  # a bound against looping forever (the participant list has a link per participant)
AUTHOR = 20  # the first submission's author (participants 0-19 are the two camps)

FOCUSED = """() => {
  const el = document.activeElement;
  return {id: el.id, text: (el.innerText || el.value || "").trim(), tag: el.tagName.toLowerCase()};
}"""


def tab_to(page, *, element_id: str = "", text: str = "") -> None:
    """Press Tab until the element with ``element_id`` (or whose text starts with ``text``) has focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if (element_id and now["id"] == element_id) or (text and now["text"].startswith(text)):
            return
    raise AssertionError(f"{element_id or text!r} not reached with {MAX_TABS} Tab presses")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_moderator_judges_and_excludes_a_participant_by_keyboard(
    open_page, consultation, staff_cookie, width
):
    from playwright.sync_api import expect

    page = open_page(f"/manage/{SLUG}/moderation/participants/", width=width, cookie=staff_cookie)
    assert axe_violations(page, tags=RULES) == []
    tab_to(page, text=f"Review participant {AUTHOR} before excluding")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Participant {AUTHOR}")
    expect(page.locator("#evidence-votes")).to_have_text("1")
    expect(page.get_by_text("Curators should review every AI-made catalogue entry")).to_be_visible()
    look(page, name="participant-evidence")
    assert axe_violations(page, tags=RULES) == []
    tab_to(page, text=f"Exclude participant {AUTHOR}")
    page.keyboard.press("Enter")  # asks first: nothing changes yet
    expect(page.locator("h1")).to_have_text(f"Exclude participant {AUTHOR}?")
    assert not Participant.objects.get(consultation=consultation, number=AUTHOR).excluded
    assert axe_violations(page, tags=RULES) == []
    assert page.evaluate(FOCUSED)["text"] == "Exclude"  # the confirmation's button has focus
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(f"Participant {AUTHOR} is excluded from the analysis.")
    assert Participant.objects.get(consultation=consultation, number=AUTHOR).excluded
    assert axe_violations(page, tags=RULES) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_typo_is_corrected_by_keyboard_and_its_author_sees_it(
    open_page, live_server, consultation, staff_cookie, width
):
    from playwright.sync_api import expect

    author, token = services.create_participant(consultation)
    statement = services.submit_statement(author, text="Musems should caption AI images")
    page = open_page(f"/manage/{SLUG}/moderation/", width=width, cookie=staff_cookie)
    assert axe_violations(page, tags=RULES) == []  # opens every <details>, the correction forms too
    page.reload()
    tab_to(page, element_id=f"correct-open-{statement.number}")
    page.keyboard.press("Enter")  # opens its correction form
    tab_to(page, element_id=f"correct-{statement.number}")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Museums should caption AI images")
    tab_to(page, text=f"Save the correction of statement {statement.number}")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(f"Statement {statement.number} corrected.")
    assert Statement.objects.get(pk=statement.pk).text == "Museums should caption AI images"
    look(page, name="moderation-queue-corrected")
    assert axe_violations(page, tags=RULES) == []

    mine = open_page(
        f"/c/{SLUG}/mine/",
        width=width,
        cookie={"name": cookie_name(consultation), "value": token, "url": f"{live_server.url}/c/{SLUG}/"},
    )
    expect(mine.locator("main")).to_contain_text("A moderator corrected the text")
    expect(mine.locator("main")).to_contain_text("Musems should caption AI images")
    assert axe_violations(mine, tags=RULES) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_group_is_named_beside_it_and_the_log_reads_in_words(open_page, consultation, staff_cookie, width):
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/results/", width=width, cookie=staff_cookie)
    tab_to(page, element_id="name-group-0")
    page.keyboard.type("boundary-setters")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Group names saved.")
    expect(page.locator("#name-group-0")).to_have_value("boundary-setters")
    assert dict(GroupName.objects.values_list("group", "name")) == {0: "boundary-setters"}
    look(page, name="results-staff-naming")
    assert axe_violations(page, tags=RULES) == []

    from assembly.moderation import services as moderation

    moderation.reject_statements(consultation, [12], actor=None, reason=consultation.moderation_criteria[0])
    log = open_page(f"/manage/{SLUG}/moderation/log/", width=width, cookie=staff_cookie)
    expect(log.locator("tbody")).to_contain_text(
        f"Statement 12 rejected by a removed account: {consultation.moderation_criteria[0]}"
    )
    assert axe_violations(log, tags=RULES) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_manage_pages_show_the_results_pages_figures(open_page, consultation, staff_cookie, width):
    """Check that participants who voted and statements published read the same on the manage list,
    the dashboard and the results page (22 voters: two camps and two authors; 12 seeds published)."""
    figures = {}
    results = open_page(f"/c/{SLUG}/results/", width=width, cookie=staff_cookie)
    figures["results"] = (
        results.locator("#count-participants").inner_text(),
        results.locator("#count-statements").inner_text(),
    )
    dashboard = open_page(f"/manage/{SLUG}/", width=width, cookie=staff_cookie)
    figures["dashboard"] = (
        dashboard.locator("#count-participants").inner_text(),
        dashboard.locator("#count-statements").inner_text(),
    )
    assert axe_violations(dashboard, tags=RULES) == []
    listing = open_page("/manage/", width=width, cookie=staff_cookie)
    cells = listing.locator("tbody tr").first.locator("td")
    figures["manage"] = (cells.nth(2).inner_text(), cells.nth(3).inner_text())
    assert axe_violations(listing, tags=RULES) == []
    assert figures == dict.fromkeys(("results", "dashboard", "manage"), ("22", "12"))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_rejection_says_what_was_missing_and_carries_the_note_to_its_author(
    open_page, live_server, consultation, staff_cookie, width
):
    """Issue 14 item 4 as a flow: a moderator rejects a submission by keyboard, choosing its criterion
    and writing a note to the author; the author's own page then says what the statement was missing
    (the criterion's rejection wording, not the criterion read as praise) and shows the note."""
    from playwright.sync_api import expect

    author, token = services.create_participant(consultation)
    statement = services.submit_statement(author, text="AI is a thing that exists these days")
    page = open_page(f"/manage/{SLUG}/moderation/", width=width, cookie=staff_cookie)
    tab_to(page, element_id=f"reason-{statement.number}")
    page.select_option(f"#reason-{statement.number}", index=1)  # the first criterion
    reason = page.eval_on_selector(f"#reason-{statement.number}", "el => el.value")
    tab_to(page, element_id=f"author-note-{statement.number}")
    page.keyboard.type("Say what heritage institutions should do about it.")
    tab_to(page, text="Reject")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("1 statement changed.")
    rejected = Statement.objects.get(pk=statement.pk)
    assert (rejected.moderation, rejected.moderation_reason) == ("rejected", reason)
    assert axe_violations(page, tags=RULES) == []

    mine = open_page(
        f"/c/{SLUG}/mine/",
        width=width,
        cookie={"name": cookie_name(consultation), "value": token, "url": f"{live_server.url}/c/{SLUG}/"},
    )
    wording = consultation.aligned_rejection_wordings()[0]
    assert wording and wording != reason
    expect(mine.locator("main")).to_contain_text(wording)
    expect(mine.locator("main")).not_to_contain_text(reason)
    expect(mine.locator("main")).to_contain_text("Say what heritage institutions should do about it.")
    look(mine, name="own-statements-rejected")
    assert axe_violations(mine, tags=RULES) == []
