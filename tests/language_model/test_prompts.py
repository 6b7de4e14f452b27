"""Prompts carry only the published figures, say how to cite, and have a stable hash."""

import pytest

from assembly.language_model.prompts import StatementFigures, prompt_for

FIGURES = [
    StatementFigures(3, "Open access to collections", "consensus", 72, 10, 18, 120),
    StatementFigures(8, "Fair pay for creators", None, 55, 30, 15, 98),
]


def test_the_prompt_lists_each_statement_with_its_figures_and_the_citation_rule():
    prompt = prompt_for("theme-summary", FIGURES, topic="Access")
    user = prompt.messages[1]["content"]
    assert "#3: Open access to collections [agree 72%, disagree 10%, pass 18%, 120 votes; consensus]" in user
    assert "(#12, #15)" in prompt.messages[0]["content"]


def test_the_scope_is_exactly_what_the_prompt_printed():
    prompt = prompt_for("takeaways", FIGURES, topic="Q", extra_numbers=(372, 2))
    assert prompt.scope.statements == {3, 8}
    assert prompt.scope.numbers == {72, 10, 18, 120, 55, 30, 15, 98, 372, 2}


def test_the_hash_changes_with_the_data_and_not_otherwise():
    a = prompt_for("theme-summary", FIGURES, topic="Access").sha256
    assert a == prompt_for("theme-summary", FIGURES, topic="Access").sha256
    assert a != prompt_for("theme-summary", FIGURES[:1], topic="Access").sha256
    assert len(a) == 64


def test_unknown_kinds_and_empty_scopes_are_refused():
    with pytest.raises(ValueError, match="unknown draft kind 'poem'"):
        prompt_for("poem", FIGURES, topic="x")
    with pytest.raises(ValueError, match="at least one statement"):
        prompt_for("takeaways", [], topic="x")
