"""The small-numbers rule (assembly.disclosure): what a publication may show of an analysis document.

Documents are written by hand from the contract (docs/reference/analysis-json.md), so each case says
exactly which cell is small; tests/web/test_disclosure_pages.py and tests/report/test_disclosure_report.py
run the same rule on real analyses.
"""

from __future__ import annotations

import json

import pytest

from assembly.disclosure import INTERNAL, MIN_CELL, PUBLIC, Rule, disclose, public_document, shown_placed


def statement(sid: int, total: tuple[int, int, int], groups: dict[int, tuple[int, int, int]]) -> dict:
    """A statement entry with overall (agree, disagree, pass) counts and per-group counts."""
    a, d, p = total
    return {
        "id": sid,
        "text": f"Statement {sid}",
        "moderation": "accepted",
        "is_meta": False,
        "agree": a,
        "disagree": d,
        "pass": p,
        "groups": {str(g): {"agree": c[0], "disagree": c[1], "pass": c[2]} for g, c in groups.items()},
        "group_aware_consensus": 0.5,
        "flags": {"friction": "clear"},
        "intervals": {
            "agree": [0.1, 0.9],
            "groups": {str(g): {"agree": [0.1, 0.9]} for g in groups},
            "friction": {"groups": sorted(groups)[:2], "difference": 0.5, "interval": [0.2, 0.8]},
        },
    }


def document(participants: int, sizes: list[int], statements: list[dict]) -> dict:
    """Groups of the given sizes, members numbered from 0 in group order."""
    groups, first = [], 0
    for gid, size in enumerate(sizes):
        groups.append({"id": gid, "members": list(range(first, first + size))})
        first += size
    return {
        "participants": participants,
        "in_conv": list(range(first)),
        "groups": groups,
        "statements": statements,
        "repness": {
            str(g["id"]): [{"statement": s["id"], "direction": "agree", "n_success": 1, "n_trials": 1}]
            for g in groups
            for s in statements[:1]
        },
        "consensus": {"agree": [{"statement": s["id"]} for s in statements], "disagree": []},
        "pca": {
            "center": [0.5 for s in statements],
            "components": [[0.1 for s in statements], [0.2 for s in statements]],
            "statement_ids": [s["id"] for s in statements],
        },
        "priorities": {str(s["id"]): 1.0 for s in statements},
        "method": "stable",
        "seed": 0,
        "version": "test",
    }


def no_vote_figure(doc: dict) -> bool:
    return all(s["agree"] == s["disagree"] == s["pass"] == 0 and not s["groups"] for s in doc["statements"])


@pytest.mark.parametrize("participants", [1, 4, 19])
def test_below_the_minimum_no_vote_figure_is_published(participants):
    """Check that with 1, 4 or 19 voters (the default minimum is 20) every statement's counts, the
    groups, the representative statements, consensus and priorities are withheld, and the reason says
    how many voted and how many are needed."""
    one = statement(0, (participants, 0, 0), {0: (participants, 0, 0)})
    doc, withheld = disclose(document(participants, [participants], [one]), PUBLIC)
    assert no_vote_figure(doc) and doc["statements"][0]["withheld"] is True
    assert doc["groups"] == [] and doc["repness"] == {} and doc["priorities"] == {}
    assert doc["consensus"] == {"agree": [], "disagree": []}
    assert doc["pca"] == {"center": [], "components": [[], []], "statement_ids": []}  # the one voter's votes
    assert withheld.everything and withheld.hidden_members == frozenset(range(participants))
    assert f"{participants} participant(s) voted, fewer than the 20" in withheld.sentences()[0]
    assert shown_placed(document(participants, [participants], [one])) == 0


def test_from_the_minimum_on_results_are_published():
    """Check that 20 voters in two groups of 10 who all voted on a statement get every figure shown."""
    one = statement(0, (10, 10, 0), {0: (10, 0, 0), 1: (0, 10, 0)})
    source = document(20, [10, 10], [one])
    doc, withheld = disclose(source, PUBLIC)
    assert doc == source and not withheld.anything
    assert shown_placed(source) == 20


def test_the_minimum_is_the_consultations_own():
    """Check that a consultation requiring 30 withholds the results of 20, and that no one can set a
    minimum below the small-cell threshold."""
    _, withheld = disclose(document(20, [10, 10], []), Rule(min_participants=30))
    assert withheld.everything
    with pytest.raises(ValueError, match="cannot be below the small-cell threshold"):
        Rule(min_participants=MIN_CELL - 1)


def test_a_group_of_three_is_withheld_whole():
    """Check that a group of 3 among 25 voters loses its size, its members, its counts on every statement,
    its representative statements and the friction measured against it; the other groups keep theirs where
    the 3 cannot be recovered by subtraction (5 voters outside any group also voted on #0); on #1 only the
    groups voted, so the total minus the two other groups would be the 3: the smaller of them (8) is
    withheld too."""
    mixed = statement(0, (17, 8, 0), {0: (9, 0, 0), 1: (0, 8, 0), 2: (3, 0, 0)})
    exact = statement(1, (12, 8, 0), {0: (9, 0, 0), 1: (0, 8, 0), 2: (3, 0, 0)})
    source = document(25, [9, 8, 3], [mixed, exact])
    doc, withheld = disclose(source, PUBLIC)
    assert [g["id"] for g in doc["groups"]] == [0, 1]
    first, second = doc["statements"]
    assert set(first["groups"]) == {"0", "1"} and set(first["intervals"]["groups"]) == {"0", "1"}
    assert set(second["groups"]) == {"0"} and second["withheld_groups"] == [1]
    assert set(doc["repness"]) == {"0", "1"}
    assert first["group_aware_consensus"] is None  # a product over all three groups
    assert (withheld.groups, withheld.hidden_members) == (1, frozenset({17, 18, 19}))
    assert doc["in_conv"] == list(range(17))
    assert shown_placed(source) == 17  # the page's "in opinion groups" does not give 3 away by subtraction
    assert "1 opinion group(s) of fewer than 5 participants are not shown" in withheld.sentences()[0]


def test_a_statement_fewer_than_five_voted_on_is_withheld():
    """Check that a statement 4 people voted on (among 20) loses its counts, groups, flags and intervals
    and leaves the consensus and priority lists, while a statement 5 voted on keeps its counts."""
    four = statement(0, (4, 0, 0), {})
    five = statement(1, (5, 0, 0), {})
    doc, withheld = disclose(document(20, [10, 10], [four, five]), PUBLIC)
    hidden, shown = doc["statements"]
    assert hidden["withheld"] and (hidden["agree"], hidden["flags"], hidden["intervals"]) == (0, {}, {})
    assert shown["agree"] == 5 and "withheld" not in shown
    assert [r["statement"] for r in doc["consensus"]["agree"]] == [1] and "0" not in doc["priorities"]
    assert doc["pca"] == {"center": [0.5], "components": [[0.1], [0.2]], "statement_ids": [1]}
    assert withheld.statements == (0,)


def test_a_group_cell_under_five_is_withheld_and_cannot_be_recovered_by_subtraction():
    """Check that group 1's 2 votes on a statement are withheld, and since the total (12) minus the shown
    group (10) would give them back, group 0's figure on that statement is withheld too; on a statement
    where the remainder is 5 or more, only the small cell goes; with three groups, only the smallest
    other group's figure goes with the small one."""
    recoverable = statement(0, (10, 2, 0), {0: (10, 0, 0), 1: (0, 2, 0)})
    safe = statement(1, (10, 7, 0), {0: (10, 0, 0), 1: (0, 2, 0)})  # 5 voters placed in no group
    doc, withheld = disclose(document(25, [10, 10], [recoverable, safe]), PUBLIC)
    first, second = doc["statements"]
    assert first["groups"] == {} and first["withheld_groups"] == [0, 1] and first["agree"] == 10
    assert set(second["groups"]) == {"0"} and second["withheld_groups"] == [1]
    assert first["intervals"]["friction"] is None and "friction" not in first["flags"]
    assert doc["repness"]["0"] == [] and doc["repness"]["1"] == []
    assert withheld.group_cells == 3
    three = statement(0, (12, 10, 2), {0: (12, 0, 0), 1: (0, 10, 0), 2: (0, 0, 2)})
    doc, _ = disclose(document(24, [12, 10, 2 + 3], [three]), PUBLIC)
    assert set(doc["statements"][0]["groups"]) == {"0"} and doc["statements"][0]["withheld_groups"] == [1, 2]
    for entry in doc["statements"]:  # what a reader can compute is never 1 to 4 voters
        remainder = entry["agree"] + entry["disagree"] + entry["pass"]
        remainder -= sum(sum(c.values()) for c in entry["groups"].values())
        assert not 0 < remainder < MIN_CELL


def test_an_internal_rule_shows_everything_and_says_so():
    """Check that the lifted rule returns the document unchanged and its notice forbids publication."""
    source = document(1, [1], [statement(0, (1, 0, 0), {0: (1, 0, 0)})])
    doc, withheld = disclose(source, INTERNAL)
    assert doc == source and doc is not source
    assert "Do not publish this report" in withheld.sentences()[0]


def test_the_public_document_lists_no_participant_number():
    """Check that the public form gives group sizes and the eligible count instead of participant numbers."""
    doc, _ = disclose(
        document(20, [10, 10], [statement(0, (10, 10, 0), {0: (10, 0, 0), 1: (0, 10, 0)})]), PUBLIC
    )
    public = public_document(doc)
    assert public["groups"] == [{"id": 0, "size": 10}, {"id": 1, "size": 10}] and public["in_conv"] == 20
    assert "members" not in json.dumps(public)


def test_disclose_does_not_change_its_input():
    """Check that the stored document stays whole: staff views and later runs read it."""
    source = document(20, [17, 3], [statement(0, (4, 0, 0), {0: (4, 0, 0)})])
    before = json.dumps(source, sort_keys=True)
    disclose(source, PUBLIC)
    assert json.dumps(source, sort_keys=True) == before
