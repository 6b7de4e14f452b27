"""Consensus: statements that most participants agree (or disagree) with.

Two pol.is measures live here:

- :func:`find_consensus`: statements that a clear majority of *all* voters agree with, or
  disagree with (docs/explanation/polis-math.md §2.10). The pol.is report calls these "Majority".
- :func:`group_aware_consensus`: how likely it is that every opinion group agrees with a
  statement, estimated as a product over groups (§2.11). The pol.is report ranks statements by it.

Pol.is equivalent: ``consensus-stats`` / ``select-consensus-comments`` (``repness.clj``) and
``group-aware-consensus`` (``conversation.clj``), at compdemocracy/polis 08e03eb1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.representative import SIGNIFICANT_Z, statement_stats
from assembly.analysis.tallies import Tallies, check_columns

__all__ = [
    "MAX_CONSENSUS",
    "Consensus",
    "ConsensusStatement",
    "find_consensus",
    "group_aware_consensus",
]

MAX_CONSENSUS = 5
"""Statements kept per direction (pol.is ``select-consensus-comments`` takes the top 5)."""


@dataclass(frozen=True)
class ConsensusStatement:
    """A statement most voters agree (or disagree) with.

    Attributes
    ----------
    column, statement_id : int
        Its column in the vote matrix, and its id.
    n_success, n_trials : int
        Voters who agreed (disagreed), and voters who voted at all (passes included).
    p_success : float
        (n_success + 1) / (n_trials + 2).
    p_test : float
        z for "p_success > 1/2": 2 sqrt(n_trials + 1) ((n_success + 1) / (n_trials + 1) - 1/2).
    """

    column: int
    statement_id: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class Consensus:
    """The statements most voters agree with, and those most voters disagree with, best first."""

    agree: tuple[ConsensusStatement, ...] = field(default=())
    disagree: tuple[ConsensusStatement, ...] = field(default=())


def find_consensus(
    overall_tallies: Tallies,
    *,
    statement_ids: NDArray[np.int64],
    excluded: NDArray[np.bool_],
    max_per_direction: int = MAX_CONSENSUS,
) -> Consensus:
    """List the statements a clear majority of all voters agrees, or disagrees, with.

    A statement is an agreement consensus when its smoothed agree share
    p = (agrees + 1) / (votes + 2) is above 1/2 and the one-sided z for "share > 1/2" exceeds
    1.2816 (90%); they are ranked by p * z, highest first (ties keep column order), and the first
    ``max_per_direction`` are kept. Disagreement likewise. Votes include passes. Excluded
    statements never appear. Note: the pol.is report labels this list "60% or more", but the
    rule above is what pol.is computes.

    Parameters
    ----------
    overall_tallies : Tallies
        Counts with one row: every participant's latest vote (not only the clustered ones).
    statement_ids : int64 array of shape (S,)
        The id of each column.
    excluded : bool array of shape (S,)
        Rejected and meta statements.
    max_per_direction : int
        List length (pol.is: 5).

    Returns
    -------
    Consensus

    Pol.is equivalent: ``consensus`` in math-pca2 (``select-consensus-comments``, ``repness.clj``).
    """
    if overall_tallies.n_groups != 1:
        raise ValueError(f"overall_tallies must have exactly one row, got {overall_tallies.n_groups}")
    if max_per_direction < 1:
        raise ValueError(f"max_per_direction must be >= 1, got {max_per_direction}")
    statement_ids, excluded = check_columns(overall_tallies, statement_ids, excluded)
    s = statement_stats(overall_tallies)
    directions = []
    for count, share, z in ((s.n_agree, s.p_agree, s.z_agree), (s.n_disagree, s.p_disagree, s.z_disagree)):
        # share > 1/2 exactly, on integers: (count + 1) / (seen + 2) > 1/2
        candidate = (2 * (count[0] + 1) > s.n_seen[0] + 2) & (z[0] > SIGNIFICANT_Z) & ~excluded
        columns = np.flatnonzero(candidate)
        metric = share[0, columns] * z[0, columns]
        ranked = columns[np.argsort(-metric, kind="stable")][:max_per_direction]
        directions.append(
            tuple(
                ConsensusStatement(
                    column=int(j),
                    statement_id=int(statement_ids[j]),
                    n_success=int(count[0, j]),
                    n_trials=int(s.n_seen[0, j]),
                    p_success=float(share[0, j]),
                    p_test=float(z[0, j]),
                )
                for j in ranked
            )
        )
    return Consensus(agree=directions[0], disagree=directions[1])


def group_aware_consensus(group_tallies: Tallies) -> NDArray[np.float64]:
    """Estimate, per statement, the chance that every opinion group agrees with it.

    GAC = product over groups g of (agrees_g + 1) / (votes_g + 2), the smoothed agree share of
    each group multiplied together. Votes include passes, so a pass lowers the score exactly like
    a disagreement; and the product shrinks as the number of groups grows, so values are only
    comparable between analyses with the same number of groups (docs/explanation/polis-math.md §2.11, §7).
    Every column gets a value, excluded statements included, as in pol.is.

    Parameters
    ----------
    group_tallies : Tallies
        Counts of the clustered participants, one row per group (shape (G, S)).

    Returns
    -------
    float64 array of shape (S,)
        In (0, 1]; 1.0 for every statement when there are no groups.

    Pol.is equivalent: ``group-aware-consensus`` (``conversation.clj``).
    """
    shares = (group_tallies.agree + 1) / (group_tallies.seen + 2)
    product: NDArray[np.float64] = np.prod(shares, axis=0, dtype=np.float64)
    return product
