"""The Alignment Assembly paper's categories, each with an honest statement of how sure we are.

The 2025 Alignment Assembly paper (Europeana and Sound & Vision) sorts statements into *strong
consensus* (60% or more agree), statements most voters reject, *friction* (the opinion groups
split) and *uncertainty* (many voters pass). This module applies those categories to every
statement and, because a share measured on 12 votes is not the same evidence as one measured on
300, says for each category whether the result is **clear** or **inconclusive**: a category is
flagged when its point estimate reaches the threshold, and it is "clear" only when the whole
confidence interval lies on the right side of the threshold. Friction, which compares groups fitted
to the same votes over many statements and pairs, is clear when the groups are shown to differ
(tested with groups refitted without the statement, the false discovery rate controlled) and the gap
measured reaches the threshold (:func:`classify_statements`).

Pol.is equivalent: none (pol.is's nearest lists are ``consensus`` and the report's "uncertainty";
see :mod:`assembly.analysis.consensus` and :mod:`assembly.analysis.priority`;
docs/explanation/polis-math.md §6 lists where Assembly differs from pol.is).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.intervals import DEFAULT_CONFIDENCE, IntervalMethod, proportion_interval
from assembly.analysis.tallies import Tallies
from assembly.analysis.vocabulary import CATEGORIES, Category, Evidence

__all__ = [
    "Friction",
    "Shares",
    "StatementCategories",
    "Thresholds",
    "benjamini_hochberg",
    "classify_statements",
    "net_support",
]


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
        Gap between two opinion groups' support for a statement: 0.30. Support is measured on all
        three answers, as half of (agree - disagree) / votes, so that with no passes the gap is the
        gap between agree shares (65% vs 35% agree is 30 points), and passing counts as neutral,
        half-way between agreeing and disagreeing: 80% agree / 20% pass against 40% agree / 60%
        pass, nobody disagreeing, is a 20-point gap, and 10/80/10 against 10/10/80
        (agree/disagree/pass) a 35-point one. The paper gives no number;
        this is our default and can be changed.
    uncertainty : float
        Share of votes that are passes: 0.30, the pol.is report's cut for its uncertainty list.
    confidence : float
        Two-sided confidence level of every share's interval: 95%, the usual convention. For
        friction, ``1 - confidence`` (5%) is the false discovery rate controlled across statements
        (see :func:`classify_statements`).
    interval : {"wilson", "jeffreys"}
        Interval for a share: Wilson's score interval by default (good coverage for small counts
        and shares near 0% or 100%). Friction's interval is a normal one on the support gap (see
        :class:`Friction`).
    min_group_votes : int
        Votes each of two groups must have cast on a statement for the pair to be tested for
        friction: 5. Below that one participant moves a group's share by more than 20 points, and the
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
    """The pair of opinion groups tested for friction on a statement (see :func:`classify_statements`).

    Every figure is measured with the groups refitted without the statement
    (:func:`assembly.analysis.crossfit.cross_fit_tallies`), so it can be smaller than the gap
    between the published groups' shares: that gap is partly made by fitting the groups.

    Attributes
    ----------
    higher_group, lower_group : int
        Group indices: the group that supports the statement more, and the one that supports it less.
    difference : float
        Half the gap between the groups' net support, (agree - disagree) / votes (>= 0; see
        :attr:`Thresholds.friction`).
    interval : (float, float)
        Two-sided interval of the difference, adjusted for the pairs and statements tested
        (Benjamini & Yekutieli's false coverage rate): how large the gap may be, not the test.
    p_value : float or None
        Two-sided test of "the groups' support does not differ" (gap = 0), Bonferroni-adjusted
        over the pairs of groups tested; None when no pair has enough votes.
    q_value : float or None
        ``p_value`` adjusted by Benjamini-Hochberg across the statements tested; None when the
        statement is not tested (too few votes, or rejected or meta).
    """

    higher_group: int
    lower_group: int
    difference: float
    interval: tuple[float, float]
    p_value: float | None = None
    q_value: float | None = None


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
Counts = NDArray[np.int64]


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


def net_support(tallies: Tallies) -> Float:
    """(agree - disagree) / votes of every (row, statement), 0 where nobody voted: a pass counts as
    neutral, half-way between agreeing and disagreeing, as the map codes it (agree +1, pass 0)."""
    return (tallies.agree - tallies.disagree) / np.maximum(tallies.seen, 1).astype(np.float64)


def _vote_variance(agree: Counts, disagree: Counts, seen: Counts) -> Float:
    """Variance of one vote coded +1 / 0 / -1, from shares smoothed by one pseudo-vote of each kind
    (so that a group that voted unanimously still has a non-zero standard error)."""
    total = seen + 3.0
    pa, pd = (agree + 1.0) / total, (disagree + 1.0) / total
    return np.asarray(pa + pd - (pa - pd) ** 2, dtype=np.float64)


def _normal_sf(z: Float) -> Float:
    """Upper tail of the standard normal (the standard library's erfc: no scipy.stats import)."""
    return np.asarray(np.vectorize(lambda v: 0.5 * math.erfc(v / math.sqrt(2.0)), otypes=[float])(z))


def benjamini_hochberg(p_values: Float) -> Float:
    """Benjamini-Hochberg adjusted p-values (q-values): a hypothesis is rejected at false discovery
    rate q when its adjusted value is <= q (Benjamini & Hochberg 1995)."""
    p = np.asarray(p_values, dtype=np.float64)
    m = len(p)
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


@dataclass(frozen=True, eq=False)
class _FrictionTests:
    """The friction test of every statement (arrays of shape (S,); pair index -1 when untested)."""

    pairs: list[tuple[int, int]]  # (g1, g2) with g1 < g2
    pair: NDArray[np.int64]  # the reported pair (see _friction_tests)
    difference: Float  # half the net-support gap of that pair, signed (g1 minus g2)
    std_error: Float
    p_value: Float  # two-sided, Bonferroni over the pairs with enough votes; NaN when no pair has them
    q_value: Float  # Benjamini-Hochberg over the tested statements; NaN when untested
    level: Float  # two-sided error level of the reported interval


def _friction_tests(tallies: Tallies, excluded: NDArray[np.bool_], thresholds: Thresholds) -> _FrictionTests:
    """Test every statement for friction, with the multiplicity of pairs and of statements accounted
    for (inputs already validated).

    The reported pair is the one with the smallest p-value among the pairs with enough votes whose gap
    reaches the threshold, or among all pairs with enough votes when none reaches it; with no such pair,
    the one with the largest gap (untested). The statement's p-value is that pair's times the number of
    pairs with enough votes: at least the Bonferroni minimum over all of them, so still a valid p-value
    for "no pair differs", whichever pairs the threshold leaves."""
    pairs = [(g1, g2) for g1 in range(tallies.n_groups) for g2 in range(g1 + 1, tallies.n_groups)]
    n_statements = tallies.n_statements
    if not pairs:
        empty, untested = np.full(n_statements, np.nan), np.full(n_statements, -1)
        return _FrictionTests(pairs, untested, empty, empty, empty, empty, np.ones(n_statements))
    first = np.array([p[0] for p in pairs])
    second = np.array([p[1] for p in pairs])
    support, n = net_support(tallies), tallies.seen
    variance = _vote_variance(tallies.agree, tallies.disagree, n)
    size_first, size_second = np.maximum(n[first], 1), np.maximum(n[second], 1)
    gap = (support[first] - support[second]) / 2.0  # (pairs, S)
    std_error = np.sqrt(variance[first] / size_first + variance[second] / size_second) / 2.0
    # The test of "gap = 0" takes the variance that hypothesis implies: both groups' votes pooled (the
    # score test, as for two proportions). Each group's own variance, right for the interval, makes a
    # small group that voted nearly as one look far more certain than it is: on random votes it gave
    # p <= 0.001 to 0.36% of statements, the pooled one to 0.09%.
    pooled = _vote_variance(
        tallies.agree[first] + tallies.agree[second],
        tallies.disagree[first] + tallies.disagree[second],
        n[first] + n[second],
    )
    null_error = np.sqrt(pooled * (1.0 / size_first + 1.0 / size_second)) / 2.0
    both_voted = (n[first] > 0) & (n[second] > 0)
    enough = np.minimum(n[first], n[second]) >= thresholds.min_group_votes
    large = enough & (np.abs(gap) >= thresholds.friction - RATIO_SLACK)
    candidate = np.where(large.any(axis=0), large, enough)
    two_sided = np.where(candidate, np.minimum(1.0, 2.0 * _normal_sf(np.abs(gap) / null_error)), np.inf)
    n_enough = enough.sum(axis=0)
    p_value = np.where(n_enough > 0, np.minimum(1.0, two_sided.min(axis=0) * np.maximum(n_enough, 1)), np.nan)
    by_gap = np.where(both_voted, np.abs(gap), -1.0)
    pair = np.where(n_enough > 0, two_sided.argmin(axis=0), by_gap.argmax(axis=0))
    pair = np.where(both_voted.any(axis=0), pair, -1)
    tested = (n_enough > 0) & ~excluded
    q_value = np.full(n_statements, np.nan)
    q_value[tested] = benjamini_hochberg(p_value[tested])
    alpha = 1.0 - thresholds.confidence
    discoveries = int((q_value[tested] <= alpha).sum())
    # Benjamini & Yekutieli (2005): intervals at level 1 - R alpha / m cover at the false coverage rate
    # alpha among the selected; divided among the pairs as the p-values are (Bonferroni). The interval
    # is built on each group's own variance (it describes the size, not the hypothesis "gap = 0").
    n_pairs = np.maximum(n_enough, 1)
    level = alpha * max(discoveries, 1) / max(int(tested.sum()), 1)
    columns = np.arange(n_statements)
    safe = np.maximum(pair, 0)
    return _FrictionTests(
        pairs=pairs,
        pair=pair,
        difference=gap[safe, columns],
        std_error=std_error[safe, columns],
        p_value=p_value,
        q_value=q_value,
        level=np.asarray(level / n_pairs, dtype=np.float64),
    )


def _friction(
    tests: _FrictionTests, j: int, thresholds: Thresholds
) -> tuple[Friction | None, Evidence | None]:
    """Statement ``j``'s reported pair of groups, and its friction evidence."""
    k = int(tests.pair[j])
    if k < 0:
        return None, None
    g1, g2 = tests.pairs[k]
    d, se = float(tests.difference[j]), float(tests.std_error[j])
    if d < 0:  # orient towards the group that supports the statement more
        g1, g2, d = g2, g1, -d
    p, q = float(tests.p_value[j]), float(tests.q_value[j])
    z = NormalDist().inv_cdf(1.0 - float(tests.level[j]) / 2.0)
    low, high = max(-1.0, d - z * se), min(1.0, d + z * se)
    found: Evidence | None = None
    if _reaches(d, thresholds.friction):
        differ = not math.isnan(q) and q <= 1.0 - thresholds.confidence
        found = "clear" if differ else "inconclusive"
    friction = Friction(
        higher_group=g1,
        lower_group=g2,
        difference=d,
        interval=(low, high),
        p_value=None if math.isnan(p) else p,
        q_value=None if math.isnan(q) else q,
    )
    return friction, found


def classify_statements(
    overall_tallies: Tallies,
    group_tallies: Tallies,
    *,
    excluded: NDArray[np.bool_],
    thresholds: Thresholds | None = None,
    friction_tallies: Tallies | None = None,
) -> list[StatementCategories]:
    """Sort every statement into the paper's categories, saying how sure each placement is.

    The rules, with the default thresholds (see :class:`Thresholds`):

    - **Consensus**: at least 60% of all votes on the statement agree.
    - **Majority disagree**: at least 60% of all votes disagree.
    - **Uncertainty**: at least 30% of all votes are passes.
    - **Friction**: two opinion groups' support for the statement differs by at least 30 points,
      support being half of (agree - disagree) / votes, which uses all three answers (see
      :attr:`Thresholds.friction`).

    Shares count every participant's latest vote, passes included, as the paper prints them
    ("91% agree, 3% disagree, 5% pass"); group shares count the members of each opinion group.
    A statement can fall in several categories (for example consensus and friction).

    Each category found is **clear** when the 95% confidence interval of the share lies entirely
    at or above the threshold, and **inconclusive** when the interval straddles it (the statement
    reaches the threshold, but with these few votes it could plausibly fall short). These three
    categories describe each statement's own share against a fixed threshold, nothing is selected
    from the data, and they are not adjusted across statements: a statement whose true share is below
    the threshold is flagged clear at most about 2.5% of the time (one side of a 95% interval), and
    far less often when it is well below.

    Friction is tested so that it survives selection and multiplicity:

    - *Selection*: the groups were fitted to the same votes, which makes chance splits look real.
      ``friction_tallies`` should count each statement with groups refitted without it
      (:func:`assembly.analysis.crossfit.cross_fit_tallies`); every friction figure uses them.
    - *Pairs*: each pair of groups in which both cast at least ``min_group_votes`` votes is tested
      for "the groups' support differs" (two-sided z test of gap = 0, standard error from both
      groups' votes pooled, as the hypothesis implies); the statement's p-value is the reported
      pair's, times the number of pairs tested (Bonferroni), which removes the best-of-pairs
      selection.
    - *Statements*: Benjamini-Hochberg across the statements tested, at false discovery rate
      ``1 - confidence`` (5%).

    Friction is **clear** when the test says the groups differ (q-value at most 5%) *and* the
    measured gap reaches the threshold: significant and large, the usual form of a claim of a
    difference that matters. It is **inconclusive** when the gap reaches the threshold but the
    groups are not shown to differ (or no pair has enough votes to be tested); otherwise there is
    no friction. The interval printed is the false-coverage-adjusted one (Benjamini & Yekutieli),
    so a reader sees how uncertain the size is; it may reach below the threshold on a clear flag.

    The pair reported is the one with the smallest p-value among the pairs whose gap reaches the
    threshold (among all tested pairs when none does), so that a large difference is not hidden
    behind a smaller but more significant one; when no pair has enough votes, the one with the
    largest gap (then without a test). Rejected and meta statements are never flagged nor counted
    among the statements tested.

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
    friction_tallies : Tallies, optional
        Group counts the friction test uses, shape (G, S) like ``group_tallies``; default
        ``group_tallies`` itself, which is valid only for groups that were not fitted to these
        votes.

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
    friction_tallies = group_tallies if friction_tallies is None else friction_tallies
    if friction_tallies.agree.shape != group_tallies.agree.shape:
        raise ValueError(
            f"friction_tallies has shape {friction_tallies.agree.shape}, "
            f"group_tallies has {group_tallies.agree.shape}"
        )
    overall = _shares(overall_tallies, thresholds)[0]
    by_group = _shares(group_tallies, thresholds)
    friction_tests = _friction_tests(friction_tallies, excluded, thresholds)
    result = []
    for j in range(n):
        everyone = overall[j]
        groups = [row[j] for row in by_group]
        friction, friction_evidence = _friction(friction_tests, j, thresholds)
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
