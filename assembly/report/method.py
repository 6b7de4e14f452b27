"""The method section's words: how groups are formed, the rules and thresholds, the eligibility rule.

Written for curators, not statisticians. The numbers in the text come from the analysis' own constants
and the thresholds it ran with, so the words cannot drift from what was computed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from assembly.analysis.eligibility import MIN_GROUP, MIN_VOTES
from assembly.report.wording import share_text

__all__ = ["eligibility_rule", "explain_method", "threshold_rules", "thresholds_as_dict"]

# pol.is's cap on the number of opinion groups (docs/explanation/polis-math.md §2.6), kept by both methods.
MAX_GROUPS = 5
# How pol.is and Assembly pick representative statements: one-sided z test at 90%
# (docs/explanation/polis-math.md §2.8).
REPRESENTATIVE_CONFIDENCE = "90%"


def thresholds_as_dict(thresholds: object) -> dict[str, object]:
    """The thresholds the categories used, as a plain dict (a dataclass or a mapping is accepted)."""
    if thresholds is None:
        return {}
    if dataclasses.is_dataclass(thresholds) and not isinstance(thresholds, type):
        return dataclasses.asdict(thresholds)
    if isinstance(thresholds, Mapping):
        return dict(thresholds)
    raise TypeError(f"thresholds must be a dataclass or a mapping, not {type(thresholds).__name__}")


def threshold_rules(thresholds: Mapping[str, object]) -> list[tuple[str, str]]:
    """One plain sentence per threshold, in a fixed order; unknown fields are listed as name = value."""
    t = thresholds
    confidence = share_text(t.get("confidence", 0.95))
    interval = str(t.get("interval", ""))
    interval = {"wilson": "Wilson score interval", "jeffreys": "Jeffreys interval"}.get(interval, interval)
    known: dict[str, tuple[str, Callable[[object], str]]] = {
        "consensus": (
            "Consensus",
            lambda v: f"at least {share_text(v)} of all votes on the statement agree.",
        ),
        "majority_disagree": (
            "Majority-disagree",
            lambda v: f"at least {share_text(v)} of all votes disagree.",
        ),
        "friction": (
            "Friction",
            lambda v: (
                f"the agree shares of two opinion groups differ by at least {share_text(v)[:-1]} percentage "
                f"points, and the difference is statistically significant at the {confidence} level."
            ),
        ),
        "min_group_votes": (
            "Friction, smallest groups",
            lambda v: f"each of the two groups must have cast at least {v} votes on the statement.",
        ),
        "uncertainty": ("Uncertainty", lambda v: f"at least {share_text(v)} of all votes are passes."),
        "confidence": (
            "Inconclusive",
            lambda v: (
                "a statement whose share meets a threshold is placed in that category only when its "
                f"{confidence} interval lies entirely on the same side of the threshold; otherwise it is "
                "listed as inconclusive."
            ),
        ),
        "interval": (
            "Intervals",
            lambda v: f"{interval} for shares; Newcombe's method for differences of shares.",
        ),
    }
    rules = [(name, sentence(t[key])) for key, (name, sentence) in known.items() if key in t]
    rules += [(k, f"{k} = {t[k]}") for k in sorted(t) if k not in known]
    return rules


def eligibility_rule() -> str:
    """Who is placed in an opinion group (pol.is ``in-conv``)."""
    return (
        f"A participant is placed in an opinion group once they have voted on at least {MIN_VOTES} "
        f"statements (or on every statement, when fewer than {MIN_VOTES} have votes). While fewer than "
        f"{MIN_GROUP} participants qualify, the most active voters are added until there are {MIN_GROUP}. "
        "Passes count as votes here. Once placed, a participant stays placed."
    )


def explain_method(method: str, seed: int) -> list[str]:
    """Plain-language paragraphs on how the results were computed, for curators."""
    how_groups = {
        "polis": (
            "Groups are formed exactly as pol.is forms them: participants are first gathered into up to 100 "
            "small clusters of people who voted alike, and these clusters are then joined into 2 to "
            f"{MAX_GROUPS} groups; the number of groups is the one whose groups are most clearly separated "
            "(the silhouette score). Pol.is's procedure depends on the order in which participants appear, "
            "so the same votes in another order can give slightly different groups."
        ),
        "stable": (
            "Groups are formed with the same statistics as pol.is (small clusters of people who voted alike, "
            f"joined into 2 to {MAX_GROUPS} groups, the number chosen by how clearly the groups are "
            "separated), "
            "but in a way that does not depend on the order of the data: the procedure is restarted several "
            f"times from starting points drawn with the random seed {seed}, and the best result is kept. "
            "The same votes and seed always give the same groups."
        ),
    }.get(method, f"Groups were formed with the method {method!r} and the random seed {seed}.")
    return [
        "Every participant's latest vote on each statement counts: agree, disagree or pass. Shares are "
        "printed the way the 2025 Alignment Assembly paper printed them: each share is out of all votes on "
        "the statement, passes included, rounded on its own, so the three may not add up to 100%.",
        "To find opinion groups, the votes are turned into a map. Each participant is a point; participants "
        "who voted alike end up close together. The map keeps the two directions along which the votes "
        "differ most (principal component analysis), which is what the opinion map shows. Missing votes do "
        "not pull participants towards the centre: their position is scaled by how many statements they "
        "voted on.",
        how_groups,
        "Representative statements are the ones on which a group voted most differently from everyone else: "
        "pol.is's rule, a statistical test at the " + REPRESENTATIVE_CONFIDENCE + " level, picks up to five "
        "per group. Rejected and meta statements take no part in the groups or the categories.",
        "The categories (consensus, majority-disagree, friction, uncertainty) use the thresholds below. "
        "Small numbers of votes make shares uncertain, so each share comes with an interval: the range "
        "in which the share of the whole community plausibly lies. When that range crosses a threshold, "
        "the statement is marked inconclusive instead of being placed in the category.",
    ]
