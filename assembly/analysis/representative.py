"""Representative statements: what sets each opinion group apart from the others.

For every group and statement, pol.is compares how the group voted with how everyone in the
*other* groups voted, and keeps up to five statements per group that the group agrees (or
disagrees) with clearly more than the rest. This module reproduces pol.is exactly, quirks included,
so that results can be checked against pol.is's own output (docs/explanation/polis-math.md §2.8, §2.9).

Pol.is equivalent: ``conv-repness`` and ``select-rep-comments`` (``repness.clj``), ``prop-test`` and
``two-prop-test`` (``stats.clj``), at compdemocracy/polis 08e03eb1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.intervals import two_proportion_z
from assembly.analysis.tallies import Tallies, check_columns

__all__ = [
    "MAX_REPRESENTATIVE",
    "SIGNIFICANT_Z",
    "Direction",
    "RepresentativeStatement",
    "StatementStats",
    "select_representative_statements",
    "statement_stats",
]

Direction = Literal["agree", "disagree"]

SIGNIFICANT_Z = 1.2816
"""One-sided z for 90% confidence: pol.is's only significance level (``z-sig-90?``, stats.clj)."""

MAX_REPRESENTATIVE = 5
"""Statements kept per group (pol.is ``select-rep-comments`` takes 5; the number has no derivation)."""

Float = NDArray[np.float64]
Int = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class StatementStats:
    """pol.is's smoothed statistics for each (group, statement), all arrays of shape (G, S).

    Attributes
    ----------
    n_agree, n_disagree, n_seen : int64 arrays
        The group's counts (pol.is ``na``, ``nd``, ``ns``; ``n_seen`` includes passes).
    p_agree, p_disagree : float64 arrays
        (count + 1) / (n_seen + 2): the shares under a uniform Beta(1, 1) prior (``pa``, ``pd``).
    z_agree, z_disagree : float64 arrays
        One-proportion z for "share > 1/2" with +1 on both counts:
        2 sqrt(n_seen + 1) ((count + 1) / (n_seen + 1) - 1/2) (``pat``, ``pdt``).
    rest_agree, rest_disagree, rest_seen : int64 arrays
        The same counts summed over every *other* group.
    ratio_agree, ratio_disagree : float64 arrays
        p_agree / ((rest_agree + 1) / (rest_seen + 2)): how many times likelier the group is to
        agree than the rest (``ra``, ``rd``).
    z_ratio_agree, z_ratio_disagree : float64 arrays
        Two-proportion z of group vs rest, with +1 on all four counts (``rat``, ``rdt``).
    """

    n_agree: Int
    n_disagree: Int
    n_seen: Int
    p_agree: Float
    p_disagree: Float
    z_agree: Float
    z_disagree: Float
    rest_agree: Int
    rest_disagree: Int
    rest_seen: Int
    ratio_agree: Float
    ratio_disagree: Float
    z_ratio_agree: Float
    z_ratio_disagree: Float


@dataclass(frozen=True)
class RepresentativeStatement:
    """One statement that represents a group, with the numbers behind the choice.

    Attributes
    ----------
    column : int
        The statement's column in the vote matrix.
    statement_id : int
        Its id.
    direction : {"agree", "disagree"}
        Whether the group stands out by agreeing or by disagreeing (pol.is ``repful-for``).
    n_success, n_trials : int
        Members who voted that way, and members who voted at all (passes included).
    p_success : float
        (n_success + 1) / (n_trials + 2).
    p_test : float
        z for "p_success > 1/2".
    repness : float
        How many times likelier the group is to vote this way than the other groups.
    repness_test : float
        z of the group-vs-rest comparison, rounded to float32 exactly as pol.is does
        (``float(np.float32(z))``; print it with ``str(np.float32(v))`` to get pol.is's text).
    best_agree : bool
        True for the statement pol.is puts first as the group's best agreement.
    n_agree : int or None
        Members who agreed, given only for the best-agree entry (as pol.is does).
    """

    column: int
    statement_id: int
    direction: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False
    n_agree: int | None = None


def _share_z(successes: Int, trials: Int) -> Float:
    """pol.is ``prop-test``: 2 sqrt(n + 1) ((s + 1) / (n + 1) - 1/2), in pol.is's operation order."""
    n = (trials + 1).astype(np.float64)
    return (2.0 * np.sqrt(n)) * ((successes + 1) / n - 0.5)


def _ratio(successes: Int, trials: Int, rest_successes: Int, rest_trials: Int) -> Float:
    """((s + 1)/(n + 2)) / ((r + 1)/(m + 2)) as one exact-integer division, as pol.is's rationals."""
    numerator = (successes + 1) * (rest_trials + 2)
    denominator = (trials + 2) * (rest_successes + 1)
    return (numerator / denominator).astype(np.float64)


def statement_stats(group_tallies: Tallies) -> StatementStats:
    """Compute pol.is's per-group statement statistics (docs/explanation/polis-math.md §2.8).

    Parameters
    ----------
    group_tallies : Tallies
        Counts per group (shape (G, S)); the "rest" of a group is the sum of the other rows.

    Returns
    -------
    StatementStats
        Arrays of shape (G, S).

    Pol.is equivalent: ``comment-stats`` and ``add-comparitive-stats`` (``repness.clj``).
    """
    na, nd, ns = group_tallies.agree, group_tallies.disagree, group_tallies.seen
    total = group_tallies.total()
    ra_n, rd_n, rs_n = total.agree - na, total.disagree - nd, total.seen - ns
    return StatementStats(
        n_agree=na,
        n_disagree=nd,
        n_seen=ns,
        p_agree=((na + 1) / (ns + 2)).astype(np.float64),
        p_disagree=((nd + 1) / (ns + 2)).astype(np.float64),
        z_agree=_share_z(na, ns),
        z_disagree=_share_z(nd, ns),
        rest_agree=ra_n,
        rest_disagree=rd_n,
        rest_seen=rs_n,
        ratio_agree=_ratio(na, ns, ra_n, rs_n),
        ratio_disagree=_ratio(nd, ns, rd_n, rs_n),
        z_ratio_agree=two_proportion_z(na + 1, ns + 1, ra_n + 1, rs_n + 1),
        z_ratio_disagree=two_proportion_z(nd + 1, ns + 1, rd_n + 1, rs_n + 1),
    )


@dataclass(frozen=True)
class _Cell:
    """One group's statistics on one statement, as Python numbers (inputs already validated)."""

    column: int
    na: int
    nd: int
    ns: int
    pa: float
    pd: float
    pat: float
    pdt: float
    ra: float
    rd: float
    rat: float
    rdt: float
    ra_above_one: bool  # exact: (na + 1)(rest_seen + 2) > (ns + 2)(rest_agree + 1)
    pa_above_half: bool  # exact: 2 (na + 1) > ns + 2

    @property
    def sufficient(self) -> bool:
        """pol.is ``passes-by-test?``: significant for the group and against the rest, either way."""
        return (self.rat > SIGNIFICANT_Z and self.pat > SIGNIFICANT_Z) or (
            self.rdt > SIGNIFICANT_Z and self.pdt > SIGNIFICANT_Z
        )

    def beats_best_agree(self, champion: _Cell | None) -> bool:
        """pol.is ``beats-best-agr?``: the running best-agree rule
        (docs/explanation/polis-math.md §2.9, step 4)."""
        if self.na == 0 and self.nd == 0:
            return False
        if champion is not None and champion.ra_above_one:
            mine = self.ra * self.rat * self.pa * self.pat
            return mine > champion.ra * champion.rat * champion.pa * champion.pat
        if champion is not None:
            return self.pa * self.pat > champion.pa * champion.pat
        return self.pat > SIGNIFICANT_Z or (self.ra_above_one and self.pa_above_half)

    def finalise(self, statement_id: int) -> RepresentativeStatement:
        """pol.is ``finalize-cmt-stats``: keep the direction with the larger group-vs-rest z."""
        agree = self.rat > self.rdt  # ties go to "disagree", as in pol.is
        direction: Direction = "agree" if agree else "disagree"
        return RepresentativeStatement(
            column=self.column,
            statement_id=statement_id,
            direction=direction,
            n_success=self.na if agree else self.nd,
            n_trials=self.ns,
            p_success=self.pa if agree else self.pd,
            p_test=self.pat if agree else self.pdt,
            repness=self.ra if agree else self.rd,
            repness_test=float(np.float32(self.rat if agree else self.rdt)),
        )


def _metric(entry: RepresentativeStatement) -> float:
    """pol.is ``repness-metric``: repness * repness_test * p_success * p_test."""
    return entry.repness * entry.repness_test * entry.p_success * entry.p_test


def _select_for_group(
    cells: list[_Cell], statement_ids: list[int], max_per_group: int
) -> list[RepresentativeStatement]:
    """Walk one group's statements in column order (inputs already validated)."""
    sufficient: list[RepresentativeStatement] = []
    best: RepresentativeStatement | None = None
    champion: _Cell | None = None
    for cell in cells:
        if cell.sufficient:
            sufficient.append(cell.finalise(statement_ids[cell.column]))
        # pol.is compares with the float32-rounded z of the current fallback.
        if not sufficient and (best is None or max(cell.rat, cell.rdt) > best.repness_test):
            best = cell.finalise(statement_ids[cell.column])
        if cell.beats_best_agree(champion):
            champion = cell
    best_agree = None
    if champion is not None:
        entry = champion.finalise(statement_ids[champion.column])
        best_agree = replace(entry, best_agree=True, n_agree=champion.na)
    if not sufficient:
        return [best_agree] if best_agree is not None else ([best] if best is not None else [])
    rest = [e for e in sufficient if best_agree is None or e.column != best_agree.column]
    ranked = sorted(rest, key=lambda e: -_metric(e))  # stable: ties keep column order
    chosen = ([best_agree] if best_agree is not None else []) + ranked
    chosen = chosen[:max_per_group]
    return [e for e in chosen if e.direction == "agree"] + [e for e in chosen if e.direction == "disagree"]


def select_representative_statements(
    group_tallies: Tallies,
    *,
    statement_ids: NDArray[np.int64],
    excluded: NDArray[np.bool_],
    max_per_group: int = MAX_REPRESENTATIVE,
) -> list[list[RepresentativeStatement]]:
    """Pick each group's representative statements, exactly as pol.is does.

    For each group, statements are walked in column order, skipping excluded ones:

    1. Each statement gets one direction: "agree" when the group-vs-rest z for agreeing is larger
       than for disagreeing, else "disagree".
    2. It is *sufficient* when, in one direction, both the group's own z (share > 1/2) and the
       group-vs-rest z exceed 1.2816 (one-sided 90%).
    3. Until a sufficient statement has been seen, the statement with the largest group-vs-rest z
       is kept as a fallback (a challenger's z is compared with the fallback's z rounded to
       float32, as pol.is does).
    4. A running "best agree" champion: statements nobody agreed or disagreed with are skipped;
       while the champion is likelier to be agreed with in the group than in the rest
       (ratio > 1), a challenger must beat ratio * z_ratio * p * z; otherwise p * z; the first
       champion needs z > 1.2816, or ratio > 1 with p > 1/2.
    5. Output: with no sufficient statement, [best agree] or else [fallback] or else nothing.
       Otherwise best agree first, then the other sufficient statements by
       repness * repness_test * p_success * p_test (descending, ties in column order); the first
       ``max_per_group`` are kept and agrees are moved before disagrees.

    Parameters
    ----------
    group_tallies : Tallies
        Counts of the clustered participants, one row per group (shape (G, S)).
    statement_ids : int64 array of shape (S,)
        The id of each column.
    excluded : bool array of shape (S,)
        Rejected and meta statements: never representative.
    max_per_group : int
        How many statements to keep per group (pol.is: 5).

    Returns
    -------
    list of list of RepresentativeStatement
        One list per group, in group order.

    Pol.is equivalent: ``repness`` in math-pca2 (``select-rep-comments``, ``repness.clj``).
    """
    statement_ids, excluded = check_columns(group_tallies, statement_ids, excluded)
    if max_per_group < 1:
        raise ValueError(f"max_per_group must be >= 1, got {max_per_group}")
    s = statement_stats(group_tallies)
    ra_above = (s.n_agree + 1) * (s.rest_seen + 2) > (s.n_seen + 2) * (s.rest_agree + 1)
    pa_above = 2 * (s.n_agree + 1) > s.n_seen + 2
    ids = statement_ids.tolist()
    kept = np.flatnonzero(~excluded).tolist()
    fields = [
        a.tolist()
        for a in (
            s.n_agree,
            s.n_disagree,
            s.n_seen,
            s.p_agree,
            s.p_disagree,
            s.z_agree,
            s.z_disagree,
            s.ratio_agree,
            s.ratio_disagree,
            s.z_ratio_agree,
            s.z_ratio_disagree,
            ra_above,
            pa_above,
        )
    ]
    result = []
    for g in range(group_tallies.n_groups):
        rows = [f[g] for f in fields]
        cells = [_Cell(j, *(row[j] for row in rows)) for j in kept]
        result.append(_select_for_group(cells, ids, max_per_group))
    return result
