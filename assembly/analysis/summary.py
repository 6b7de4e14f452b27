"""A plain-text summary of the analysis document, as ``assembly analyze`` prints it."""

from __future__ import annotations

from collections import Counter

from assembly.analysis.document import AnalysisDocument, VoteCounts
from assembly.analysis.vocabulary import CATEGORIES, Category, category_heading, group_letter, rounded_percent

__all__ = ["format_shares", "format_structure", "format_summary", "stability_band"]

# Hennig (2007)'s reading of a group's mean bootstrap Jaccard: lower bound of each band, highest first.
STABILITY_BANDS: tuple[tuple[float, str], ...] = (
    (0.85, "highly stable"),
    (0.75, "stable"),
    (0.5, "doubtful"),
    (0.0, "dissolves"),
)


def format_shares(counts: VoteCounts) -> str:
    """The paper's notation: "(91% agree, 3% disagree, 5% pass)", shares of all votes on the statement."""
    return f"({counts.agree_pct}% agree, {counts.disagree_pct}% disagree, {counts.pass_pct}% pass)"


def stability_band(stability: float) -> str:
    """Hennig's band for a group's stability figure: "highly stable" (0.85 or more), "stable" (0.75),
    "doubtful" (above 0.5) or "dissolves" (0.5 or less: the group is not found again on resampling)."""
    for lower, band in STABILITY_BANDS:
        if stability > lower or (lower > 0.5 and stability == lower):
            return band
    return STABILITY_BANDS[-1][1]


def format_structure(doc: AnalysisDocument) -> str:
    """One sentence on where the groups come from: given, or the structure test's verdict and evidence."""
    if doc.groups_given:
        return "Groups given to the analysis (pol.is's published groups), not formed by it."
    test = doc.structure
    if test is None:
        return (
            "Groups formed by pol.is's method; no structure test (the polis method always forms 2 or more)."
        )
    lead, nulls, p = f"{test.observed:.1f}", test.nulls, f"{test.p_value:.2f}"
    if test.distinct_groups:
        return (
            f"Structure test: the votes hold distinct opinion groups (leading eigenvalue {lead} beats "
            f"all {nulls} permuted nulls, largest {test.null_max:.1f}; p = {p})."
        )
    return (
        f"Structure test: no distinct opinion groups (leading eigenvalue {lead} reached by a permuted "
        f"null after {nulls}; p = {p}): the votes show no more structure than the same margins "
        "without association, so everyone is reported as one group."
    )


def _shorten(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _groups(doc: AnalysisDocument) -> list[str]:
    """The groups with their sizes, stability and three most representative statements."""
    lines = [f"Opinion groups: {len(doc.groups)}", f"  {format_structure(doc)}"]
    for i, g in enumerate(doc.groups):
        band = "" if g.stability is None else stability_band(g.stability)
        stable = "" if g.stability is None else f", stability {g.stability:.2f}: {band}"
        share = rounded_percent(g.size, doc.placed)
        lines.append(f"  Group {group_letter(i)}: {g.size} participants ({share}% of those placed{stable})")
        for r in doc.repness.get(g.id, ())[:3]:
            rep = doc.statement(r.statement)
            if rep is not None:
                lines.append(f"    {r.direction:>8}  #{rep.id} {_shorten(rep.text, 80)}")
    return lines


def _category(doc: AnalysisDocument, category: Category, per_category: int) -> list[str]:
    """The category's heading and its best-supported statements."""
    members = [s for s in doc.statements if category in s.flags]
    members.sort(key=lambda s: (-s.counts.votes, s.id))
    lines = ["", f"{category_heading(category, doc.thresholds)}: {len(members)}"]
    for s in members[:per_category]:
        mark = " [inconclusive]" if s.flags[category] == "inconclusive" else ""
        lines.append(f"  #{s.id} {_shorten(s.text)}")
        lines.append(f"      {format_shares(s.counts)}, {s.counts.votes} votes{mark}")
    if len(members) > per_category:
        lines.append(f"  ... and {len(members) - per_category} more (--json lists them all)")
    return lines


def format_summary(doc: AnalysisDocument, *, name: str = "", per_category: int = 10) -> str:
    """The readable summary: counts, groups with sizes, statements by category.

    Each category lists its ``per_category`` best-supported statements (most votes first) and counts the rest.
    """
    n_votes = sum(s.counts.votes for s in doc.statements)
    moderation = Counter(s.moderation.value for s in doc.statements)
    lines = [f"Analysis of {name}" if name else "Analysis", ""]
    lines.append(f"Participants who voted: {doc.participants}")
    lines.append(f"Placed in opinion groups: {len(doc.in_conv)}")
    lines.append(f"Votes (latest per participant and statement): {n_votes}")
    lines.append(
        "Statements: " + ", ".join(f"{moderation.get(k, 0)} {k}" for k in ("accepted", "pending", "rejected"))
    )
    lines.append(f"Method: {doc.method}, seed {doc.seed}, Assembly {doc.version}")
    lines.append("")
    lines += _groups(doc)
    for category in CATEGORIES:
        lines += _category(doc, category, per_category)
    lines.append("")
    return "\n".join(lines)
