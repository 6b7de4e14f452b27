"""Issue 15 end to end in a real browser: a German participant submits a statement; a moderator accepts
it and approves its machine translation into French (from a local server speaking LibreTranslate's
API); a French participant reads the French text, marked as translated, and votes; both votes count in
one column of the analysis."""

from __future__ import annotations

import os

import pytest

from assembly.accounts.models import ConsultationModerator
from assembly.consultations import services
from assembly.consultations.models import Statement, Translation, Vote
from assembly.report.source import analyse_dataset
from assembly.results.reading import read_for_analysis
from tests.browser import CHROMIUM
from tests.translation.servers import fake_server

GERMAN = "Museen sollten ihre Sammlungen offen zugänglich machen"
FRENCH = "Les musées devraient rendre leurs collections librement accessibles"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed"),
]


@pytest.fixture
def trilingual(transactional_db):
    return services.create_consultation(
        slug="heritage", title="AI in heritage", question="What should we do?", languages=["fr", "de"]
    )


def _moderator(browser, live_server, consultation, django_user_model):
    account = django_user_model.objects.create_user("mod", password="a-long-test-password", is_staff=True)
    ConsultationModerator.objects.create(consultation=consultation, user=account)
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/manage/heritage/moderation/")
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    return page


def test_a_german_statement_translated_and_approved_is_voted_on_in_french_in_one_column(
    live_server, browser, trilingual, django_user_model, settings
):
    from playwright.sync_api import expect

    german = browser.new_context(locale="de-DE").new_page()
    german.goto(f"{live_server.url}/c/heritage/submit/")
    expect(german.locator("#id_language")).to_have_value("de")
    german.locator("#id_text").fill(GERMAN)
    german.locator("button[value=submit]").click()
    expect(german.locator("#vote-card")).to_be_visible()
    statement = Statement.objects.get(text=GERMAN)
    assert statement.written_in == "de"

    moderator = _moderator(browser, live_server, trilingual, django_user_model)
    moderator.locator("article.queue-item", has_text=GERMAN).get_by_role("button", name="Accept").click()
    expect(moderator.locator(".messages")).to_contain_text("1 statement changed")

    with fake_server("libretranslate") as server:
        settings.ASSEMBLY_TRANSLATION_PROVIDER, settings.ASSEMBLY_TRANSLATION_URL = (
            "libretranslate",
            server.url,
        )
        moderator.get_by_role("link", name="Translations").click()
        item = moderator.locator("article.queue-item", has_text=GERMAN)
        item.get_by_role("button", name="Machine-translate").click()
        item = moderator.locator("article.queue-item", has_text=GERMAN)
        expect(item.get_by_role("textbox")).to_have_value(FRENCH)
        expect(item).to_contain_text("Machine translation (libretranslate)")

    french = browser.new_context(locale="fr-FR").new_page()
    french.goto(f"{live_server.url}/c/heritage/")
    card = french.locator("#vote-card")
    expect(card).to_contain_text(GERMAN)  # a draft: the original until a person approves it
    assert Translation.objects.get().status == "draft"

    item.get_by_role("button", name="Approve").click()
    expect(moderator.locator(".messages")).to_contain_text("translation approved")

    french.reload()
    expect(card.locator(".statement-text")).to_have_text(FRENCH)
    expect(card).to_contain_text("Traduit (langue d’origine : Allemand), relu.")
    card.locator("summary").click()
    expect(card.locator("#vote-card-original")).to_have_text(GERMAN)
    french.keyboard.press("d")
    expect(card).not_to_contain_text(FRENCH)

    votes = Vote.objects.filter(statement=statement).order_by("participant__number")
    assert list(votes.values_list("value", flat=True)) == [1, -1]  # the author's agree, the French disagree
    dataset, _last = read_for_analysis(trilingual)
    [entry] = analyse_dataset(dataset, measure_compute=False).document.statements
    assert (entry.id, entry.counts.agree, entry.counts.disagree) == (statement.number, 1, 1)
