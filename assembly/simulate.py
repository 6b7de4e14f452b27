"""Synthetic consultations with planted opinion groups, for tests, benchmarks and the demo.

Two entry points: :func:`read_marginals` (from :mod:`assembly.marginals`) reads published
per-statement figures, in the format of ``data/culture-for-ai/paper-statements.csv``, and
:func:`simulate_consultation` draws a consultation, optionally shaped to those figures. The result
is an ordinary :class:`~assembly.dataset.Dataset`; ``assembly.polis.write_csv_export`` writes it as
a pol.is export.

The model, in order:

1. Participants are split into ``groups`` planted groups with exact shares (``Participant.group_id``).
2. Each participant votes on a random subset of the published statements, 20 to 60 by default,
   drawn without replacement with weights that favour early statements (late statements get fewer
   votes in real conversations: 3 to 7 times fewer in the last fifth than in the first fifth of the
   openData conversations bg2050-volunteers, brexit-consensus, canadian-electoral-reform).
3. For each (statement, group) block of votes a quota of agrees, disagrees and passes is fixed, and the
   block's voters are dealt those values in random order. Quotas come from the marginals when given
   (overall shares matched to the printed percentages by construction) and otherwise from a latent
   stance of each group towards each statement.
4. Times: seed statements are created just before ``start``; participants arrive between ``start`` and
   ``end`` in id order; a vote never precedes its statement. Each author's first vote on their own
   statement is an agree, as in pol.is, and a few votes are changed later (re-votes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assembly.analysis.types import Moderation, Vote, VoteLog
from assembly.dataset import Dataset, Participant, Statement
from assembly.errors import InputError
from assembly.marginals import Marginal, read_marginals

__all__ = ["Marginal", "read_marginals", "simulate_consultation"]

# The paper's definition of a consensus statement: 60% or more of the votes agree.
CONSENSUS_AGREE_PCT = 60.0

DEFAULT_VOTES_PER_PARTICIPANT = (20, 60)  # the brief; openData medians are 13-63 votes per participant
DEFAULT_PASS_RATE = 0.15  # openData conversations pass on 11-19% of votes; the paper's rows 5-27%
DEFAULT_REVOTE_RATE = 0.01  # "a few" re-votes, so that the log has superseded rows like real exports
DEFAULT_START = dt.date(2025, 5, 26)  # the Culture for AI consultation ran 26 May - 4 July 2025
DEFAULT_END = dt.date(2025, 7, 4)
SEED_STATEMENTS = 20  # the paper's consultation opened with 20 seed statements
# Weight of statement rank r (0 = first) among P published ones: 1 / (1 + EARLY_BIAS * r / P),
# so the last statements weigh 4x less than the first (see the module docstring); with few votes per
# participant they get about 4x fewer votes, with many (most statements voted on) less so.
EARLY_BIAS = 3.0
# Latent stance s in [-1, 1] of a group towards a statement: centre ~ U(STANCE_CENTRE) shared by all
# groups (consultations lean towards agreement), plus GROUP_SPREAD * N(0, 1) per group. Agrees among
# non-passes have share (1 + s) / 2. A spread of 0.8 makes two groups differ by ~30 points of agree
# share on an average statement: k-means then recovers 2 groups of a 300 x 40 simulation with ARI
# >= 0.9 on 30 seeds out of 30 (0.6 fell to 0.69 on one seed).
STANCE_CENTRE = (-0.4, 0.8)
GROUP_SPREAD = 0.8
PASS_RATE_SPREAD = (0.5, 1.5)  # a statement's pass share is pass_rate times a factor in this range
# For marginal rows that are neither consensus nor friction, a voter's chance of being dealt one of
# the row's agrees is weighted by exp(STANCE_TILT * s) (disagrees by exp(-STANCE_TILT * s)), so that
# the group whose stance favours the statement takes more of its agrees. 3 keeps k-means' recovery of
# the paper's 2 groups (data/culture-for-ai, 372 participants) at ARI >= 0.85 on 20 seeds (2: 0.81).
STANCE_TILT = 3.0
# Friction rows (no printed shares): the group named in friction_group_agreeing agrees with a share in
# FRICTION_AGREE, the others at least FRICTION_GAP lower (>= 40 points asked, margin for rounding),
# passes in FRICTION_PASS, and overall neither agree nor disagree may exceed FRICTION_MAX_MAJORITY
# (the paper's friction rows have no 60% majority; margin again for rounding).
FRICTION_AGREE = (0.55, 0.85)
FRICTION_GAP = 0.45
FRICTION_PASS = (0.05, 0.25)
FRICTION_MAX_MAJORITY = 0.55
FRICTION_TRIES = 1000
# Times, in milliseconds.
MINUTE_MS = 60_000
DAY_MS = 86_400_000
ARRIVAL_SPAN = 0.95  # participants arrive in the first 95% of the period, leaving time to vote
CREATION_SPAN = 0.9  # participants' statements are submitted in the first 90% of the period
VOTE_GAP_MS = (5_000, 25_000)  # seconds between two votes of one session (reading time)
RETURN_DELAY_MS = (MINUTE_MS, DAY_MS)  # delay of a vote on a statement created after the session
AUTHOR_VOTE_DELAY_MS = 1_000  # the automatic agree follows submission at once
CHUNK_ROWS = 4096  # participants per block when sampling which statements they vote on (memory bound)


def simulate_consultation(
    *,
    participants: int,
    statements: int | None = None,
    groups: int,
    seed: int,
    group_shares: Sequence[float] | None = None,
    marginals: Sequence[Marginal] | None = None,
    votes_per_participant: tuple[int, int] = DEFAULT_VOTES_PER_PARTICIPANT,
    pass_rate: float = DEFAULT_PASS_RATE,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    revote_rate: float = DEFAULT_REVOTE_RATE,
) -> Dataset:
    """Draw a consultation with planted opinion groups.

    Parameters
    ----------
    participants : int
        Number of participants (ids 0..participants-1, in arrival order; 0 wrote the seed statements).
    statements : int or None
        Number of statements (ids 0..statements-1). With ``marginals``, one statement per marginal:
        leave None or give the same number.
    groups : int
        Number of planted opinion groups, recorded as ``Participant.group_id``.
    seed : int
        Seed of the random generator: the same arguments give the same dataset.
    group_shares : sequence of float, optional
        Share of participants in each group (sums to 1); equal shares by default. Counts are exact
        (largest remainder).
    marginals : sequence of Marginal, optional
        Published figures to match (see :func:`read_marginals`). Unpublished rows become rejected
        statements without votes; rows with printed percentages get latest votes whose overall
        agree / disagree / pass shares match them within 1 point (for statements with 100+ votes);
        friction rows split the groups.
    votes_per_participant : (int, int)
        Inclusive range of the number of statements each participant votes on (uniform; clipped to
        the number of published statements; authors also vote on their own statements).
    pass_rate : float
        Mean share of passes on a statement (without marginals, or for rows without figures).
    start, end : date or ISO date string, optional
        The period of the consultation (``end`` inclusive); 26 May - 4 July 2025 by default.
    revote_rate : float
        Share of votes that replace an earlier, different vote by the same participant.

    Returns
    -------
    Dataset
        Statement texts "Simulated statement <id>" unless the marginals give them; the summary says
        the data is simulated.

    Raises
    ------
    InputError
        An argument out of range; nothing is drawn.

    Examples
    --------
    >>> ds = simulate_consultation(participants=50, statements=10, groups=2, seed=1)
    >>> len(ds.participants), len(ds.statements), sorted({p.group_id for p in ds.participants})
    (50, 10, [0, 1])
    """
    rows = list(marginals) if marginals is not None else None
    n_statements = _check_arguments(
        participants, statements, groups, seed, rows, votes_per_participant, pass_rate, revote_rate
    )
    shares = _check_shares(group_shares, groups)
    start_ms, end_ms = _period(start, end)
    rng = np.random.default_rng(seed)

    labels = rng.permutation(
        np.repeat(np.arange(groups), _round_counts(np.array([participants]), shares[None])[0])
    )
    published = np.array([m.published for m in rows]) if rows else np.ones(n_statements, bool)
    n_seed = min(SEED_STATEMENTS, int(np.argmin(published)) if not published.all() else n_statements)
    arrival = _arrivals(rng, participants, n_seed, start_ms, end_ms)
    created, authors = _statement_origins(rng, n_statements, n_seed, arrival, start_ms, end_ms)

    lo, hi = votes_per_participant
    pub_ids = np.flatnonzero(published)
    n_votes = np.minimum(rng.integers(lo, hi + 1, participants), len(pub_ids))
    cells = _add_author_cells(_sample_cells(rng, n_votes, pub_ids), authors[pub_ids], pub_ids, n_statements)
    block = cells.statement * groups + labels[cells.participant]
    block_sizes = np.bincount(block, minlength=n_statements * groups).reshape(n_statements, groups)
    quotas = _quotas(rng, block_sizes, rows, pass_rate)
    values = _deal(rng, block, quotas.reshape(-1, 3), cells.is_author)
    del block
    log = _vote_log(rng, cells, values, arrival, created, end_ms, revote_rate)

    agrees = np.bincount(log.statement_ids[log.values == Vote.AGREE], minlength=n_statements)
    disagrees = np.bincount(log.statement_ids[log.values == Vote.DISAGREE], minlength=n_statements)
    authored = np.bincount(authors, minlength=participants)
    statement_list = [
        Statement(
            id=j,
            text=rows[j].text if rows else f"Simulated statement {j}",
            author_id=int(authors[j]),
            created=float(created[j]),
            moderation=Moderation.ACCEPTED if published[j] else Moderation.REJECTED,
            is_seed=j < n_seed,
            theme=rows[j].theme if rows else None,
            source_agrees=int(agrees[j]),
            source_disagrees=int(disagrees[j]),
        )
        for j in range(n_statements)
    ]
    participant_list = [
        Participant(id=i, group_id=int(labels[i]), n_statements=int(authored[i])) for i in range(participants)
    ]
    return Dataset(
        statements=statement_list,
        votes=log,
        participants=participant_list,
        summary=_summary(participants, groups, shares, seed, rows),
        name=f"simulated-seed{seed}",
    )


def _check_arguments(
    participants: int,
    statements: int | None,
    groups: int,
    seed: int,
    rows: list[Marginal] | None,
    votes_per_participant: tuple[int, int],
    pass_rate: float,
    revote_rate: float,
) -> int:
    """Validate the counts and rates; return the number of statements."""
    for name, value, least in (("participants", participants, 1), ("groups", groups, 1), ("seed", seed, 0)):
        if not _is_int(value) or value < least:
            raise InputError(f"{name} must be an integer of at least {least}, got {value!r}")
    if groups > participants:
        raise InputError(f"groups ({groups}) cannot exceed participants ({participants})")
    if rows is not None:
        if not rows:
            raise InputError("marginals hold no statements")
        if statements is not None and statements != len(rows):
            raise InputError(f"statements is {statements!r} but the marginals give {len(rows)} statements")
        if groups < 2 and any(m.friction_group_agreeing is not None and m.shares_pct is None for m in rows):
            raise InputError("the marginals have friction statements, which need at least 2 groups")
        statements = len(rows)
    if statements is None:
        raise InputError("statements is required unless marginals give the statements")
    if not _is_int(statements) or statements < 1:
        raise InputError(f"statements must be an integer of at least 1, got {statements!r}")
    lo, hi = votes_per_participant
    if not (_is_int(lo) and _is_int(hi) and 1 <= lo <= hi):
        raise InputError(f"votes per participant must be a range lo-hi with 1 <= lo <= hi, got {lo!r}-{hi!r}")
    for name, rate in (("pass_rate", pass_rate), ("revote_rate", revote_rate)):
        if not 0 <= rate < 1:
            raise InputError(f"{name} must be at least 0 and below 1, got {rate!r}")
    return int(statements)


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


# Hand-typed shares such as 0.33,0.33,0.33 miss 1 by this much; they are then rescaled to sum to 1.
SHARE_SUM_TOLERANCE = 0.011


def _check_shares(group_shares: Sequence[float] | None, groups: int) -> NDArray[np.float64]:
    if group_shares is None:
        return np.full(groups, 1 / groups)
    shares = np.asarray(group_shares, dtype=np.float64)
    if shares.shape != (groups,):
        raise InputError(f"{len(shares)} group shares given for {groups} groups")
    if not (shares > 0).all() or abs(shares.sum() - 1) > SHARE_SUM_TOLERANCE:
        raise InputError(
            f"group shares must be positive and add up to 1, got {', '.join(f'{s:g}' for s in shares)}"
            f" (sum {shares.sum():g})"
        )
    normalised: NDArray[np.float64] = shares / shares.sum()
    return normalised


def _period(start: dt.date | str | None, end: dt.date | str | None) -> tuple[float, float]:
    """The period as [start, end) in ms since the epoch, UTC; ``end`` is an inclusive date."""

    def to_date(value: dt.date | str | None, default: dt.date, name: str) -> dt.date:
        if value is None:
            return default
        if isinstance(value, dt.date):
            return dt.date(value.year, value.month, value.day)  # a datetime counts as its day
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None

    first = to_date(start, DEFAULT_START, "start")
    last = to_date(end, DEFAULT_END, "end")
    if last < first:
        raise InputError(f"end ({last}) is before start ({first})")
    epoch = dt.date(1970, 1, 1)
    return (first - epoch).days * DAY_MS, ((last - epoch).days + 1) * DAY_MS


def _round_counts(totals: NDArray[np.int64], shares: NDArray[np.float64]) -> NDArray[np.int64]:
    """Split each total into integer counts proportional to its row of shares (largest remainder)."""
    return _round_parts(totals, totals[..., None] * (shares / shares.sum(axis=-1, keepdims=True)))


def _round_parts(totals: NDArray[np.int64], exact: NDArray[np.float64]) -> NDArray[np.int64]:
    """Round each row of ``exact`` (summing to its total) to integers with the same sum.

    Each part becomes the floor or the ceiling of its exact value; the ceilings go to the largest
    fractional parts (largest remainder method), so no part exceeds an integer bound its exact value
    respects.
    """
    counts = np.floor(exact).astype(np.int64)
    short = totals - counts.sum(axis=-1)
    order = np.argsort(counts - exact, axis=-1, kind="stable")  # largest fractional part first
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(exact.shape[-1]), order.shape), axis=-1)
    rounded: NDArray[np.int64] = counts + (rank < short[..., None])
    return rounded


def _arrivals(
    rng: np.random.Generator, n: int, n_seed: int, start_ms: float, end_ms: float
) -> NDArray[np.float64]:
    """Arrival times in id order: the owner (0) before the seeds, participant 1 at the launch."""
    span = ARRIVAL_SPAN * (end_ms - start_ms)
    arrival = np.concatenate(
        [[start_ms - (n_seed + 1) * MINUTE_MS], start_ms + np.sort(rng.uniform(0, span, n - 1))]
    )
    if n > 1:
        arrival[1] = start_ms
    floored: NDArray[np.float64] = np.floor(arrival)
    return floored


def _statement_origins(
    rng: np.random.Generator,
    n: int,
    n_seed: int,
    arrival: NDArray[np.float64],
    start_ms: float,
    end_ms: float,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Creation times (increasing with id) and authors: the owner's seeds, then participants' statements."""
    seeds = start_ms - (n_seed - np.arange(n_seed)) * MINUTE_MS
    later = start_ms + np.sort(rng.uniform(0, CREATION_SPAN * (end_ms - start_ms), n - n_seed))
    created = np.floor(np.concatenate([seeds, later]))
    authors = np.zeros(n, np.int64)
    if len(arrival) > 1:
        arrived = np.searchsorted(arrival, created[n_seed:], side="right")  # >= 2: 0 and 1 came first
        authors[n_seed:] = rng.integers(1, arrived)
    return created, authors


@dataclass(frozen=True)
class _Cells:
    """The (participant, statement) pairs that get a vote, in parallel arrays.

    ``position`` is the vote's rank in the participant's session; ``is_author`` marks authors' cells.
    """

    participant: NDArray[np.int64]
    statement: NDArray[np.int64]
    position: NDArray[np.int64]
    is_author: NDArray[np.bool_]


def _sample_cells(rng: np.random.Generator, n_votes: NDArray[np.int64], pub_ids: NDArray[np.int64]) -> _Cells:
    """Who votes on what: n_votes[i] distinct statements for participant i, early ones favoured.

    Weighted sampling without replacement by exponential keys (Efraimidis and Spirakis, 2006):
    each statement gets key E / w with E ~ Exp(1); the smallest keys win, in voting order.
    """
    n_pub = len(pub_ids)
    participant = np.repeat(np.arange(len(n_votes), dtype=np.int64), n_votes)
    statement = np.empty(len(participant), np.int64)
    position = np.empty(len(participant), np.int64)
    weights = (1 / (1 + EARLY_BIAS * np.arange(n_pub) / max(n_pub, 1))).astype(np.float32)
    done = 0
    for first in range(0, len(n_votes), CHUNK_ROWS):
        counts = n_votes[first : first + CHUNK_ROWS]
        k_max = int(counts.max())
        if k_max == 0:  # nothing published
            continue
        keys = rng.standard_exponential((len(counts), n_pub), dtype=np.float32) / weights
        top = (
            np.argpartition(keys, k_max - 1, axis=1)[:, :k_max] if k_max < n_pub else np.argsort(keys, axis=1)
        )
        top = np.take_along_axis(top, np.argsort(np.take_along_axis(keys, top, 1), axis=1, kind="stable"), 1)
        row, rank = np.nonzero(np.arange(top.shape[1]) < counts[:, None])  # row-major, as participant
        statement[done : done + len(row)] = pub_ids[top[row, rank]]
        position[done : done + len(row)] = rank
        done += len(row)
    return _Cells(participant, statement, position, np.zeros(len(participant), bool))


def _add_author_cells(
    cells: _Cells, authors: NDArray[np.int64], pub_ids: NDArray[np.int64], n_statements: int
) -> _Cells:
    """Make every author vote on their own published statement (replacing a sampled cell if any)."""
    # Only cells of participants who wrote something can clash; a lookup table over participant ids
    # finds them without sorting all the cells.
    suspects = np.flatnonzero(np.isin(cells.participant, authors, kind="table"))
    suspect_keys = cells.participant[suspects] * n_statements + cells.statement[suspects]
    keep = np.ones(len(cells.participant), bool)
    keep[suspects[np.isin(suspect_keys, authors * n_statements + pub_ids)]] = False
    return _Cells(
        np.concatenate([cells.participant[keep], authors]),
        np.concatenate([cells.statement[keep], pub_ids]),
        np.concatenate([cells.position[keep], np.zeros(len(pub_ids), np.int64)]),
        np.concatenate([np.zeros(int(keep.sum()), bool), np.ones(len(pub_ids), bool)]),
    )


def _quotas(
    rng: np.random.Generator, block_sizes: NDArray[np.int64], rows: list[Marginal] | None, pass_rate: float
) -> NDArray[np.int64]:
    """(statements, groups, 3) counts of agrees, disagrees and passes to deal in each block."""
    n_statements, n_groups = block_sizes.shape
    pass_share = np.clip(pass_rate * rng.uniform(*PASS_RATE_SPREAD, n_statements), 0, 1)
    centre = rng.uniform(*STANCE_CENTRE, n_statements)
    stance = np.clip(centre + GROUP_SPREAD * rng.standard_normal((n_groups, n_statements)), -1, 1).T
    voting = (1 - pass_share)[:, None]
    shares = np.stack(
        [voting * (1 + stance) / 2, voting * (1 - stance) / 2, np.repeat(pass_share[:, None], n_groups, 1)],
        -1,
    )
    quotas = _round_counts(block_sizes, shares)
    for j, row in enumerate(rows or ()):
        sizes = block_sizes[j]
        pct = row.shares_pct
        if pct is not None:
            agree, disagree, _ = _match_percentages(int(sizes.sum()), np.array(pct))
            tilt = np.ones(n_groups) if pct[0] >= CONSENSUS_AGREE_PCT else np.exp(STANCE_TILT * stance[j])
            agrees = _split(agree, sizes * tilt, sizes)
            disagrees = _split(disagree, (sizes - agrees) / tilt, sizes - agrees)
            quotas[j] = np.stack([agrees, disagrees, sizes - agrees - disagrees], -1)
        elif row.friction_group_agreeing is not None:
            quotas[j] = _round_counts(sizes, _friction_shares(rng, sizes, row))
    return quotas


def _match_percentages(total: int, pct: NDArray[np.float64]) -> NDArray[np.int64]:
    """Counts summing to ``total`` whose percentages are as close as possible to ``pct`` (max error)."""
    counts = np.floor(total * pct / 100).astype(np.int64)
    while counts.sum() < total:
        counts[np.argmin(100 * (counts + 1) / total - pct)] += 1
    while counts.sum() > total:
        counts[np.argmax(np.where(counts > 0, 100 * counts / total - pct, -np.inf))] -= 1
    return counts


def _split(total: int, weights: NDArray[np.float64], caps: NDArray[np.int64]) -> NDArray[np.int64]:
    """Split ``total`` in proportion to ``weights``, no part above its cap (water-filling, then rounding)."""
    ideal = np.zeros(len(caps))
    free = caps > 0
    left = float(total)
    while free.any() and left > 0:
        share = np.where(free, weights, 0.0)
        proposal = left * share / share.sum()
        full = free & (proposal >= caps)
        if not full.any():
            ideal[free] = proposal[free]
            break
        ideal[full] = caps[full]
        left -= caps[full].sum()
        free &= ~full
    return _round_parts(np.array(total), ideal)


def _friction_shares(
    rng: np.random.Generator, sizes: NDArray[np.int64], row: Marginal
) -> NDArray[np.float64]:
    """(groups, 3) shares for a friction row: its group agrees, the others do not, no overall majority."""
    favoured = row.friction_group_agreeing
    for _ in range(FRICTION_TRIES):
        agree = rng.uniform(*FRICTION_AGREE)
        other = rng.uniform(0, agree - FRICTION_GAP)
        passes = rng.uniform(*FRICTION_PASS, 2)
        shares = np.tile([other, 1 - other - passes[1], passes[1]], (len(sizes), 1))
        shares[favoured] = [agree, 1 - agree - passes[0], passes[0]]
        overall = sizes @ shares / max(int(sizes.sum()), 1)
        if (shares >= 0).all() and max(overall[0], overall[1]) <= FRICTION_MAX_MAJORITY:
            return shares
    raise InputError(
        "cannot split the groups on this friction statement without a 60% majority; "
        "try less extreme group shares",
        file=row.source,
        line=row.line,
    )


def _deal(
    rng: np.random.Generator,
    block: NDArray[np.int64],
    quotas: NDArray[np.int64],
    is_author: NDArray[np.bool_],
) -> NDArray[np.int8]:
    """Deal each block's quota of agrees, disagrees and passes to its cells in random order.

    Authors come first in their block, so they keep their automatic agree whenever the block has one.
    """
    key = rng.random(len(block))
    key[is_author] = -1.0
    key += 1
    key /= 2.5
    key += block
    order = np.argsort(key, kind="stable")  # by block, then key (authors at 0, others in [0.4, 0.8))
    del key
    sizes = quotas.sum(axis=1)
    sorted_block = block[order]
    rank = np.arange(len(block)) - (np.cumsum(sizes) - sizes)[sorted_block]
    agrees = quotas[sorted_block, 0]
    values = np.full(len(block), Vote.PASS, np.int8)
    values[order[rank < agrees + quotas[sorted_block, 1]]] = Vote.DISAGREE
    values[order[rank < agrees]] = Vote.AGREE
    return values


def _vote_log(
    rng: np.random.Generator,
    cells: _Cells,
    values: NDArray[np.int8],
    arrival: NDArray[np.float64],
    created: NDArray[np.float64],
    end_ms: float,
    revote_rate: float,
) -> VoteLog:
    """Time the latest votes, add the authors' automatic agrees and a few earlier votes; sort by time."""
    cell_p, cell_s, is_author = cells.participant, cells.statement, cells.is_author
    gap = rng.uniform(*VOTE_GAP_MS, len(arrival))
    times = arrival[cell_p] + (cells.position + 1 + rng.random(len(cell_p))) * gap[cell_p]
    after_creation = created[cell_s] + AUTHOR_VOTE_DELAY_MS
    late = np.flatnonzero(times <= after_creation)  # a return visit, after the statement appeared
    times[late] = after_creation[late] + rng.uniform(*RETURN_DELAY_MS, len(late))
    changed_author = np.flatnonzero(is_author & (values != Vote.AGREE))
    kept_author = np.flatnonzero(is_author & (values == Vote.AGREE))
    times[kept_author] = after_creation[kept_author]
    np.floor(np.minimum(times, end_ms - 1, out=times), out=times)

    revote = np.flatnonzero(~is_author & (rng.random(len(cell_p)) < revote_rate))
    since = created[cell_s[revote]]
    earlier = np.floor(since + rng.uniform(0.2, 0.8, len(revote)) * (times[revote] - since))
    possible = (earlier > after_creation[revote]) & (earlier < times[revote])
    revote, earlier = revote[possible], earlier[possible]
    other_value = (values[revote] + 1 + rng.integers(1, 3, len(revote))) % 3 - 1
    first = np.concatenate([revote, changed_author])
    first_values = np.concatenate(
        [other_value.astype(np.int8), np.full(len(changed_author), Vote.AGREE, np.int8)]
    )
    first_times = np.concatenate([earlier, after_creation[changed_author]])
    del after_creation

    t = np.concatenate([first_times, times])
    order = np.argsort(t, kind="stable")  # by time (ties: the order above)
    t = t[order]
    p = np.concatenate([cell_p[first], cell_p])[order]
    s = np.concatenate([cell_s[first], cell_s])[order]
    v = np.concatenate([first_values, values])[order]
    return VoteLog(p, s, v, t)


def _summary(
    participants: int, groups: int, shares: NDArray[np.float64], seed: int, rows: list[Marginal] | None
) -> dict[str, str]:
    """pol.is summary keys saying plainly that the data is simulated, and how."""
    planted = f"{participants} participants in {groups} planted opinion group{'s' * (groups > 1)}"
    if groups > 1:
        planted += f" (shares {', '.join(f'{s:.2f}' for s in shares)})"
    if rows:
        source = rows[0].source or "the given marginals"
        topic = "SIMULATED consultation shaped to published figures"
        description = f"Simulated data shaped to published figures; not real votes. Figures from {source}; "
    else:
        topic = "SIMULATED consultation"
        description = "Simulated data; not real votes. "
    return {
        "topic": topic,
        "url": "",
        "conversation-description": f"{description}{planted}; random seed {seed}.",
    }
