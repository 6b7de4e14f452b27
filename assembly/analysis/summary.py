"""A plain-text summary of the analysis document, as ``assembly analyze`` prints it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["format_shares", "format_structure", "format_summary", "percent", "stability_band"]

# Hennig (2007)'s reading of a group's mean bootstrap Jaccard: lower bound of each band, highest first.
STABILITY_BANDS: tuple[tuple[float, str], ...] = (
    (0.85, "highly stable"),
    (0.75, "stable"),
    (0.5, "doubtful"),
    (0.0, "dissolves"),
)

# The categories in the order the paper presents them, with the heading printed for each.
CATEGORY_HEADINGS: tuple[tuple[str, str], ...] = (
    ("consensus", "Consensus (60% or more agree)"),
    ("majority-disagree", "Majority disagree (60% or more disagree)"),
    ("friction", "Friction (opinion groups differ by 30 points or more)"),
    ("uncertainty", "Uncertainty (30% or more pass)"),
)


def percent(count: int, total: int) -> int:
    """A share of ``total`` as a whole percentage, rounded half up (as the paper prints shares)."""
    if total <= 0:
        return 0
    return (200 * count + total) // (2 * total)


def format_shares(statement: Mapping[str, Any]) -> str:
    """The paper's notation: "(91% agree, 3% disagree, 5% pass)", shares of all votes on the statement."""
    a, d, p = int(statement["agree"]), int(statement["disagree"]), int(statement["pass"])
    n = a + d + p
    return f"({percent(a, n)}% agree, {percent(d, n)}% disagree, {percent(p, n)}% pass)"


def stability_band(stability: float) -> str:
    """Hennig's band for a group's stability figure: "highly stable" (0.85 or more), "stable" (0.75),
    "doubtful" (above 0.5) or "dissolves" (0.5 or less: the group is not found again on resampling)."""
    for lower, band in STABILITY_BANDS:
        if stability > lower or (lower > 0.5 and stability == lower):
            return band
    return STABILITY_BANDS[-1][1]


def format_structure(doc: Mapping[str, Any]) -> str:
    """One sentence on where the groups come from: given, or the structure test's verdict and evidence."""
    if doc.get("group_source") == "given":
        return "Groups given to the analysis (pol.is's published groups), not formed by it."
    test = doc.get("structure")
    if test is None:
        return (
            "Groups formed by pol.is's method; no structure test (the polis method always forms 2 or more)."
        )
    lead, nulls, p = f"{test['observed']:.1f}", test["nulls"], f"{test['p_value']:.2f}"
    if test["distinct_groups"]:
        return (
            f"Structure test: the votes hold distinct opinion groups (leading eigenvalue {lead} beats "
            f"all {nulls} permuted nulls, largest {test['null_max']:.1f}; p = {p})."
        )
    return (
        f"Structure test: no distinct opinion groups (leading eigenvalue {lead} reached by a permuted "
        f"null after {nulls}; p = {p}): the votes show no more structure than the same margins "
        "without association, so everyone is reported as one group."
    )


def _shorten(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_summary(doc: Mapping[str, Any], *, name: str = "", per_category: int = 10) -> str:
    """The readable summary: counts, groups with sizes, statements by category.

    Each category lists its ``per_category`` best-supported statements (most votes first) and counts the rest.
    """
    statements: Sequence[Mapping[str, Any]] = doc["statements"]
    by_id = {s["id"]: s for s in statements}
    n_votes = sum(int(s["agree"]) + int(s["disagree"]) + int(s["pass"]) for s in statements)
    moderation: dict[str, int] = {}
    for s in statements:
        moderation[s["moderation"]] = moderation.get(s["moderation"], 0) + 1
    lines = [f"Analysis of {name}" if name else "Analysis", ""]
    lines.append(f"Participants who voted: {doc['participants']}")
    lines.append(f"Placed in opinion groups: {len(doc['in_conv'])}")
    lines.append(f"Votes (latest per participant and statement): {n_votes}")
    lines.append(
        "Statements: " + ", ".join(f"{moderation.get(k, 0)} {k}" for k in ("accepted", "pending", "rejected"))
    )
    lines.append(f"Method: {doc['method']}, seed {doc['seed']}, Assembly {doc['version']}")
    lines.append("")
    placed = sum(len(g["members"]) for g in doc["groups"])
    lines.append(f"Opinion groups: {len(doc['groups'])}")
    lines.append(f"  {format_structure(doc)}")
    for g in doc["groups"]:
        size = len(g["members"])
        label = chr(ord("A") + g["id"]) if g["id"] < 26 else str(g["id"])
        stability = g.get("stability")
        stable = "" if stability is None else f", stability {stability:.2f}: {stability_band(stability)}"
        lines.append(
            f"  Group {label}: {size} participants ({percent(size, placed)}% of those placed{stable})"
        )
        for r in doc["repness"].get(str(g["id"]), [])[:3]:
            rep = by_id.get(r["statement"])
            if rep is not None:
                lines.append(f"    {r['direction']:>8}  #{rep['id']} {_shorten(rep['text'], 80)}")
    for category, heading in CATEGORY_HEADINGS:
        members = [s for s in statements if category in s["flags"]]
        members.sort(key=lambda s: (-(int(s["agree"]) + int(s["disagree"]) + int(s["pass"])), s["id"]))
        lines.append("")
        lines.append(f"{heading}: {len(members)}")
        for s in members[:per_category]:
            mark = " [inconclusive]" if s["flags"][category] == "inconclusive" else ""
            votes = int(s["agree"]) + int(s["disagree"]) + int(s["pass"])
            lines.append(f"  #{s['id']} {_shorten(s['text'])}")
            lines.append(f"      {format_shares(s)}, {votes} votes{mark}")
        if len(members) > per_category:
            lines.append(f"  ... and {len(members) - per_category} more (--json lists them all)")
    lines.append("")
    return "\n".join(lines)
