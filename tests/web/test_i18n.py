"""Languages: participant pages and the moderation queue in French, German and Dutch; consultation texts
stay as written; every interface text of those pages is translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembly.consultations import services

LOCALE = Path(__file__).resolve().parents[2] / "assembly" / "locale"
# Interface texts from these source folders must be translated in every shipped language.
TRANSLATED_SOURCES = ("consultations/", "moderation/", "templates/", "config/")


@pytest.mark.parametrize(
    ("language", "agree", "disagree"),
    [("fr", "D'accord", "Pas d'accord"), ("de", "Zustimmen", "Ablehnen"), ("nl", "Eens", "Oneens")],
)
def test_participant_page_speaks_the_browsers_language(client, consultation, language, agree, disagree):
    """Check that Accept-Language picks the interface language, while the consultation's texts
    stay as written."""
    html = client.get("/c/heritage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html
    assert agree in html and disagree in html
    assert "What should we do?" in html  # the question is the consultation's own text: never translated


def test_language_switcher_sets_the_language(client, consultation):
    """Check that choosing Nederlands in the switcher shows the next page in Dutch."""
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/c/heritage/"})
    assert response.status_code == 302
    assert "3 stellingen" in client.get("/c/heritage/").content.decode()


def test_embed_takes_the_language_from_the_link(client, consultation):
    """Check that an embed link with ?lang=de is in German (iframes cannot use the switcher's cookie)."""
    html = client.get("/c/heritage/embed/?lang=de").content.decode()
    assert "Zustimmen" in html and "In neuem Tab öffnen" in html


def test_moderation_queue_in_german(staff_client, consultation):
    """Check that the moderation queue is translated (German)."""
    author = services.create_participant(consultation)[0]
    services.submit_statement(author, text="Ein Vorschlag")
    html = staff_client.get("/manage/heritage/moderation/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Moderationswarteschlange" in html and "Annehmen" in html and "Ablehnen" in html


def test_errors_are_translated(client, consultation):
    """Check that a refused vote's message comes in the participant's language."""
    services.close_consultation(consultation)
    response = client.post(
        "/c/heritage/vote/", {"statement": 0, "value": 1}, HTTP_ACCEPT_LANGUAGE="fr", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "Cette consultation n&#x27;est pas ouverte" in response.content.decode()


def _entries(po: Path):
    """(references, msgid, translations) of each entry of a .po file (a minimal reader for this check)."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        msgid = "".join(re.findall(r'^msgid "(.*)"', block, re.M))
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        texts = [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strings]
        yield refs, msgid, texts


@pytest.mark.parametrize("language", ["fr", "de", "nl"])
def test_every_interface_text_of_participants_and_moderators_is_translated(language):
    """Check that each message from the consultations, moderation and shared templates has a translation,
    and that the compiled .mo file is shipped next to the .po file."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert po.with_suffix(".mo").exists()
    missing = [
        msgid
        for refs, msgid, texts in _entries(po)
        if msgid and any(ref.startswith(TRANSLATED_SOURCES) for ref in refs.split()) and not all(texts)
    ]
    assert missing == []
