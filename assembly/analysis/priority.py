"""Which statement to show next, and which statements leave voters unsure.

- :func:`statement_priorities`: pol.is's routing weight per statement (docs/explanation/polis-math.md §2.12).
- :func:`pick_next_statement`: the weighted random draw the web platform uses to route.
- :func:`select_uncertain_statements`: the report's "uncertainty" list (§2.13).

Pol.is equivalent: ``comment-priorities`` (``conversation.clj``), ``getNextPrioritizedComment``
(server) and the client-report's uncertainty list, at compdemocracy/polis 08e03eb1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from assembly.analysis.tallies import Tallies, check_columns

__all__ = [
    "MAX_UNCERTAIN",
    "META_PRIORITY",
    "NOVELTY_BOOST",
    "NOVELTY_HALF_LIFE",
    "UNCERTAIN_PASS_SHARE",
    "UNKNOWN_PRIORITY",
    "UncertainStatement",
    "pick_next_statement",
    "select_uncertain_statements",
    "statement_priorities",
]

META_PRIORITY = 49.0
"""Fixed weight of meta statements: pol.is routes them with priority 7^2 (``conversation.clj``)."""

NOVELTY_BOOST = 8.0
"""pol.is's novelty factor is 1 + 8 * 2^(-votes / 5): a statement with no votes is boosted 9-fold."""

NOVELTY_HALF_LIFE = 5.0
"""Votes after which the novelty boost halves (pol.is ``priority-metric``)."""

UNKNOWN_PRIORITY = 1.0
"""Weight of a statement that has no priority yet (no votes): pol.is's server uses 1."""

UNCERTAIN_PASS_SHARE = 0.3
"""Pass share above which the pol.is report lists a statement as uncertain (client-report)."""

MAX_UNCERTAIN = 5
"""Length of the pol.is report's uncertainty list."""


def statement_priorities(
    group_tallies: Tallies, extremity: ArrayLike, *, is_meta: ArrayLike
) -> NDArray[np.float64]:
    """Compute pol.is's routing weight of every statement.

    With A agrees, P passes and S votes of the clustered participants (all groups together) and
    E the statement's extremity (how far an agree-only voter lands from the centre of the
    opinion map):

    importance = (1 - (P + 1)/(S + 2)) * (E + 1) * (A + 1)/(S + 2)
    priority = (importance * (1 + 8 * 2^(-S/5)))^2

    so statements that are agreed with, rarely passed, polarising, or still new are shown more.
    Meta statements always get 49.

    Parameters
    ----------
    group_tallies : Tallies
        Counts of the clustered participants, one row per group (shape (G, S)). pol.is uses the
        *previous* update's group counts (docs/explanation/polis-math.md §2.12); pass those to reproduce it.
    extremity : array_like of shape (S,)
        Length of each statement's projection (pol.is ``comment-extremity``).
    is_meta : array_like of bool, shape (S,)
        Meta statements.

    Returns
    -------
    float64 array of shape (S,)

    Pol.is equivalent: ``comment-priorities`` (``importance-metric`` and ``priority-metric``).
    """
    n = group_tallies.n_statements
    extremity = np.asarray(extremity, dtype=np.float64)
    meta = np.asarray(is_meta, dtype=bool)
    for name, array in (("extremity", extremity), ("is_meta", meta)):
        if array.shape != (n,):
            raise ValueError(f"{name} has shape {array.shape}, expected one entry per statement ({n},)")
    if not np.isfinite(extremity).all() or (extremity < 0).any():
        raise ValueError("extremity must be finite and >= 0")
    total = group_tallies.total()
    agree, seen, passes = total.agree[0], total.seen[0], total.passes[0]
    importance = (1.0 - (passes + 1) / (seen + 2)) * (extremity + 1.0) * ((agree + 1) / (seen + 2))
    novelty = 1.0 + NOVELTY_BOOST * 2.0 ** (-seen / NOVELTY_HALF_LIFE)
    priority = (importance * novelty) ** 2
    return np.where(meta, META_PRIORITY, priority).astype(np.float64)


def pick_next_statement(
    priorities: Mapping[int, float], candidates: Sequence[int], rng: np.random.Generator
) -> int | None:
    """Draw the next statement to show, with probability proportional to its priority.

    Parameters
    ----------
    priorities : mapping of statement id to float
        Weights from :func:`statement_priorities`. A candidate missing here (a statement nobody
        has voted on yet) weighs 1, as in pol.is.
    candidates : sequence of int
        Statement ids the participant may be shown: visible under the moderation rules and not
        yet voted on by them. Order matters only for reproducibility with a seeded ``rng``.
    rng : numpy.random.Generator
        Source of randomness; seed it for reproducible routing.

    Returns
    -------
    int or None
        The chosen statement id; ``None`` when there is no candidate. When every candidate
        weighs 0, the draw is uniform (pol.is would then pick arbitrarily).

    Pol.is equivalent: ``getNextPrioritizedComment`` (server).
    """
    if len(candidates) == 0:
        return None
    weights = np.array([priorities.get(c, UNKNOWN_PRIORITY) for c in candidates], dtype=np.float64)
    if not np.isfinite(weights).all() or (weights < 0).any():
        bad = next(c for c, w in zip(candidates, weights, strict=True) if not (np.isfinite(w) and w >= 0))
        raise ValueError(
            f"priority of statement {bad} is {priorities.get(bad)!r}; it must be finite and >= 0"
        )
    total = weights.sum()
    probabilities = weights / total if total > 0 else None
    return int(candidates[int(rng.choice(len(candidates), p=probabilities))])


@dataclass(frozen=True)
class UncertainStatement:
    """A statement many voters passed on.

    Attributes
    ----------
    column, statement_id : int
        Its column in the vote matrix, and its id.
    n_pass, n_votes : int
        Passes, and votes of any kind.
    pass_share : float
        n_pass / n_votes.
    """

    column: int
    statement_id: int
    n_pass: int
    n_votes: int
    pass_share: float


def select_uncertain_statements(
    overall_tallies: Tallies,
    *,
    statement_ids: NDArray[np.int64],
    excluded: NDArray[np.bool_],
    max_count: int = MAX_UNCERTAIN,
) -> list[UncertainStatement]:
    """List the statements voters most often passed on.

    A statement is uncertain when more than 30% of its votes are passes; the list is ranked by
    pass_share^2 * passes (so a high share on many votes comes first; ties keep column order) and
    cut to ``max_count``. Excluded statements never appear.

    Parameters
    ----------
    overall_tallies : Tallies
        Counts with one row: every participant's latest vote.
    statement_ids : int64 array of shape (S,)
        The id of each column.
    excluded : bool array of shape (S,)
        Rejected and meta statements.
    max_count : int
        List length (pol.is report: 5).

    Returns
    -------
    list of UncertainStatement
        Most uncertain first.

    Pol.is equivalent: the client-report's "uncertainty" list.
    """
    if overall_tallies.n_groups != 1:
        raise ValueError(f"overall_tallies must have exactly one row, got {overall_tallies.n_groups}")
    if max_count < 1:
        raise ValueError(f"max_count must be >= 1, got {max_count}")
    statement_ids, excluded = check_columns(overall_tallies, statement_ids, excluded)
    passes, votes = overall_tallies.passes[0], overall_tallies.seen[0]
    share = passes / np.maximum(votes, 1)
    columns = np.flatnonzero((share > UNCERTAIN_PASS_SHARE) & ~excluded)
    score = share[columns] ** 2 * passes[columns]
    ranked = columns[np.argsort(-score, kind="stable")][:max_count]
    return [
        UncertainStatement(
            column=int(j),
            statement_id=int(statement_ids[j]),
            n_pass=int(passes[j]),
            n_votes=int(votes[j]),
            pass_share=float(share[j]),
        )
        for j in ranked
    ]
