"""Specification of the shared vocabulary: category order, titles, rules, group letters, percents."""

from __future__ import annotations

import pytest

from assembly.analysis.categories import Thresholds
from assembly.analysis.vocabulary import (
    CATEGORIES,
    category_heading,
    category_rule,
    category_title,
    gettext_noop,
    group_letter,
    group_name,
    rounded_percent,
)


def test_categories_are_listed_in_the_papers_order() -> None:
    """Check the order: consensus, majority-disagree, friction, uncertainty."""
    assert CATEGORIES == ("consensus", "majority-disagree", "friction", "uncertainty")


def test_titles_are_the_ones_the_report_prints() -> None:
    """Check that each category has one title, the report's."""
    assert [category_title(c) for c in CATEGORIES] == [
        "Consensus",
        "Majority disagrees",
        "Friction between opinion groups",
        "Uncertainty",
    ]


def test_rules_read_their_numbers_from_the_thresholds() -> None:
    """Check that a rule's number follows the thresholds (75%, 40%, 25 points), none is typed in."""
    t = Thresholds(consensus=0.75, majority_disagree=0.65, friction=0.25, uncertainty=0.4)
    assert category_rule("consensus", t) == "Statements where at least 75% of all votes agree."
    assert category_rule("majority-disagree", t) == "Statements where at least 65% of all votes disagree."
    assert category_rule("uncertainty", t) == (
        "Statements where at least 40% of all votes are passes: open questions."
    )
    assert "differs by 25 points or more" in category_rule("friction", t)


def test_rules_and_titles_are_translated_by_the_callers_gettext() -> None:
    """Check that the caller's translation is applied to the rule and to its inner phrase."""
    catalogue = {
        "Statements where %(share)s of all votes agree.": "Énoncés où %(share)s des votes sont d'accord.",
        "at least %(share)s": "au moins %(share)s",
        "Consensus": "Consensus (fr)",
    }

    def translate(message: str) -> str:
        return catalogue.get(message, message)

    expected = "Énoncés où au moins 60% des votes sont d'accord."
    assert category_rule("consensus", Thresholds(), translate) == expected
    assert category_title("consensus", translate) == "Consensus (fr)"


def test_headings_give_title_and_short_rule() -> None:
    """Check the summary's heading: the title, then the rule with the threshold's number."""
    assert category_heading("majority-disagree", Thresholds()) == "Majority disagrees (60% or more disagree)"
    assert category_heading("friction", Thresholds(friction=0.2)) == (
        "Friction between opinion groups (support differs by 20 points or more)"
    )


def test_gettext_noop_marks_without_translating() -> None:
    """Check that the marker returns its message unchanged."""
    assert gettext_noop("Consensus") == "Consensus"


def test_group_letters_follow_the_alphabet_then_double() -> None:
    """Check that groups are lettered A, B, ... Z, then AA, AB (spreadsheet style)."""
    assert [group_letter(i) for i in (0, 1, 4, 25, 26, 27)] == ["A", "B", "E", "Z", "AA", "AB"]


def test_negative_group_index_is_refused() -> None:
    """Check that a negative group index is an error."""
    with pytest.raises(ValueError, match="-1"):
        group_letter(-1)


def test_rounded_percent_matches_the_papers_first_statement() -> None:
    """Check that 170 agree, 6 disagree and 10 pass out of 186 print as the paper's (91%, 3%, 5%).

    By hand: 170/186 = 91.40%, 6/186 = 3.23%, 10/186 = 5.38%; the three do not add up to 100.
    """
    assert [rounded_percent(n, 186) for n in (170, 6, 10)] == [91, 3, 5]


def test_rounded_percent_rounds_halves_up() -> None:
    """Check that exact halves round up (12.5% -> 13%, 0.5% -> 1%, 87.5% -> 88%), as a reader expects."""
    assert rounded_percent(1, 8) == 13
    assert rounded_percent(1, 200) == 1
    assert rounded_percent(7, 8) == 88


def test_rounded_percent_of_nothing_is_zero() -> None:
    """Check that a statement without votes has 0% everywhere instead of a division error."""
    assert rounded_percent(0, 0) == 0


@pytest.mark.parametrize(("part", "whole"), [(3, 2), (-1, 5), (1, -1)])
def test_rounded_percent_refuses_impossible_counts(part: int, whole: int) -> None:
    """Check that a part larger than its whole, or a negative count, is an error naming both numbers."""
    with pytest.raises(ValueError, match=f"{part} out of {whole}"):
        rounded_percent(part, whole)


def test_a_group_without_a_staff_name_is_named_by_its_letter_in_the_callers_language() -> None:
    """Check "Group A", and that the caller's translation applies."""
    assert group_name("A") == "Group A"
    french = {"Group %(letter)s": "Groupe %(letter)s"}
    assert group_name("B", lambda message: french.get(message, message)) == "Groupe B"
