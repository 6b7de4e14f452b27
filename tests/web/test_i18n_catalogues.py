"""The catalogues of every interface language (settings.LANGUAGES: the 24 official EU languages): each one
exists, has the plural forms its header declares, and keeps every placeholder, HTML tag and edge whitespace
of the English text. That every text is translated (none fuzzy) and that the shipped .mo says what the .po
says is checked for the same languages by tests/web/test_i18n.py. docs/translations.md says how to add or
complete a language (scripts/translations.py)."""

from __future__ import annotations

import gettext
import re
from html import unescape
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info

from assembly.results import snapshots
from scripts.translations import keeps_the_source
from tests.web.results_data import two_camps
from tests.web.test_i18n import LANGUAGES, LOCALE, _po_entries

EU_OFFICIAL = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()
PLURAL_FORMS = re.compile(r"^Plural-Forms: nplurals=(\d+); plural=(.+?);?$", re.MULTILINE)


def _po(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def _header(language: str) -> str:
    text = _po(language).read_text(encoding="utf-8")
    first = text.split("\n\n", 1)[0]  # the header entry: msgid "" and its msgstr, after the comments
    return "".join(line[1:-1].replace("\\n", "\n") for line in first.splitlines() if line.startswith('"'))


def test_the_interface_offers_the_24_official_languages_each_named_in_itself():
    """Check that settings.LANGUAGES holds exactly the EU's official languages, each named in itself, and
    that Django can describe every one of them, Maltese included, which its own table lacks and the app
    registers at start-up (the switcher and {% get_language_info %} need it)."""
    assert sorted(code for code, _ in settings.LANGUAGES) == EU_OFFICIAL
    names = dict(settings.LANGUAGES)
    assert names["el"] == "Ελληνικά" and names["bg"] == "български" and names["mt"] == "Malti"
    assert names["de"] == "Deutsch" and names["pl"] == "polski" and names["cs"] == "čeština"
    assert all(code in LANG_INFO for code in names)
    assert get_language_info("mt")["name_local"] == "Malti" and get_language_info("mt")["bidi"] is False


def test_the_language_switcher_lists_every_language_in_its_own_name(client, db):
    """Check that the switcher is one labelled <select> with an option per language, each carrying its own
    lang (so a screen reader pronounces it), the page's language selected, and a button to apply it (no
    submission on change, which would leave the page while a keyboard user arrows through 24 entries)."""
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    switcher = re.search(r'<form class="language-switcher".*?</form>', html, re.DOTALL)
    assert switcher is not None
    form = switcher.group(0)
    options = re.findall(r'<option value="([a-z]+)" lang="([a-z]+)"( selected)?>([^<]+)</option>', form)
    assert [(code, name) for code, _, _, name in options] == list(settings.LANGUAGES)
    assert all(code == lang for code, lang, _, _ in options)
    assert [code for code, _, selected, _ in options if selected] == ["de"]
    assert '<label for="language-select">' in form and '<button type="submit"' in form
    assert "autosubmit" not in form and "onchange" not in form


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_exists_and_declares_its_language(language):
    """Check that the language has a .po and a compiled .mo, and that the header names the language,
    UTF-8, and a plural rule with as many forms as Django's own catalogue of the language has."""
    assert _po(language).is_file(), f"no catalogue for {language}: see docs/translations.md"
    assert _po(language).with_suffix(".mo").is_file(), f"{language}: run compilemessages"
    header = _header(language)
    assert f"Language: {language}\n" in header
    assert "Content-Type: text/plain; charset=UTF-8\n" in header
    declared = PLURAL_FORMS.search(header)
    assert declared is not None, f"{language}: no Plural-Forms header"
    own = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    if own.is_file():  # Maltese is not in Django: its rule is checked by the count test below
        expected = PLURAL_FORMS.search(own.read_text(encoding="utf-8").replace('\\n"\n"', "\n"))
        assert expected is not None and declared.group(1) == expected.group(1), f"{language}: nplurals"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_entry_has_the_declared_number_of_forms(language):
    """Check that each plural entry has exactly the nplurals translations the header declares, all
    written (a missing form shows English for the counts that pick it)."""
    declared = PLURAL_FORMS.search(_header(language))
    assert declared is not None
    forms = int(declared.group(1))
    wrong = [
        entry.message.msgid
        for entry in _po_entries(_po(language))
        if entry.message.plural is not None
        and sorted(k for k in entry.fields if k.startswith("msgstr"))
        != [f"msgstr[{i}]" for i in range(forms)]
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_tags_and_edge_whitespace(language):
    """Check that every translation has each placeholder (%(name)s, %s, %%, {n}, {{ x }}), HTML tag and
    entity of its English text, as many times, and the same leading and trailing whitespace (a lost
    placeholder breaks the page or shows a wrong number; a lost newline breaks a layout). A plural form
    may name the count its English singular leaves out ("One vote"), never a placeholder the English lacks."""
    broken = [
        f"{entry.message.msgid!r} -> {translation!r}"
        for entry in _po_entries(_po(language))
        for form, translation in enumerate(entry.translations)
        if translation and not keeps_the_source(entry.message.msgid, entry.message.plural, form, translation)
    ]  # an untranslated text is reported by test_i18n's completeness test
    assert broken == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_participant_and_results_pages_render_in_the_language(client, staff_client, consultation, language):
    """Check that the participant page and the results page (charts, plurals, percentages: most of the
    catalogue's formatted texts) render in each language: lang set, its own words for "Agree" and
    "Opinion groups", no English left for them, and no formatting error (a broken placeholder is a 500)."""
    with (_po(language).with_suffix(".mo")).open("rb") as mo:
        words = gettext.GNUTranslations(mo)
    page = client.get("/c/heritage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in page
    assert words.gettext("Agree") in page and ">Agree<" not in page
    two_camps(consultation)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    response = staff_client.get("/c/heritage/results/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    results = unescape(response.content.decode())
    assert words.gettext("Opinion groups") in results and "Opinion groups" not in results
