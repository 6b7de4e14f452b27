"""build_report on the hand-made consultation of consultation.py: every figure checked against hand counts."""

import pytest

from assembly.analysis.document import VoteCounts
from assembly.report.compute import ComputeRecord
from assembly.report.statements import supported_direction
from tests.report.consultation import report_from_json


def _report(dataset, analysis, positions, thresholds, **options):
    return report_from_json(dataset, analysis, positions=positions, thresholds=thresholds, **options)


def test_headline_figures_are_the_hand_counts(dataset, analysis, positions, thresholds):
    """Check every headline figure against the counts in consultation.py's table."""
    h = _report(dataset, analysis, positions, thresholds).headline
    assert (h.participants, h.placed, h.groups, h.excluded_participants) == (10, 9, 2, 0)
    assert (h.votes, h.vote_records) == (39, 40)  # participant 0 changed one vote
    assert (h.statements_submitted, h.statements_published) == (6, 4)  # 0, 1, 2 and the meta statement 4
    assert (h.published_seed, h.published_by_participants, h.seed_known) == (2, 2, True)
    assert (h.accepted, h.rejected, h.pending, h.meta) == (4, 1, 1, 1)
    assert (h.first_vote, h.last_vote) == ("2025-05-26", "2025-05-27")


def test_report_is_dated_by_the_last_vote_not_by_today(dataset, analysis, positions, thresholds):
    """Check that the report's date is the data's last vote date."""
    assert _report(dataset, analysis, positions, thresholds).as_of == "2025-05-27"


def test_title_description_and_source_come_from_the_summary(dataset, analysis, positions, thresholds):
    """Check that the title and description are the export summary's topic and description."""
    r = _report(dataset, analysis, positions, thresholds)
    assert (r.title, r.description, r.source_name) == (
        "Small test consultation",
        "A test.\n\nSecond.",
        "small",
    )


def test_groups_have_sizes_shares_and_centres(dataset, analysis, positions, thresholds):
    """Check group sizes, their rounded share of the 9 placed voters (44%, 56%) and hand-computed centres."""
    groups = _report(dataset, analysis, positions, thresholds).groups
    assert [(g.letter, g.size, g.share_pct) for g in groups] == [("A", 4, 44), ("B", 5, 56)]
    assert groups[0].centre == pytest.approx((-1.05, 0.05))
    assert groups[1].centre == pytest.approx((1.0, 0.04))


def test_staff_group_names_label_the_groups(dataset, analysis, positions, thresholds):
    """Check that names given by letter or by group id replace "Group A" / "Group B" everywhere."""
    r = _report(
        dataset, analysis, positions, thresholds, group_names={"A": "Boundary-setters", "1": "Seekers"}
    )
    assert [(g.label, g.heading) for g in r.groups] == [
        ("Boundary-setters", "Group A: Boundary-setters"),
        ("Seekers", "Group B: Seekers"),
    ]
    assert [g.label for g in r.statement(1).groups] == ["Boundary-setters", "Seekers"]


def test_representative_statements_give_agree_shares_inside_and_outside(
    dataset, analysis, positions, thresholds
):
    """Check that group A's representative statement 1 is 100% agree inside (4 votes), 0% outside (5)."""
    groups = _report(dataset, analysis, positions, thresholds).groups
    rep = groups[0].representative[0]
    assert (rep.statement_id, rep.direction) == (1, "agree")
    assert (rep.inside.agree_pct, rep.inside.votes, rep.outside.agree_pct, rep.outside.votes) == (
        100,
        4,
        0,
        5,
    )


def test_representative_statements_are_printed_in_the_direction_the_group_supports(
    dataset, analysis, positions, thresholds
):
    """Check a statement group A agrees with 100% (4 of 4), which pol.is's best-agree rule finalised as
    "disagree": it is printed as "agree", never "leans to: disagree" beside "100% agree"; group B, who
    disagree 100%, keep "disagree" even when the document says "agree"."""
    analysis["repness"]["0"][0]["direction"] = "disagree"
    analysis["repness"]["1"][0]["direction"] = "agree"
    groups = _report(dataset, analysis, positions, thresholds).groups
    assert [(rep.statement_id, rep.direction) for rep in groups[0].representative] == [(1, "agree")]
    assert [(rep.statement_id, rep.direction) for rep in groups[1].representative] == [(1, "disagree")]


def test_an_even_split_keeps_the_polis_direction() -> None:
    """Check that a group as many agreeing as disagreeing is printed in pol.is's direction."""
    even = VoteCounts(agree=3, disagree=3, passes=1)
    assert supported_direction(even, "disagree") == "disagree"
    assert supported_direction(even, "agree") == "agree"


def test_rejected_statements_are_not_representative(dataset, analysis, positions, thresholds):
    """Check that a rejected statement in the analysis' representative list is left out."""
    groups = _report(dataset, analysis, positions, thresholds).groups
    assert [rep.statement_id for rep in groups[1].representative] == [1]


def test_rejected_statements_are_removed_from_the_embedded_analysis(dataset, analysis, positions, thresholds):
    """Check that the analysis document kept in the report has no trace of rejected statement 3."""
    doc = _report(dataset, analysis, positions, thresholds).analysis.to_json()
    assert [s["id"] for s in doc["statements"]] == [0, 1, 2, 4]
    assert "3" not in doc["priorities"] and doc["pca"]["statement_ids"] == [0, 1, 2, 4]
    assert all(r["statement"] != 3 for rows in doc["repness"].values() for r in rows)
    assert all(r["statement"] != 3 for rows in doc["consensus"].values() for r in rows)
    assert len(doc["pca"]["center"]) == 4 and all(len(c) == 4 for c in doc["pca"]["components"])


def test_method_section_records_method_seed_versions_rules_and_checksums(
    dataset, analysis, positions, thresholds
):
    """Check that the method section has the method, seed, versions, every threshold, sorted checksums."""
    m = _report(
        dataset,
        analysis,
        positions,
        thresholds,
        source_checksums={"votes.csv": "b" * 64, "comments.csv": "a" * 64},
    ).method
    assert (m.method, m.seed, m.analysis_version) == ("stable", 0, "0.1.0")
    assert m.checksums == (("comments.csv", "a" * 64), ("votes.csv", "b" * 64))
    rules = dict(m.rules)
    assert rules["Consensus"] == "at least 60% of all votes on the statement agree."
    assert "differs by at least 30 points" in rules["Friction"]
    assert "at least 3 votes" in rules["Friction, smallest groups"]
    assert "7 statements" in m.eligibility_rule and "15" in m.eligibility_rule


def test_compute_is_shown_as_bounds(dataset, analysis, positions, thresholds):
    """Check that a measurement of 0.42 CPU seconds and 180 MB shows as "under 1" and "under 1 GB"."""
    c = _report(
        dataset, analysis, positions, thresholds, compute=ComputeRecord(0.42, 180_000_000)
    ).method.compute
    assert (c.cpu_seconds_bound, c.peak_memory_bound) == ("under 1 CPU second", "under 1 GB")


def test_no_votes_gives_a_report_that_says_so(dataset, thresholds):
    """Check that a consultation without votes still gives a report, with a notice and no groups."""
    from assembly.analysis.types import VoteLog

    dataset.votes = VoteLog.empty()
    r = report_from_json(dataset, None, positions=None, thresholds=thresholds)
    assert r.notices and "No votes" in r.notices[0]
    assert (r.headline.votes, r.headline.participants, r.groups, r.map_points) == (0, 0, (), None)
    assert [s.id for s in r.statements] == [0, 1, 2, 4]  # accepted ones are published even without votes
    assert all(not c.placed and not c.inconclusive for c in r.categories)


def test_one_group_gives_a_notice_and_no_friction(dataset, analysis, positions, thresholds):
    """Check that with a single opinion group the report says so and explains why friction is empty."""
    analysis["groups"] = [{"id": 0, "members": list(range(9))}]
    for s in analysis["statements"]:
        s["groups"] = {"0": {k: s[k] for k in ("agree", "disagree", "pass")}}
        s["flags"].pop("friction", None)
        s["intervals"]["friction"] = None
        s["intervals"]["groups"] = {}
    analysis["repness"] = {"0": []}
    r = _report(dataset, analysis, positions, thresholds)
    assert any("single opinion group" in n for n in r.notices)
    friction = next(c for c in r.categories if c.key == "friction")
    assert friction.note and not friction.placed


def test_a_name_for_a_group_that_does_not_exist_is_an_error(dataset, analysis, positions, thresholds):
    """Check that naming group C when the analysis found A and B raises an error listing the groups found."""
    from assembly.errors import InputError

    with pytest.raises(InputError, match="names group C, but the analysis found 2 group\\(s\\): A, B"):
        _report(dataset, analysis, positions, thresholds, group_names={"C": "Third"})
