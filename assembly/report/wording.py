"""Sentences both the HTML and the Markdown report print, written once so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assembly.analysis.summary import stability_band
from assembly.report.model import ComputeView, GroupView, Headline, Report

__all__ = [
    "categories_intro",
    "compute_sentence",
    "group_stability_sentence",
    "groups_intro",
    "moderation_summary",
    "more_placed",
    "number",
    "points_text",
    "share_text",
    "structure_sentence",
    "unpublished_note",
]


def number(value: int) -> str:
    """Whole numbers with a thousands separator: 10,242."""
    return f"{int(value):,}"


def share_text(value: object) -> str:
    """A threshold given as a share (0.6) in percent: "60%"."""
    return f"{float(str(value)) * 100:g}%"


def points_text(value: object) -> str:
    """A threshold on a difference of shares (0.3) in percentage points: "30 points"."""
    return f"{float(str(value)) * 100:g} points"


def _plural(n: int, word: str) -> str:
    return f"{number(n)} {word}{'' if n == 1 else 's'}"


def groups_intro(r: Report) -> str:
    h = r.headline
    if not r.groups:
        return "No participant has been placed in an opinion group."
    parts = [f"{g.heading} with {_plural(g.size, 'participant')} ({g.share_pct}%)" for g in r.groups]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    found = (
        f"{number(h.placed)} of the {number(h.participants)} participants voted on enough statements to be "
        f"placed in an opinion group (see Method). The analysis found {_plural(h.groups, 'group')}: {listed}."
    )
    structure = structure_sentence(r.analysis)
    return f"{found} {structure}" if structure else found


def structure_sentence(doc: Mapping[str, Any]) -> str:
    """Where the groups come from, in plain words: given, or what the structure test found (and its p)."""
    if doc.get("group_source") == "given":
        return (
            "These are the groups pol.is published for this conversation, given to the analysis rather "
            "than formed by it."
        )
    test = doc.get("structure")
    if test is None:
        return ""
    if test["distinct_groups"]:
        return (
            "A test confirms that the votes hold opinion groups: they are more strongly patterned than in "
            f"each of {test['nulls']} shuffled copies that keep every statement's votes but break the links "
            f"between statements (p = {test['p_value']:.2f}; see Method)."
        )
    return (
        "The votes show no distinct opinion groups: they are no more patterned than shuffled copies that "
        "keep every statement's votes but break the links between statements "
        f"(p = {test['p_value']:.2f}; see Method), so everyone is reported as one group."
    )


def group_stability_sentence(g: GroupView) -> str:
    """The group's stability figure with its reading, or "" when it was not measured."""
    if g.stability is None:
        return ""
    return (
        f"Stability {g.stability:.2f} ({stability_band(g.stability)}): how well the group is found again "
        "when the participants are resampled (1 = always the same members; 0.75 or more is stable, 0.5 or "
        "less means the group dissolves)."
    )


def categories_intro(r: Report) -> str:
    return (
        "Each statement is printed with its shares of all votes, the way the 2025 Alignment Assembly "
        f"paper printed them, its number of votes, and a {r.confidence_label}: the range in which the share "
        "plausibly lies for the whole community. When the evidence is too thin to be sure a statement meets "
        "a rule, it is listed as inconclusive instead of being placed."
    )


def moderation_summary(h: Headline) -> str:
    return (
        f"{number(h.statements_submitted)} statements were submitted: {number(h.accepted)} accepted, "
        f"{number(h.rejected)} rejected and {number(h.pending)} not moderated. "
        f"{number(h.statements_published)} were published for voting (accepted statements, and statements "
        "shown before moderation)."
    )


def more_placed(n: int, title: str) -> str:
    """Caption of the table that lists a category's statements beyond the charted ones."""
    return f"{_plural(n, 'more statement')} in “{title}”, strongest first, without a chart"


def unpublished_note(n: int) -> str:
    verb = "was" if n == 1 else "were"
    return f"{_plural(n, 'submitted statement')} in this theme {verb} not published"


def compute_sentence(c: ComputeView) -> str:
    return (
        f"The analysis used {c.cpu_seconds_bound}; the whole process peaked at {c.peak_memory_bound} of "
        f"memory. That is an estimated {c.energy_bound} of electricity and {c.carbon_bound}. The figures are "
        "upper bounds, so that a rerun gives the same report; the exact measurement is in compute.json."
    )
