"""A plain-text summary of the analysis document, as ``assembly analyze`` prints it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["format_shares", "format_summary", "percent"]

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
        "Statements: "
        + ", ".join(f"{moderation.get(k, 0)} {k}" for k in ("accepted", "pending", "rejected"))
    )
    lines.append(f"Method: {doc['method']}, seed {doc['seed']}, Assembly {doc['version']}")
    lines.append("")
    placed = sum(len(g["members"]) for g in doc["groups"])
    lines.append(f"Opinion groups: {len(doc['groups'])}")
    for g in doc["groups"]:
        size = len(g["members"])
        label = chr(ord("A") + g["id"]) if g["id"] < 26 else str(g["id"])
        lines.append(f"  Group {label}: {size} participants ({percent(size, placed)}% of those placed)")
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
