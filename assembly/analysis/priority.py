"""Which statement to show next.

- :func:`statement_priorities`: pol.is's routing weight per statement (docs/explanation/polis-math.md §2.12).
- :func:`pick_next_statement`: the weighted random draw the web platform uses to route.

Statements that leave voters unsure are the uncertainty category (:mod:`assembly.analysis.categories`,
``Thresholds.uncertainty``), not pol.is's report list, which is not ported.

Pol.is equivalent: ``comment-priorities`` (``conversation.clj``) and ``getNextPrioritizedComment``
(server), at compdemocracy/polis 08e03eb1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from assembly.analysis.tallies import Tallies

__all__ = [
    "META_PRIORITY",
    "NOVELTY_BOOST",
    "NOVELTY_HALF_LIFE",
    "UNKNOWN_PRIORITY",
    "pick_next_statement",
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
