"""Themes in a real browser (Playwright driving Debian's chromium), issue 16: a moderator files one
statement under a theme and then two ticked ones together; asks for suggested themes, accepts one under
another name (renaming), merges the other two; a participant then filters the statements by theme."""

from __future__ import annotations

import os

import pytest

from assembly.accounts.models import ConsultationModerator
from assembly.consultations import services
from assembly.consultations.models import Statement, ThemeSuggestion
from tests.browser import CHROMIUM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed"),
]

TEXTS = [
    "Museums must measure the energy footprint of climate models",
    "The climate cost and energy footprint of AI must be public",
    "Report the energy footprint and climate impact of every tool",
    "Bias in training data harms minority collections",
    "Archives should audit bias against minority voices",
    "Bias erases minority histories from the data",
    "Volunteers need training courses in digital literacy",
    "Training courses should teach staff digital literacy",
    "Digital literacy courses for every heritage volunteer",
]


@pytest.fixture
def themed(transactional_db, django_user_model):
    """Nine seed statements on three topics (#0-#8), themes "Climate" and "Bias", a moderator."""
    consultation = services.create_consultation(slug="heritage", title="AI in heritage", question="What?")
    services.add_seed_statements(consultation, texts=TEXTS)
    services.set_themes(consultation, ["Climate", "Bias"])
    account = django_user_model.objects.create_user("mod", password="a-long-test-password", is_staff=True)
    ConsultationModerator.objects.create(consultation=consultation, user=account)
    return consultation


def _themes():
    return dict(Statement.objects.values_list("number", "theme__name"))


def test_tagging_suggesting_and_browsing_by_theme(live_server, browser, themed):
    """Check the whole flow, each step in the database: one statement filed, two ticked ones filed in
    bulk, three suggestions, one accepted under a new name, two merged, then the participants' filter."""
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/manage/heritage/moderation/%3Fshow%3Dall")
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Theme of statement 0").select_option(label="Climate")
    page.get_by_role("button", name="Save the theme of statement 0").click()
    expect(page.locator(".messages")).to_contain_text("Theme changed on 1 statement")
    assert _themes()[0] == "Climate"

    page.get_by_label("Tick statement 3").check()
    page.get_by_label("Tick statement 4").check()
    page.locator("#bulk-theme").select_option(label="Bias")
    page.get_by_role("button", name="File ticked statements").click()
    expect(page.locator(".messages")).to_contain_text("Theme changed on 2 statements")
    assert [_themes()[n] for n in (3, 4, 5)] == ["Bias", "Bias", None]

    page.get_by_role("link", name="Themes", exact=True).click()
    page.get_by_label("Number of themes").fill("3")
    page.get_by_role("button", name="Suggest themes").click()
    expect(page.locator(".messages")).to_contain_text("3 themes suggested")
    assert len(ThemeSuggestion.objects.all()) == 3
    assert all(t is None for n, t in _themes().items() if n in (6, 7, 8))  # nothing filed yet

    literacy = page.locator("article.suggestion", has_text="Volunteers need training courses")
    literacy.get_by_label("Theme name").fill("Capacity and AI literacy")
    literacy.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("Theme “Capacity and AI literacy”: 3 statements filed")
    assert [_themes()[n] for n in (6, 7, 8)] == ["Capacity and AI literacy"] * 3

    for suggestion in page.locator("article.suggestion").all():
        suggestion.get_by_role("checkbox").check()
    page.locator("#merge-name").fill("Climate")
    page.get_by_role("button", name="Merge and accept").click()
    expect(page.locator(".messages")).to_contain_text("Theme “Climate”: 3 statements filed")
    themes = _themes()
    assert [themes[n] for n in (0, 1, 2)] == ["Climate"] * 3
    assert [themes[n] for n in (3, 4)] == ["Bias"] * 2 and themes[5] == "Climate"  # a person's choice kept
    assert not ThemeSuggestion.objects.exists()

    reader = browser.new_page()
    reader.goto(f"{live_server.url}/c/heritage/")
    reader.get_by_role("link", name="Browse the statements by theme").click()
    reader.get_by_label("Theme").select_option(label="Bias")
    heading = reader.locator("#statement-list-title")
    expect(heading).to_contain_text("Theme: Bias")
    expect(reader.locator("#statement-list li")).to_have_count(2)
    expect(reader.locator("#statement-list")).not_to_contain_text("energy footprint")
