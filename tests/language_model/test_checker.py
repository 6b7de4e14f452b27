"""The citation checker accepts only grounded sentences: each cites statements in scope and uses only
the figures the prompt printed."""

from assembly.language_model.checker import Scope, check, citations, sentences

SCOPE = Scope(statements=frozenset({3, 8}), numbers=frozenset({72.0, 10.0, 18.0, 120.0, 80.0}), name="Access")


def codes(text: str) -> list[str]:
    return [p.code for p in check(text, SCOPE).problems]


def test_a_faithful_draft_is_accepted_and_its_citations_are_read():
    verdict = check("Most participants back open access: 72% agree (#3). Fair pay is agreed (#3, #8).", SCOPE)
    assert verdict.accepted
    assert verdict.cited == {3, 8}
    assert len(verdict.sentences) == 2


def test_a_sentence_without_a_citation_is_rejected():
    verdict = check("Open access is popular (#3). Everyone wants it.", SCOPE)
    assert not verdict.accepted
    [problem] = verdict.problems
    assert (problem.index, problem.code, problem.sentence) == (2, "no-citation", "Everyone wants it.")


def test_a_citation_outside_the_scope_is_rejected_naming_the_statement():
    [problem] = check("Pay matters (#9).", SCOPE).problems
    assert problem.code == "out-of-scope"
    assert "statement 9" in problem.detail and "Access" in problem.detail


def test_an_invented_number_is_rejected_but_printed_figures_pass():
    assert codes("75% agree (#3).") == ["unknown-number"]
    assert codes("72% agree, 18% pass (#3).") == []
    assert codes("It had 120 votes (#3).") == []
    assert codes("Three in 4 agree (#3).") == ["unknown-number"]
    assert codes("It got 72,5% (#3).") == ["unknown-number"]


def test_citation_numbers_are_not_taken_for_figures():
    assert codes("Agreed (#8).") == []  # 8 is not a figure, but it is a citation


def test_a_citation_after_the_full_stop_belongs_to_the_sentence_before():
    assert sentences("Open access is popular. (#3)\n- Fair pay too (#8).") == (
        "Open access is popular. (#3)",
        "Fair pay too (#8).",
    )
    assert check("Open access is popular. (#3)", SCOPE).accepted


def test_an_empty_draft_is_rejected():
    assert codes("  \n ") == ["empty"]


def test_citations_in_several_forms():
    assert citations("A (#3, #8) and (#12; 14).") == [3, 8, 12, 14]
