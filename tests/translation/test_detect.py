"""Local language detection of participants' statements (py3langid, restricted to the consultation's
languages)."""

from __future__ import annotations

import pytest

from assembly.translation.detect import detect_language

LANGUAGES = ["en", "fr", "de", "nl", "pl"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Museen sollten ihre Sammlungen offen zugänglich machen", "de"),
        ("Les musées devraient ouvrir leurs collections au public", "fr"),
        ("Musea moeten hun collecties openstellen voor iedereen", "nl"),
        ("Muzea powinny udostępniać swoje zbiory wszystkim", "pl"),
        ("Museums should open their collections to everyone", "en"),
    ],
)
def test_a_sentence_is_detected_among_the_consultations_languages(text, expected):
    assert detect_language(text, LANGUAGES) == expected


def test_only_the_consultations_languages_are_candidates():
    """A German sentence in an English-French consultation is never called German."""
    assert detect_language("Museen sollten ihre Sammlungen offen zugänglich machen", ["en", "fr"]) != "de"


def test_nothing_is_offered_for_one_language_or_an_empty_text():
    assert detect_language("Les musées devraient ouvrir leurs collections", ["fr"]) is None
    assert detect_language("   ", LANGUAGES) is None
