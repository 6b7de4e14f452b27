"""Statement views and group names."""

import pytest

from assembly.analysis.document import VoteCounts
from assembly.errors import InputError
from assembly.report.model import notation
from assembly.report.statements import parse_group_names
from tests.report.consultation import report_from_json


def test_shares_print_in_the_papers_notation():
    """Check that 3 agree, 1 disagree and 5 pass print as "(33% agree, 11% disagree, 56% pass)".

    By hand: 3/9 = 33.3%, 1/9 = 11.1%, 5/9 = 55.6%.
    """
    assert notation(VoteCounts(3, 1, 5)) == "(33% agree, 11% disagree, 56% pass)"
    assert notation(VoteCounts(0, 0, 0)) == "(no votes)"


def test_parse_group_names_accepts_letters_and_numbers():
    """Check that "a=Boundary-setters, 1=Seekers" gives letter keys in capitals and number keys as given."""
    assert parse_group_names("a=Boundary-setters, 1=Seekers,") == {"A": "Boundary-setters", "1": "Seekers"}


@pytest.mark.parametrize(
    ("text", "message"), [("A", "not of the form"), ("A=x,a=y", "named twice"), ("=x", "not of")]
)
def test_parse_group_names_refuses_malformed_text(text, message):
    """Check that a part without "=", an empty key or a group named twice is an error quoting the option."""
    with pytest.raises(InputError, match=message):
        parse_group_names(text)


def test_statement_views_join_counts_with_texts_and_themes(dataset, analysis, positions, thresholds):
    """Check that a statement view has the dataset's text and theme and the analysis' counts per group."""
    s = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds).statement(2)
    assert (s.text, s.theme, s.is_seed, s.moderation) == (
        "Heritage data should be open for AI training.",
        "Data",
        False,
        "accepted",
    )
    assert (s.shares.agree, s.shares.disagree, s.shares.passes) == (3, 1, 5)
    assert [(g.label, g.shares.agree, g.shares.passes) for g in s.groups] == [
        ("Group A", 0, 3),
        ("Group B", 3, 2),
    ]
    assert s.intervals["pass"] == (0.2667, 0.8112)


def test_friction_puts_the_more_agreeing_group_first(dataset, analysis, positions, thresholds):
    """Check that a friction given as B - A = -1.0 reads "Group A 100% vs Group B 0%", difference 1.0."""
    f = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds).statement(1).friction
    assert (f.groups, f.agree_pct, f.disagree_pct) == (("Group A", "Group B"), (100, 0), (0, 100))
    assert f.difference == 1.0
    assert f.interval == (0.3452, 1.0)


def test_meta_statements_get_no_category(dataset, analysis, positions, thresholds):
    """Check that a meta statement is published but in no category, even if the analysis flagged it."""
    analysis["statements"][4]["flags"] = {"consensus": "clear"}
    r = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    assert r.statement(4).is_meta and r.statement(4).flags == {}
    assert all(e.statement_id != 4 for c in r.categories for e in c.placed + c.inconclusive)


def test_missing_intervals_are_left_out_rather_than_invented(dataset, analysis, positions, thresholds):
    """Check that an interval the document gives as null (not finite) is absent, not zero."""
    analysis["statements"][0]["intervals"]["agree"] = [None, None]
    s = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds).statement(0)
    assert "agree" not in s.intervals and "pass" in s.intervals


def test_pending_statements_count_as_published_only_without_strict_moderation() -> None:
    """Check that a pending statement with votes is published unless only accepted statements are shown."""
    from assembly.analysis.types import Moderation
    from assembly.dataset import Statement
    from assembly.report.statements import is_published

    pending = Statement(id=1, text="t", moderation=Moderation.PENDING)
    assert is_published(pending, 3)
    assert not is_published(pending, 3, strict=True)
    assert not is_published(pending, 0)
    accepted = Statement(id=2, text="t", moderation=Moderation.ACCEPTED)
    assert is_published(accepted, 0, strict=True)
