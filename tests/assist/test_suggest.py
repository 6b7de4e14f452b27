"""The model-free theme suggester (issue 16 item 2): deterministic, keyword labels, a planted two-topic
corpus split right in every interface language, and the edge cases (no text, one text, no usable word)."""

from __future__ import annotations

import sys

import pytest

from assembly.assist import suggest
from assembly.assist.suggest import AssistUnavailableError, Suggestion, stop_words, suggest_themes

# Two topics, four statements each, ids deliberately not in topic order.
PLANTED = {
    "en": [
        (10, "Museums must measure the energy footprint of climate models"),
        (11, "Bias in training data harms minority collections"),
        (12, "The climate cost and energy footprint of AI must be public"),
        (13, "Archives should audit bias against minority voices"),
        (14, "Report the energy footprint and climate impact of every tool"),
        (15, "Bias erases minority histories from the data"),
        (16, "Climate targets need energy footprint figures"),
        (17, "Minority communities should check bias in archives"),
    ],
    "fr": [
        (10, "Les musées doivent mesurer l'empreinte énergétique et climatique des modèles"),
        (11, "Les biais des données effacent les minorités des collections"),
        (12, "L'empreinte énergétique de l'IA pèse sur le climat"),
        (13, "Les archives doivent corriger les biais contre les minorités"),
        (14, "Publier l'empreinte énergétique et climatique de chaque outil"),
        (15, "Les biais des données nuisent aux minorités"),
        (16, "Le climat demande de connaître l'empreinte énergétique"),
        (17, "Les minorités doivent vérifier les biais des archives"),
    ],
    "de": [
        (10, "Museen müssen den Energieverbrauch und das Klima der Modelle messen"),
        (11, "Verzerrungen in Daten schaden Minderheiten in Sammlungen"),
        (12, "Der Energieverbrauch der KI belastet das Klima"),
        (13, "Archive sollen Verzerrungen gegen Minderheiten prüfen"),
        (14, "Energieverbrauch und Klima jedes Werkzeugs veröffentlichen"),
        (15, "Verzerrungen löschen Minderheiten aus den Daten"),
        (16, "Klimaziele brauchen Zahlen zum Energieverbrauch"),
        (17, "Minderheiten sollen Verzerrungen in Archiven prüfen"),
    ],
    "nl": [
        (10, "Musea moeten het energieverbruik en de klimaatimpact van modellen meten"),
        (11, "Vooroordelen in data schaden minderheden in collecties"),
        (12, "Het energieverbruik van AI weegt op de klimaatimpact"),
        (13, "Archieven moeten vooroordelen tegen minderheden toetsen"),
        (14, "Publiceer het energieverbruik en de klimaatimpact van elk hulpmiddel"),
        (15, "Vooroordelen wissen minderheden uit de data"),
        (16, "Klimaatdoelen vragen cijfers over energieverbruik"),
        (17, "Minderheden moeten vooroordelen in archieven toetsen"),
    ],
}
EVEN, ODD = (10, 12, 14, 16), (11, 13, 15, 17)


@pytest.mark.parametrize("language", sorted(PLANTED))
def test_a_planted_two_topic_corpus_is_split_right(language):
    """Check that two themes asked for are exactly the two planted topics, in every interface language."""
    found = suggest_themes(PLANTED[language], n_themes=2)
    assert sorted(s.statement_ids for s in found) == [EVEN, ODD]


@pytest.mark.parametrize("language", sorted(PLANTED))
def test_the_number_of_themes_is_chosen_right_when_not_given(language):
    """Check that without a number the grouping still finds the two planted topics."""
    found = suggest_themes(PLANTED[language])
    assert sorted(s.statement_ids for s in found) == [EVEN, ODD]


def test_labels_are_the_words_that_set_each_group_apart():
    """Check the English labels: each names its topic's shared words, never a stop word."""
    found = {s.statement_ids: s for s in suggest_themes(PLANTED["en"], n_themes=2)}
    assert set(found[EVEN].keywords) <= {"climate", "energy", "footprint"}
    assert set(found[ODD].keywords) <= {"bias", "minority"} | {"archives", "data"}
    assert "bias" in found[ODD].keywords and "energy" in found[EVEN].keywords
    assert found[EVEN].label == ", ".join(found[EVEN].keywords)
    for s in found.values():
        assert not set(s.keywords) & stop_words()


def test_the_same_input_gives_the_same_suggestions_in_any_order():
    """Check determinism: repeated runs, and the input shuffled, give identical suggestions."""
    texts = PLANTED["en"]
    first = suggest_themes(texts, n_themes=2)
    assert suggest_themes(list(reversed(texts)), n_themes=2) == first
    assert suggest_themes(texts[3:] + texts[:3], n_themes=2) == first


def test_groups_are_ordered_largest_first_then_by_first_statement():
    """Check the order: the five energy statements (one added, #18) before the three bias ones (#17 out)."""
    texts = [t for t in PLANTED["en"] if t[0] != 17] + [(18, "Energy footprint of climate data centres")]
    found = suggest_themes(texts, n_themes=2)
    assert [s.statement_ids for s in found] == [(*EVEN, 18), (11, 13, 15)]


def test_no_text_gives_no_suggestion_and_one_text_one_group():
    """Check the edge cases: nothing in, nothing out; one statement is one group labelled by its words."""
    assert suggest_themes([]) == []
    (only,) = suggest_themes([(3, "Energy footprint of museums")])
    assert only.statement_ids == (3,)
    assert set(only.keywords) <= {"energy", "footprint", "museums"} and only.keywords


def test_texts_without_a_usable_word_are_left_out():
    """Check that stop words or numbers only give no suggestion, and are left out of other groups."""
    assert suggest_themes([(1, "the and of"), (2, "123 456")]) == []
    found = suggest_themes([(1, "the and of")] + PLANTED["en"], n_themes=2)
    assert sorted(i for s in found for i in s.statement_ids) == sorted(EVEN + ODD)


def test_more_themes_than_distinct_texts_is_capped():
    """Check that asking for ten themes on three identical texts gives one group."""
    found = suggest_themes([(i, "Energy footprint") for i in range(3)], n_themes=10)
    assert found == [Suggestion(keywords=("energy", "footprint"), statement_ids=(0, 1, 2))]


@pytest.mark.parametrize(("options", "named"), [({"n_themes": 0}, "n_themes"), ({"keywords": 0}, "keywords")])
def test_bad_options_are_refused_naming_them(options, named):
    with pytest.raises(ValueError, match=named):
        suggest_themes(PLANTED["en"], **options)


def test_without_scikit_learn_the_error_says_which_extra_to_install(monkeypatch):
    """Check that a missing scikit-learn gives AssistUnavailableError naming the ``assist`` extra."""
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    assert not suggest.assist_available()
    with pytest.raises(AssistUnavailableError, match=r"assembly\[assist\]"):
        suggest_themes(PLANTED["en"])


def test_the_core_does_not_import_scikit_learn():
    """Check that importing the suggester (and the report) loads no scikit-learn: it is imported lazily."""
    import subprocess

    code = "import sys, assembly.assist.suggest, assembly.report.build; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
