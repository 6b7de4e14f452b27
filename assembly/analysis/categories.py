"""The Alignment Assembly paper's categories, each with an honest statement of how sure we are.

The 2025 Alignment Assembly paper (Europeana and Sound & Vision) sorts statements into *strong
consensus* (60% or more agree), statements most voters reject, *friction* (the opinion groups
split) and *uncertainty* (many voters pass). This module applies those categories to every
statement and, because a share measured on 12 votes is not the same evidence as one measured on
300, says for each category whether the result is **clear** or **inconclusive**: a category is
flagged when its point estimate reaches the threshold, and it is "clear" only when the whole
confidence interval lies on the right side of the threshold.

Pol.is equivalent: none (pol.is's nearest lists are ``consensus`` and the report's "uncertainty";
see :mod:`assembly.analysis.consensus` and :mod:`assembly.analysis.priority`;
docs/explanation/polis-math.md §6 lists where Assembly differs from pol.is).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.intervals import (
    DEFAULT_CONFIDENCE,
    IntervalMethod,
    difference_interval,
    proportion_interval,
)
from assembly.analysis.tallies import Tallies

__all__ = [
    "CATEGORIES",
    "Category",
    "Evidence",
    "Friction",
    "Shares",
    "StatementCategories",
    "Thresholds",
    "classify_statements",
]

Category = Literal["consensus", "majority-disagree", "friction", "uncertainty"]
Evidence = Literal["clear", "inconclusive"]

CATEGORIES: tuple[Category, ...] = ("consensus", "majority-disagree", "friction", "uncertainty")
"""Every category, in the order flags are listed."""

RATIO_SLACK = 1e-12
"""Slack when comparing a share (a ratio of counts) with a threshold, so that e.g. 0.7 - 0.4 counts
as reaching 0.30 despite binary rounding. Distinct ratios of counts below 10^5 differ by far more."""


@dataclass(frozen=True)
class Thresholds:
    """The rules' numbers. Every default says where it comes from.

    Attributes
    ----------
    consensus : float
        Share of votes that must agree: 0.60, the paper's "60% or higher percentage of
        agreement" (also what the pol.is report's "Majority" panel claims to show).
    majority_disagree : float
        Share of votes that must disagree: 0.60, the same rule mirrored; the statements the paper
        shows as rejected have 63-74% disagreement.
    friction : float
        Gap between the agree shares of two opinion groups: 0.30, i.e. 30 percentage points
        (e.g. 65% vs 35%), enough for the two groups to sit on opposite sides of an even split.
        The paper gives no number; this is our default and can be changed.
    uncertainty : float
        Share of votes that are passes: 0.30, the pol.is report's cut for its uncertainty list.
    confidence : float
        Two-sided confidence level of every interval: 95%, the usual convention. Friction also
        requires the groups' difference to be significant at this level.
    interval : {"wilson", "jeffreys"}
        Interval for a share: Wilson's score interval by default (good coverage for small counts
        and shares near 0% or 100%; the group difference uses Newcombe's interval built on it).
    min_group_votes : int
        Votes each of two groups must have cast on a statement for their friction to count as
        clear: 5. Below that one participant moves a group's share by more than 20 points, and the
        95% interval of an even split is wider than 0.5 (0.24-0.76 at 5 votes, 0.15-0.85 at 4).
    """

    consensus: float = 0.60
    majority_disagree: float = 0.60
    friction: float = 0.30
    uncertainty: float = 0.30
    confidence: float = DEFAULT_CONFIDENCE
    interval: IntervalMethod = "wilson"
    min_group_votes: int = 5

    def __post_init__(self) -> None:
        for name in ("consensus", "majority_disagree", "friction", "uncertainty"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"Thresholds.{name} must be in (0, 1], got {value!r}")
        if not 0.0 < self.confidence < 1.0:
            raise ValueError(f"Thresholds.confidence must be in (0, 1), got {self.confidence!r}")
        if self.interval not in ("wilson", "jeffreys"):
            raise ValueError(f"Thresholds.interval must be 'wilson' or 'jeffreys', got {self.interval!r}")
        if self.min_group_votes < 1:
            raise ValueError(f"Thresholds.min_group_votes must be >= 1, got {self.min_group_votes!r}")


@dataclass(frozen=True)
class Shares:
    """How one set of voters (everyone, or one opinion group) voted on one statement.

    Shares are of all votes cast, passes included, as the paper prints them
    ("91% agree, 3% disagree, 5% pass"). With no votes, shares are NaN and intervals (0, 1).
    """

    n_votes: int
    n_agree: int
    n_disagree: int
    n_pass: int
    agree_share: float
    disagree_share: float
    pass_share: float
    agree_interval: tuple[float, float]
    disagree_interval: tuple[float, float]
    pass_interval: tuple[float, float]


@dataclass(frozen=True)
class Friction:
    """The two opinion groups whose agreement with a statement differs most convincingly.

    Attributes
    ----------
    higher_group, lower_group : int
        Group indices: the group that agrees more, and the one that agrees less.
    difference : float
        Agree share of ``higher_group`` minus that of ``lower_group`` (>= 0).
    interval : (float, float)
        Confidence interval of the difference (Newcombe's hybrid score interval).
    """

    higher_group: int
    lower_group: int
    difference: float
    interval: tuple[float, float]


@dataclass(frozen=True, eq=False)
class StatementCategories:
    """The categories of one statement, with the numbers behind them.

    Attributes
    ----------
    column : int
        The statement's column in the vote matrix.
    excluded : bool
        Rejected or meta: shares are given but no category is flagged.
    overall : Shares
        Every participant's latest vote.
    groups : tuple of Shares
        The same for each opinion group, in group order.
    friction : Friction or None
        The most convincing pair of groups (see :func:`classify_statements`); None with fewer
        than two groups that voted on the statement.
    flags : dict
        Category -> "clear" or "inconclusive", for every category the statement falls in.
    """

    column: int
    excluded: bool
    overall: Shares
    groups: tuple[Shares, ...]
    friction: Friction | None
    flags: dict[Category, Evidence]


Float = NDArray[np.float64]


def _shares(tallies: Tallies, thresholds: Thresholds) -> list[list[Shares]]:
    """Shares and intervals of every (row, statement) of ``tallies`` (inputs already validated)."""
    n, a, d, p = tallies.seen, tallies.agree, tallies.disagree, tallies.passes
    with np.errstate(invalid="ignore", divide="ignore"):
        share = {k: np.where(n > 0, c / n, np.nan) for k, c in (("a", a), ("d", d), ("p", p))}
    bounds = {
        k: proportion_interval(c, n, confidence=thresholds.confidence, method=thresholds.interval)
        for k, c in (("a", a), ("d", d), ("p", p))
    }

    def cell(g: int, j: int) -> Shares:
        return Shares(
            n_votes=int(n[g, j]),
            n_agree=int(a[g, j]),
            n_disagree=int(d[g, j]),
            n_pass=int(p[g, j]),
            agree_share=float(share["a"][g, j]),
            disagree_share=float(share["d"][g, j]),
            pass_share=float(share["p"][g, j]),
            agree_interval=(float(bounds["a"][0][g, j]), float(bounds["a"][1][g, j])),
            disagree_interval=(float(bounds["d"][0][g, j]), float(bounds["d"][1][g, j])),
            pass_interval=(float(bounds["p"][0][g, j]), float(bounds["p"][1][g, j])),
        )

    return [[cell(g, j) for j in range(tallies.n_statements)] for g in range(tallies.n_groups)]


def _reaches(value: float, threshold: float) -> bool:
    return value >= threshold - RATIO_SLACK


def _share_flag(share: float, interval: tuple[float, float], threshold: float) -> Evidence | None:
    """Flag a share that reaches ``threshold``: clear when its whole interval does."""
    if np.isnan(share) or not _reaches(share, threshold):
        return None
    return "clear" if _reaches(interval[0], threshold) else "inconclusive"


@dataclass(frozen=True, eq=False)
class _PairEvidence:
    """Friction evidence of every pair of groups on every statement (arrays of shape (n_pairs, S))."""

    pairs: list[tuple[int, int]]  # (g1, g2) with g1 < g2
    difference: Float  # agree share of g1 minus that of g2
    lower: Float  # interval of that difference
    upper: Float
    smaller_n: NDArray[np.int64]  # votes of the group with fewer votes
    both_voted: NDArray[np.bool_]


def _pair_evidence(tallies: Tallies, thresholds: Thresholds) -> _PairEvidence:
    """Vectorised over statements (inputs already validated)."""
    pairs = [(g1, g2) for g1 in range(tallies.n_groups) for g2 in range(g1 + 1, tallies.n_groups)]
    first = np.array([p[0] for p in pairs], dtype=np.int64)
    second = np.array([p[1] for p in pairs], dtype=np.int64)
    a, n = tallies.agree, tallies.seen
    lower, upper = difference_interval(
        a[first],
        n[first],
        a[second],
        n[second],
        confidence=thresholds.confidence,
        method=thresholds.interval,
    )
    safe = np.maximum(n, 1)
    return _PairEvidence(
        pairs=pairs,
        difference=(a[first] / safe[first] - a[second] / safe[second]).astype(np.float64),
        lower=lower,
        upper=upper,
        smaller_n=np.minimum(n[first], n[second]),
        both_voted=(n[first] > 0) & (n[second] > 0),
    )


def _friction(
    evidence: _PairEvidence, j: int, thresholds: Thresholds
) -> tuple[Friction | None, Evidence | None]:
    """The most convincing pair of groups on statement ``j``, and its friction evidence."""
    best: tuple[tuple[int, float], Friction, Evidence | None] | None = None
    for k, (g1, g2) in enumerate(evidence.pairs):
        if not evidence.both_voted[k, j]:
            continue
        d, low, high = (
            float(evidence.difference[k, j]),
            float(evidence.lower[k, j]),
            float(evidence.upper[k, j]),
        )
        if d < 0:  # orient towards the group that agrees more; Newcombe's interval is antisymmetric
            g1, g2, d, low, high = g2, g1, -d, -high, -low
        found: Evidence | None = None
        if _reaches(d, thresholds.friction) and low > 0:
            large = int(evidence.smaller_n[k, j]) >= thresholds.min_group_votes
            found = "clear" if large and _reaches(low, thresholds.friction) else "inconclusive"
        rank = ({"clear": 2, "inconclusive": 1, None: 0}[found], d)
        if best is None or rank > best[0]:
            best = (rank, Friction(g1, g2, d, (low, high)), found)
    if best is None:
        return None, None
    return best[1], best[2]


def classify_statements(
    overall_tallies: Tallies,
    group_tallies: Tallies,
    *,
    excluded: NDArray[np.bool_],
    thresholds: Thresholds | None = None,
) -> list[StatementCategories]:
    """Sort every statement into the paper's categories, saying how sure each placement is.

    The rules, with the default thresholds (see :class:`Thresholds`):

    - **Consensus**: at least 60% of all votes on the statement agree.
    - **Majority disagree**: at least 60% of all votes disagree.
    - **Uncertainty**: at least 30% of all votes are passes.
    - **Friction**: the agree shares of two opinion groups differ by at least 30 percentage
      points, and the difference is statistically significant (its 95% interval excludes 0).

    Shares count every participant's latest vote, passes included, as the paper prints them
    ("91% agree, 3% disagree, 5% pass"); group shares count the members of each opinion group.
    A statement can fall in several categories (for example consensus and friction).

    Each category found is **clear** when the 95% confidence interval of the share lies entirely
    at or above the threshold, and **inconclusive** when the interval straddles it (the statement
    reaches the threshold, but with these few votes it could plausibly fall short). For friction,
    the result is clear only when the interval of the difference lies entirely at or above 30
    points and both groups cast at least 5 votes on the statement; otherwise it is inconclusive.
    When several pairs of groups qualify, the pair reported is the one with the strongest evidence
    (clear before inconclusive), and among those the largest difference; when no pair qualifies,
    the pair with the largest difference is still reported, without a flag. Rejected and meta
    statements are never flagged.

    Parameters
    ----------
    overall_tallies : Tallies
        One row: every participant's latest vote.
    group_tallies : Tallies
        One row per opinion group (shape (G, S)); G may be 0 or 1, then there is no friction.
    excluded : bool array of shape (S,)
        Rejected and meta statements.
    thresholds : Thresholds, optional
        The rules' numbers; default :class:`Thresholds()`.

    Returns
    -------
    list of StatementCategories
        One per statement column, in column order.

    Pol.is equivalent: none; see the module docstring.
    """
    thresholds = Thresholds() if thresholds is None else thresholds
    if overall_tallies.n_groups != 1:
        raise ValueError(f"overall_tallies must have exactly one row, got {overall_tallies.n_groups}")
    n = overall_tallies.n_statements
    if group_tallies.n_statements != n:
        raise ValueError(
            f"group_tallies has {group_tallies.n_statements} statement columns, overall_tallies has {n}"
        )
    excluded = np.asarray(excluded, dtype=bool)
    if excluded.shape != (n,):
        raise ValueError(f"excluded has shape {excluded.shape}, expected one entry per statement ({n},)")
    overall = _shares(overall_tallies, thresholds)[0]
    by_group = _shares(group_tallies, thresholds)
    pair_evidence = _pair_evidence(group_tallies, thresholds)
    result = []
    for j in range(n):
        everyone = overall[j]
        groups = [row[j] for row in by_group]
        friction, friction_evidence = _friction(pair_evidence, j, thresholds)
        found: dict[Category, Evidence | None] = {
            "consensus": _share_flag(everyone.agree_share, everyone.agree_interval, thresholds.consensus),
            "majority-disagree": _share_flag(
                everyone.disagree_share, everyone.disagree_interval, thresholds.majority_disagree
            ),
            "friction": friction_evidence,
            "uncertainty": _share_flag(everyone.pass_share, everyone.pass_interval, thresholds.uncertainty),
        }
        flags: dict[Category, Evidence] = {}
        if not excluded[j]:
            flags = {c: e for c in CATEGORIES if (e := found[c]) is not None}
        result.append(
            StatementCategories(
                column=j,
                excluded=bool(excluded[j]),
                overall=everyone,
                groups=tuple(groups),
                friction=friction,
                flags=flags,
            )
        )
    return result
