"""The method section's words."""

from assembly.analysis.categories import Thresholds
from assembly.analysis.eligibility import MIN_GROUP, MIN_VOTES
from assembly.report.method import eligibility_rule, explain_method, threshold_rules


def test_eligibility_rule_states_the_analysis_own_constants():
    """Check that the rule curators read quotes the numbers the analysis uses (7 votes, 15 participants)."""
    rule = eligibility_rule()
    assert f"at least {MIN_VOTES} statements" in rule and f"until there are {MIN_GROUP}" in rule


def test_threshold_rules_are_sentences_in_a_fixed_order_read_from_the_thresholds():
    """Check the rule sentences, one per threshold in a fixed order, with the thresholds' numbers."""
    rules = threshold_rules(Thresholds(consensus=0.65, uncertainty=0.3, confidence=0.9, interval="jeffreys"))
    assert [name for name, _rule in rules] == [
        "Consensus",
        "Majority-disagree",
        "Friction",
        "Friction, smallest groups",
        "Uncertainty",
        "Inconclusive",
        "Intervals",
    ]
    rules_by_name = dict(rules)
    assert rules_by_name["Consensus"] == "at least 65% of all votes on the statement agree."
    assert rules_by_name["Uncertainty"] == "at least 30% of all votes are passes."
    assert rules_by_name["Inconclusive"] == (
        "a statement whose share meets a threshold is placed in that category only when its 90% "
        "interval lies entirely on the same side of the threshold (for friction, only when the test "
        "shows that the groups differ); otherwise it is listed as inconclusive."
    )
    assert rules_by_name["Intervals"] == (
        "Jeffreys interval for shares; for friction, a normal interval of the support gap, widened for "
        "the pairs of groups and the statements tested."
    )


def test_explanation_names_the_method_and_seed():
    """Check that the stable method's explanation gives its seed and says it cannot change the groups,
    and pol.is's warns about input order."""
    assert "random seed (42) is recorded but cannot change them" in " ".join(explain_method("stable", 42))
    assert "order in which participants appear" in " ".join(explain_method("polis", 0))


def test_friction_rule_states_the_measure_the_selection_and_the_false_discovery_rate():
    """Check the friction sentence: support uses disagree and pass; clear needs the size and a test, on
    groups formed without the statement, that the groups differ, with the false discovery rate at
    1 - confidence (10% at 90%); large but not shown to differ is inconclusive."""
    rules = dict(threshold_rules(Thresholds(friction=0.3, confidence=0.9, min_group_votes=5)))
    assert "differs by at least 30 points" in rules["Friction"]
    assert "agree minus disagree with a pass counting as neutral" in rules["Friction"]
    assert "a test on groups formed without the statement shows that the groups differ" in rules["Friction"]
    assert "false discovery rate across statements held at 10%" in rules["Friction"]
    assert "large enough but the test does not show it, it is listed as inconclusive" in rules["Friction"]
    assert rules["Friction, smallest groups"] == (
        "a pair of groups is tested only when each cast at least 5 votes on the statement."
    )


def test_explanation_states_the_multiplicity_policy_of_every_category_and_who_took_part():
    """Check that the method section says how each category treats many statements, and that intervals
    describe these self-selected participants, not a population."""
    text = " ".join(explain_method("stable", 0))
    for category in ("Friction", "Consensus, majority-disagree and uncertainty"):
        assert category in text
    assert "Benjamini-Hochberg" in text and "are not corrected" in text
    assert "not a random sample of any population" in text
    assert "not an estimate of what a wider public thinks" in text
    assert "whole community" not in text


def test_explanation_describes_the_structure_test_and_stability_only_where_they_ran():
    """Check that the stable method explains the structure test and the stability figure, pol.is's
    method neither, and given groups say where they come from instead."""
    stable, polis = " ".join(explain_method("stable", 0)), " ".join(explain_method("polis", 0))
    given = " ".join(explain_method("stable", 0, groups_given=True))
    for words in ("19 shuffled copies", "Each group comes with a stability figure"):
        assert words in stable and words not in polis and words not in given
    assert "groups pol.is published" in given and "groups pol.is published" not in stable
