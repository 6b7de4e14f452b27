"""scripts/translations.py: a language's missing texts written out for a translator, and filled back in."""

from __future__ import annotations

import gettext
import json
import shutil
from pathlib import Path

import pytest

from scripts import translations

pytest.importorskip("polib")
pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")

TEMPLATE = """# Assembly's interface texts.
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#: consultations/forms.py:20
msgid "Agree"
msgstr "D'accord"

#: consultations/templates/a.html:3
#, python-format
msgid "%(n)s vote"
msgid_plural "%(n)s votes"
msgstr[0] "%(n)s vote"
msgstr[1] "%(n)s votes"

#: results/models.py:9
msgctxt "noun"
msgid "Pass"
msgstr "Passer"
"""


@pytest.fixture
def locale(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.setattr(translations, "LOCALE", tmp_path)
    return tmp_path


def _missing(tmp_path: Path, language: str) -> list[dict]:
    out = tmp_path / f"{language}.json"
    assert translations.main(["missing", language, "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _polish(items: list[dict]) -> list[dict]:
    words = {"Agree": "Zgadzam się", "Pass": "Pomiń"}
    for item in items:
        if "msgstr_plural" in item:
            item["msgstr_plural"] = ["%(n)s głos", "%(n)s głosy", "%(n)s głosów", "%(n)s głosu"]
        else:
            item["msgstr"] = words[item["msgid"]]
    return items


def test_missing_lists_every_text_of_a_new_language_with_its_plural_forms(locale, tmp_path):
    """Check that a language without a catalogue gets every template text, context and flags included,
    with as many empty plural forms as Django's Polish catalogue has (4: one, few, many, fractions), not
    as French has."""
    items = _missing(tmp_path, "pl")
    assert [(i["msgctxt"], i["msgid"]) for i in items] == [
        (None, "Agree"),
        (None, "%(n)s vote"),
        ("noun", "Pass"),
    ]
    assert items[1]["msgid_plural"] == "%(n)s votes" and items[1]["msgstr_plural"] == ["", "", "", ""]
    assert items[1]["flags"] == ["python-format"] and items[0]["references"] == ["consultations/forms.py:20"]
    assert all(not i.get("msgstr") for i in items)


def test_fill_creates_and_compiles_the_catalogue(locale, tmp_path):
    """Check that filling a new language writes a .po with Django's Polish plural rule and compiles a .mo
    that gives each translation (each plural form for its counts)."""
    (tmp_path / "pl.json").write_text(json.dumps(_polish(_missing(tmp_path, "pl"))), encoding="utf-8")
    assert translations.main(["fill", "pl", str(tmp_path / "pl.json")]) == 0
    po = (locale / "pl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "Language: pl\\n" in po and "nplurals=4;" in po
    with (locale / "pl" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Agree") == "Zgadzam się" and catalogue.pgettext("noun", "Pass") == "Pomiń"
    assert [catalogue.ngettext("%(n)s vote", "%(n)s votes", n) for n in (1, 3, 5)] == [
        "%(n)s głos",
        "%(n)s głosy",
        "%(n)s głosów",
    ]
    assert _missing(tmp_path, "pl") == []


def test_fill_adds_new_texts_and_keeps_the_others(locale, tmp_path):
    """Check that after a new template text, `missing` lists only it, and filling it keeps the rest."""
    items = _polish(_missing(tmp_path, "pl"))
    (tmp_path / "pl.json").write_text(json.dumps(items), encoding="utf-8")
    translations.main(["fill", "pl", str(tmp_path / "pl.json")])
    template = locale / "fr" / "LC_MESSAGES" / "django.po"
    template.write_text(template.read_text(encoding="utf-8") + '\nmsgid "Disagree"\nmsgstr "Pas d\'accord"\n')
    new = _missing(tmp_path, "pl")
    assert [i["msgid"] for i in new] == ["Disagree"]
    new[0]["msgstr"] = "Nie zgadzam się"
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    assert translations.main(["fill", "pl", str(tmp_path / "new.json")]) == 0
    with (locale / "pl" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Disagree") == "Nie zgadzam się" and catalogue.gettext("Agree") == "Zgadzam się"


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ({"msgstr_plural": ["głos", "%(n)s głosy", "%(n)s głosów", "%(n)s głosu"]}, None),  # "one vote"
        ({"msgstr_plural": ["%(n)s głos", "głosy", "%(n)s głosów", "%(n)s głosu"]}, "does not keep the"),
        (
            {"msgstr_plural": ["%(n)s głos", "%(n)s głosy", "%(n)s głosów"]},
            "3 plural forms, the language has 4",
        ),
        (
            {"msgstr_plural": ["%(n)s głos", "%(n)s głosy", "%(count)s głosów", "%(n)s głosu"]},
            "does not keep",
        ),
        ({"msgstr_plural": ["%(n)s głos", "%(n)s głosy", "", "%(n)s głosu"]}, "translation missing or empty"),
    ],
)
def test_fill_refuses_a_bad_translation_and_writes_nothing(locale, tmp_path, capsys, broken, reason):
    """Check that a lost or unknown placeholder, a wrong number of plural forms or an empty form is refused
    with the entry's English text, exit 2, and no catalogue written."""
    items = _polish(_missing(tmp_path, "pl"))
    items[1].update(broken)
    (tmp_path / "pl.json").write_text(json.dumps(items), encoding="utf-8")
    code = translations.main(["fill", "pl", str(tmp_path / "pl.json")])
    if reason is None:
        assert code == 0
        return
    assert code == 2
    error = capsys.readouterr().err
    assert reason in error and "'%(n)s vote'" in error
    assert not (locale / "pl").exists()


def test_missing_lists_fuzzy_and_untranslated_entries(locale, tmp_path):
    """Check that a fuzzy entry and an empty translation of an existing catalogue are listed as gaps."""
    german = locale / "de" / "LC_MESSAGES"
    german.mkdir(parents=True)
    text = TEMPLATE.replace("Language: fr", "Language: de").replace("D'accord", "Zustimmen")
    text = text.replace('msgctxt "noun"', '#, fuzzy\nmsgctxt "noun"').replace(
        'msgstr[1] "%(n)s votes"', 'msgstr[1] ""'
    )
    (german / "django.po").write_text(text, encoding="utf-8")
    assert [i["msgid"] for i in _missing(tmp_path, "de")] == ["%(n)s vote", "Pass"]


@pytest.mark.parametrize(
    ("english", "translation", "kept"),
    [
        ("Read <strong>this</strong>.", "Lisez <strong>ceci</strong>.", True),
        ("Read <strong>this</strong>.", "Lisez ceci.", False),  # a lost HTML tag
        ('See <a href="%(url)s">here</a>.', 'Voir <a href="%(url)s">ici</a>.', True),
        ("The link: /c/<short name>/.", "Linkki: /c/<lyhytnimi>/.", True),  # a bracketed word, not a tag
        ("%(n)s%% agree", "%(n)s %% d'accord", True),
        ("%(n)s%% agree", "%(n)s % d'accord", False),  # a python-format %% lost
        ("Line %(line)d: %(error)s", "Ligne %(line)d", False),
        ("Total\n", "Summe", False),  # the trailing newline lost
    ],
)
def test_what_a_translation_must_keep(english, translation, kept):
    """Check the placeholder rule `fill` and the catalogue tests share: placeholders, %%, HTML tags and
    edge whitespace kept; a word in angle brackets that is no HTML tag may be translated."""
    assert translations.keeps_the_source(english, None, 0, translation) is kept
