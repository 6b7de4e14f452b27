"""assembly.languages: the EU's languages, their number formats, and which ones ship a catalogue."""

from __future__ import annotations

import importlib

import pytest

from assembly import languages
from assembly.languages import EU_LANGUAGES, NUMBER_SEPARATORS, catalogue_languages


@pytest.mark.parametrize("code", [code for code, _ in EU_LANGUAGES if code != "mt"])
def test_number_separators_are_djangos(code):
    """Check that the report separates thousands and decimals as the web pages do (Django's formats of
    the language), so a figure reads the same in both."""
    formats = importlib.import_module(f"django.conf.locale.{code}.formats")
    assert NUMBER_SEPARATORS[code] == (formats.THOUSAND_SEPARATOR, formats.DECIMAL_SEPARATOR)


def test_every_eu_language_has_number_separators():
    """Check that no EU language lacks separators (Maltese, which Django lacks, included)."""
    assert sorted(NUMBER_SEPARATORS) == sorted(code for code, _ in EU_LANGUAGES)
    assert NUMBER_SEPARATORS["mt"] == (",", ".")


def test_catalogue_languages_are_english_and_the_shipped_eu_catalogues(tmp_path, monkeypatch):
    """Check that the languages with a catalogue are English first, then each EU language whose
    compiled .mo ships, in the EU's protocol order; a .po not yet compiled, or a language outside the
    EU's list, does not count."""
    for code, files in {
        "pl": ["django.mo"],
        "el": ["django.mo"],
        "de": ["django.po"],
        "ja": ["django.mo"],
    }.items():
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for name in files:
            (folder / name).write_bytes(b"")
    monkeypatch.setattr(languages, "LOCALE", tmp_path)
    assert catalogue_languages() == ("en", "el", "pl")
