"""Fixtures for the accessibility checks: one headless chromium for the session, a consultation with
results, and pages opened as a participant or as a moderator.

The consultation is small but complete, so every page shows what it shows in real use: twenty
participants in two camps (so the analysis finds opinion groups and draws the map), twelve
statements (enough for ten keyboard votes), one of them of the longest allowed length with a long
word (to check wrapping), and two submissions awaiting moderation (so the queue has items).
Skipped when no chromium is found.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from assembly.consultations import services
from assembly.consultations.models import Consultation, Statement, ThemeSuggestion

SLUG = "heritage"
# Longest allowed statement (140 characters) with a 40-letter word, the worst case for wrapping.
LONG_STATEMENT = (
    "Heritage institutions should document every dataset they share for AI training, including "
    "Rijksmuseumcollectiedigitaliseringsprogramma"
)[:140]
SEEDS = (
    "Museums should publish which AI tools they use and why",
    "AI-generated descriptions must always be labelled as such",
    "Archives should charge AI companies for access to their collections",
    "Small institutions need shared infrastructure before they can use AI",
    "Volunteers' transcriptions should not be used to train commercial models",
    LONG_STATEMENT,
    "Institutions should be able to opt out of AI training datasets",
    "AI can help make collections accessible to people with disabilities",
    "Heritage data used for AI should credit the institutions that hold it",
    "Staff need training before AI tools are used in collection work",
    "AI translation makes collections reachable in more languages",
    "Communities should decide how AI describes their own heritage",
)
SUBMISSIONS = (
    "Curators should review every AI-made catalogue entry before it is published",
    "Open licences are the best way to keep heritage data in the public domain",
)
PARTICIPANTS_PER_CAMP = 10
# The pages checked: name -> (path, votes cast on the consultation page first: "adp" = agree,
# disagree, pass; a participant's own page is empty before).
PARTICIPANT_PAGES = {
    "consultation": (f"/c/{SLUG}/", ""),
    "statement-form": (f"/c/{SLUG}/submit/", ""),
    "own-statements": (f"/c/{SLUG}/mine/", "adp"),
    "statements-by-theme": (f"/c/{SLUG}/statements/", ""),
    "embed": (f"/c/{SLUG}/embed/", ""),
    "results": (f"/c/{SLUG}/results/", ""),
    "standing": (f"/c/{SLUG}/results/you/", "adp"),
    "report": (f"/c/{SLUG}/results/report/", ""),
}
# Pages opened as a moderator of the consultation: name -> path.
STAFF_PAGES = {
    "moderation-queue": f"/manage/{SLUG}/moderation/",
    "moderation-log": f"/manage/{SLUG}/moderation/log/",
    "themes": f"/manage/{SLUG}/moderation/themes/",
    "moderators": f"/manage/{SLUG}/moderators/",
    "results-staff": f"/c/{SLUG}/results/",
}


@pytest.fixture
def consultation(transactional_db) -> Iterator[Consultation]:
    """An open, pre-moderated consultation with public results, two opinion groups and a queue."""
    from assembly.results import runner

    consultation = services.create_consultation(
        slug=SLUG,
        title="AI in heritage collections",
        question="How should heritage institutions use AI?",
        description="A consultation of museums, archives and libraries.\nVote on each statement.",
        guidelines="One idea per statement. Be respectful.",
        results_public=True,
    )
    services.add_seed_statements(consultation, texts=list(SEEDS))
    transparency, _climate = services.set_themes(consultation, ["Transparency", "Climate"])
    Statement.objects.filter(consultation=consultation, number__in=[0, 1]).update(theme=transparency)
    transparency.avenues = "Publish a register of AI tools.\n\nAsk visitors what they expect."
    transparency.save()
    ThemeSuggestion.objects.create(
        consultation=consultation, label="tools, register, publish", keywords=[], statement_numbers=[0, 1, 2]
    )
    for sign in (1, -1):
        for _ in range(PARTICIPANTS_PER_CAMP):
            participant, _token = services.create_participant(consultation)
            for number in range(len(SEEDS)):
                value = sign if number % 2 == 0 else -sign
                services.cast_vote(participant, statement_number=number, value=value)
    for text in SUBMISSIONS:
        author, _token = services.create_participant(consultation)
        services.submit_statement(author, text=text)
    try:
        runner.run_pass(owner="accessibility-test")
    finally:
        # The analysis pass leaves its connection open on PostgreSQL; the test database could not
        # be dropped at the end of the run.
        connections.close_all()
    yield consultation


@pytest.fixture
def staff_cookie(live_server, consultation, django_user_model) -> dict[str, str]:
    """The session cookie of a logged-in moderator of ``consultation`` (its creator), for a browser
    context."""
    user = django_user_model.objects.create_user("mod", password="a-long-test-password", is_staff=True)
    Consultation.objects.filter(pk=consultation.pk).update(created_by=user)
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.fixture
def open_page(browser, live_server):
    """Open a path in a fresh browser context and return the loaded Playwright page:
    ``open_page(path, width=1280, cookie=None, locale="en-GB", votes="")``. ``cookie`` logs the
    context in (see ``staff_cookie``); ``votes`` are keys pressed on the consultation page first
    (a = agree, d = disagree, p = pass), so the page shows a participant who has voted."""
    from playwright.sync_api import expect

    contexts = []

    def _open(path: str, *, width: int = 1280, cookie: dict | None = None, locale: str = "en-GB", votes=""):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        contexts.append(context)
        if cookie:
            context.add_cookies([cookie])
        page = context.new_page()
        if votes:
            page.goto(f"{live_server.url}/c/{SLUG}/")
            progress = page.locator("#vote-card .progress")  # "N statements remaining", translated
            for done, key in enumerate(votes, start=1):
                page.keyboard.press(key)
                expect(progress).to_contain_text(str(len(SEEDS) - done))
        page.goto(f"{live_server.url}{path}")
        return page

    yield _open
    for context in contexts:
        context.close()


# The WCAG 2.1 levels A and AA, as axe-core tags its rules (the promise of item 13), and axe's
# best practices, which cover what WCAG leaves to judgement and we want anyway: one main landmark,
# all content inside landmarks, headings in order, one h1.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BEST_PRACTICE = ["best-practice"]


def look(page, *, name: str) -> None:
    """Save a full-page screenshot as ``<name>-<width>.png`` in the folder ``ASSEMBLY_SCREENSHOTS``
    names, when set (to look at the pages as a person would, e.g. into docs/screenshots)."""
    folder = os.environ.get("ASSEMBLY_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


def axe_violations(page, *, tags: list[str] = WCAG_21_AA) -> list[str]:
    """axe-core's violations of the rules tagged ``tags`` on the page as it is now, one readable line
    per element. Every ``<details>`` is opened first, so folded content is checked too."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # Only violations are detailed: listing every element that passes doubles the time on long pages.
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: {node.get('failureSummary', '')}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]
