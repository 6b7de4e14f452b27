"""The category, theme and moderation sections."""

import pytest

from assembly.report.moderation import ModerationRecord
from tests.report.consultation import report_from_json


def _report(dataset, analysis, positions, thresholds, **options):
    return report_from_json(dataset, analysis, positions=positions, thresholds=thresholds, **options)


def test_categories_place_clear_statements_and_list_inconclusive_ones(
    dataset, analysis, positions, thresholds
):
    """Check that friction places statement 1, and consensus / uncertainty list 0 and 2 as inconclusive."""
    sections = {c.key: c for c in _report(dataset, analysis, positions, thresholds).categories}
    assert list(sections) == ["consensus", "majority-disagree", "friction", "uncertainty"]
    assert [(e.statement_id, e.state) for e in sections["friction"].placed] == [(1, "clear")]
    assert [e.statement_id for e in sections["consensus"].inconclusive] == [0]
    assert [e.statement_id for e in sections["uncertainty"].inconclusive] == [2]
    assert not sections["consensus"].placed and not sections["majority-disagree"].placed


def test_evidence_says_why_a_statement_is_inconclusive(dataset, analysis, positions, thresholds):
    """Check that the evidence names the interval and the threshold it crosses (agree 60–98% vs 60%)."""
    consensus = _report(dataset, analysis, positions, thresholds).categories[0]
    assert (
        consensus.inconclusive[0].evidence
        == "agree: 95% interval 60–98%, which reaches below the 60% threshold"
    )


def test_friction_evidence_gives_both_groups_and_the_gap(dataset, analysis, positions, thresholds):
    """Check the friction evidence: each group's agree and disagree shares, the tested gap in support
    and its adjusted interval (a document without a q-value, as written before the test was adjusted)."""
    friction = _report(dataset, analysis, positions, thresholds).categories[2]
    assert friction.placed[0].evidence == (
        "Group A 100% agree / 0% disagree, Group B 0% agree / 100% disagree; support 100 points apart "
        "on groups formed without this statement (adjusted interval 35–100 points)"
    )


@pytest.mark.parametrize(("q", "text"), [(0.0123, "q = 0.012"), (0.0004, "q < 0.001")])
def test_friction_evidence_gives_the_q_value(dataset, analysis, positions, thresholds, q, text):
    """Check that the false-discovery-adjusted q-value, when the document has it, closes the evidence."""
    analysis["statements"][1]["intervals"]["friction"]["q_value"] = q
    friction = _report(dataset, analysis, positions, thresholds).categories[2]
    assert friction.placed[0].evidence.endswith(f"(adjusted interval 35–100 points, {text})")


def test_inconclusive_friction_says_the_groups_are_not_shown_to_differ(
    dataset, analysis, positions, thresholds
):
    """Check the evidence of inconclusive friction: the gap is large, but the test did not show that the
    groups differ (friction's rule), not that an interval reaches below the threshold."""
    analysis["statements"][1]["flags"]["friction"] = "inconclusive"
    friction = _report(dataset, analysis, positions, thresholds).categories[2]
    assert friction.inconclusive[0].evidence.endswith(
        "(adjusted interval 35–100 points); the groups are not shown to differ (the difference could be "
        "chance), or they cast too few votes to be tested"
    )


def test_placed_statements_are_ordered_strongest_first(dataset, analysis, positions, thresholds):
    """Check that two consensus statements are ordered by agree share (90% before 44%), then by id."""
    analysis["statements"][0]["flags"] = {"consensus": "clear"}
    analysis["statements"][1]["flags"] = {"consensus": "clear", "friction": "clear"}
    consensus = _report(dataset, analysis, positions, thresholds).categories[0]
    assert [e.statement_id for e in consensus.placed] == [0, 1]


def test_themes_list_published_statements_and_count_the_unpublished(dataset, analysis, positions, thresholds):
    """Check themes in order of their first statement, with published ids and unpublished counts."""
    themes = _report(dataset, analysis, positions, thresholds).themes
    assert [(t.name, t.statement_ids, t.unpublished) for t in themes] == [
        ("Transparency", (0,), 0),
        ("Use cases", (1,), 1),
        ("Data", (2,), 1),
    ]


def test_no_themes_gives_an_empty_theme_section(dataset, analysis, positions, thresholds):
    """Check that a consultation without themes has no theme sections."""
    for s in dataset.statements:
        s.theme = None
    assert _report(dataset, analysis, positions, thresholds).themes == ()


def test_unpublished_statements_are_listed_with_their_state_and_votes(
    dataset, analysis, positions, thresholds
):
    """Check that the rejected statement (2 votes) and the never-shown pending one are listed."""
    unpublished = _report(dataset, analysis, positions, thresholds).moderation.unpublished
    assert [(u.id, u.moderation, u.votes, u.reason) for u in unpublished] == [
        (3, "rejected", 2, None),
        (5, "pending", 0, None),
    ]


def test_moderation_reasons_come_from_the_log(dataset, analysis, positions, thresholds):
    """Check that each statement's last decision in the log is counted per reason and shown as its reason."""
    log = [
        ModerationRecord("statement.accept", 3, reason="in scope"),
        ModerationRecord("statement.reject", 3, reason="spam"),  # the later decision wins
        ModerationRecord("statement.accept", 2),
        ModerationRecord("participant.exclude", participant_id=9, reason="spam"),  # not a statement decision
    ]
    m = _report(dataset, analysis, positions, thresholds, moderation_log=log).moderation
    assert m.criteria_known
    assert m.decisions_by_reason == (("accepted", "no reason given", 1), ("rejected", "spam", 1))
    assert m.unpublished[0].reason == "spam"
