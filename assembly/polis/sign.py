"""The vote sign at the pol.is edge: the one place that knows which number means "agree" where.

pol.is's database, its vote API and its math engine store agree = -1 and disagree = +1. The Clojure
exporter that wrote every openData CSV negates them, so in ``votes.csv`` and
``participants-votes.csv`` agree = +1 (docs/explanation/polis-math.md §1, checked in §4.3). Assembly's own
:class:`~assembly.analysis.types.Vote` has agree = +1. Every reader and the writer convert through
:func:`votes_from_polis` / :func:`votes_to_polis` below, nothing else flips a sign.

Because a file can come from somewhere with the other convention (the red-dwarf tool saves API votes
already negated; the newer TypeScript export is said to write raw database values), every reader
runs :func:`check_vote_sign` on what it read: authors automatically agree with their own statement,
so their first non-pass vote on it tells which number means agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from assembly.dataset import Dataset

__all__ = [
    "POLIS_API_AGREE",
    "POLIS_CSV_AGREE",
    "PolisSignWarning",
    "SignCheck",
    "check_vote_sign",
    "votes_from_polis",
    "votes_to_polis",
]

# pol.is database / vote API / math engine: agree = -1 (participation client constant AGREE: -1).
POLIS_API_AGREE = -1
# pol.is Clojure CSV export (all openData files): the exporter negates, so agree = +1.
POLIS_CSV_AGREE = 1

# An export "looks flipped" when more than this share of authors' own votes are disagrees
# (the brief's rule; on correctly signed openData the disagree share is 0-6%,
# docs/explanation/polis-math.md §4.3).
FLIPPED_DISAGREE_SHARE = 0.5
# Below this many authors' votes the check says nothing: one or two authors who changed their mind
# must not make a whole file "flipped".
MIN_AUTHOR_VOTES = 5


class PolisSignWarning(UserWarning):
    """A pol.is file's votes look like they use the opposite agree / disagree sign."""


def _check_agree(agree: int) -> None:
    if agree not in (POLIS_API_AGREE, POLIS_CSV_AGREE):
        raise ValueError(f"agree must be {POLIS_API_AGREE} or {POLIS_CSV_AGREE}, not {agree!r}")


def votes_from_polis(values: ArrayLike, *, agree: int) -> NDArray[np.int8]:
    """Convert pol.is vote values to Assembly :class:`~assembly.analysis.types.Vote` values.

    Parameters
    ----------
    values : array-like of int, shape (n_votes,)
        Vote values as the file stores them, each -1, 0 or 1 (checked by the caller).
    agree : {-1, 1}
        The value that means "agree" in that file: :data:`POLIS_API_AGREE` for the database and
        API, :data:`POLIS_CSV_AGREE` for the CSV export.

    Returns
    -------
    int8 array, shape (n_votes,)
        +1 agree, -1 disagree, 0 pass.

    Examples
    --------
    >>> votes_from_polis([-1, 0, 1], agree=POLIS_API_AGREE).tolist()
    [1, 0, -1]
    """
    _check_agree(agree)
    out = np.asarray(values, dtype=np.int8)
    return out if agree == 1 else -out


def votes_to_polis(values: ArrayLike, *, agree: int) -> NDArray[np.int8]:
    """Convert Assembly vote values to a pol.is file's convention (inverse of :func:`votes_from_polis`)."""
    # Negation is its own inverse: the same conversion serves both directions.
    return votes_from_polis(values, agree=agree)


@dataclass(frozen=True)
class SignCheck:
    """What authors' votes on their own statements say about the vote sign.

    Attributes
    ----------
    n_checked : int
        Statements whose author cast a non-pass vote on them (seed statements left out: moderators
        vote on their own seeds like anyone else).
    share_agree : float
        Share of those first non-pass votes that read as agree; NaN when ``n_checked`` is 0.
    looks_flipped : bool
        More than half of them read as disagree (with at least 5 to go on): the file very likely
        uses the opposite sign.
    message : str
        One sentence for people.
    """

    n_checked: int
    share_agree: float
    looks_flipped: bool
    message: str


def check_vote_sign(dataset: Dataset) -> SignCheck:
    """Check the vote sign with the author rule: authors agree with their own statement.

    pol.is records an automatic agree from the author of each submitted statement, so in a correctly
    signed data set (almost) every author's first non-pass vote on their own statement is an agree.

    Parameters
    ----------
    dataset : Dataset
        Statements with ``author_id`` and the vote log, already in Assembly's sign.

    Returns
    -------
    SignCheck

    Notes
    -----
    Pol.is equivalent: none; the check is docs/explanation/polis-math.md §4.3 "independent sign check"
    (measured 94.1-100% agree on the openData CSVs). "First" is by timestamp, then row order.
    """
    candidates = [
        (s.id, s.author_id) for s in dataset.statements if s.author_id is not None and not s.is_seed
    ]
    votes = dataset.votes
    agrees = checked = 0
    if candidates and len(votes):
        statement_ids = np.array([c[0] for c in candidates], dtype=np.int64)
        author_ids = np.array([c[1] for c in candidates], dtype=np.int64)
        order = np.argsort(statement_ids, kind="stable")
        statement_ids, author_ids = statement_ids[order], author_ids[order]
        pos = np.clip(np.searchsorted(statement_ids, votes.statement_ids), 0, len(statement_ids) - 1)
        own = (
            (statement_ids[pos] == votes.statement_ids)
            & (author_ids[pos] == votes.participant_ids)
            & (votes.values != 0)
        )
        rows = np.flatnonzero(own)
        if len(rows):
            keys: list[NDArray[np.generic]] = [rows]
            if votes.timestamps is not None:
                keys.append(votes.timestamps[rows])
            keys.append(votes.statement_ids[rows])
            rows = rows[np.lexsort(keys)]  # by statement, then time, then row
            first = np.ones(len(rows), dtype=bool)
            first[1:] = votes.statement_ids[rows[1:]] != votes.statement_ids[rows[:-1]]
            firsts = votes.values[rows[first]]
            checked = len(firsts)
            agrees = int(np.count_nonzero(firsts == 1))
    if checked == 0:
        return SignCheck(0, math.nan, False, "no author voted on their own statement: sign not checked")
    share = agrees / checked
    flipped = checked >= MIN_AUTHOR_VOTES and (1 - share) > FLIPPED_DISAGREE_SHARE
    summary = f"authors agreed with their own statement in {share:.1%} of {checked} cases"
    if flipped:
        message = (
            f"{summary}; authors normally agree with what they wrote, so agree and disagree look "
            "swapped in this file"
        )
    elif checked < MIN_AUTHOR_VOTES:
        message = f"{summary} (too few to judge the sign)"
    else:
        message = f"{summary}: the vote sign looks right"
    return SignCheck(checked, share, flipped, message)
