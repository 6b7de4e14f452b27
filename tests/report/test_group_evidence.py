"""The report publishes the structure test and each group's stability figure (issue 12, items 1 and 3).

Both the HTML and the Markdown report: a reader sees whether the votes hold groups at all (with the
test's p-value), and how far each group can be trusted.
"""

from __future__ import annotations

import numpy as np

from assembly.dataset import Dataset, Participant, Statement
from assembly.report.source import render_report, report_from_dataset
from tests.analysis.test_structure import planted_votes, random_votes


def _dataset(votes) -> Dataset:  # type: ignore[no-untyped-def]
    statements = [Statement(id=int(s), text=f"Statement {int(s)}") for s in np.unique(votes.statement_ids)]
    people = [Participant(id=int(p)) for p in np.unique(votes.participant_ids)]
    return Dataset(statements=statements, votes=votes, participants=people, name="generated")


def _texts(votes) -> tuple[float, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The structure test's p-value, and the HTML and Markdown reports."""
    report, _ = report_from_dataset(_dataset(votes), measure_compute=False)
    files = render_report(report, ("html", "md"))
    p_value = float(report.analysis.structure.p_value)
    return p_value, (files["report.html"].decode(), files["report.md"].decode())


def test_random_votes_are_reported_as_one_group_with_the_tests_evidence() -> None:
    """Check that random votes give a report saying there are no distinct groups, with the p-value,
    and printing no stability figure (there is nothing to tell apart)."""
    p_value, texts = _texts(random_votes(np.random.default_rng(12), 150, 30, 1.0))
    assert p_value > 0.05
    for text in texts:
        assert "The votes show no distinct opinion groups" in text
        assert "The analysis found 1 group:" in text
        assert f"(p = {p_value:.2f}; see Method), so everyone is reported as one group" in text
        assert "Stability " not in text


def test_planted_groups_are_reported_with_the_test_and_a_stability_figure_each() -> None:
    """Check that planted groups give a report confirming the structure (p = 0.05) and printing each
    group's stability figure with its reading."""
    log, _, _ = planted_votes(np.random.default_rng(7))
    p_value, texts = _texts(log)
    assert p_value == 0.05
    for text in texts:
        assert "A test confirms that the votes hold opinion groups" in text and "p = 0.05" in text
        assert text.count("(highly stable): how well the group is found again") == 2
