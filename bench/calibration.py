"""Calibration of the categories: how often a clear flag is false, and how often planted friction is found.

Usage::

    .venv/bin/python bench/calibration.py                     # 200 random and 4 x 50 planted data sets
    .venv/bin/python bench/calibration.py --random 40 --planted 10   # a quicker, rougher run
    .venv/bin/python bench/calibration.py --out bench/results/calibration.md

The suite's tests (tests/analysis/test_friction_validity.py) check the promises on 20 random and 10
planted data sets, which cannot tell a 5% rate from a 10% one (at 5%, 2 or more of 20 happens 26% of
the time). This command measures the rates on enough data sets to say, each with its 95% Wilson
interval. It is a command, not a test: it takes minutes.

**Random data sets** (no opinion groups): shaped like real conversations, 150-1,000 participants,
30-100 statements, 30-90% of votes missing (each participant with an own propensity to vote), skewed
margins (each statement's agree / disagree / pass probabilities drawn from Dirichlet(2, 2, 1)). The
generator knows each statement's true shares, so a clear flag is *false* when the true share is on
the wrong side of the threshold (consensus: true agree probability below 60%; majority-disagree:
disagree below 60%; uncertainty: pass below 30%); every clear friction is false (no group differs).
The table gives, per category, the share of data sets with any false clear flag, and the share of
all clear flags that are false, with the analysis' own groups (which found 2 to 5 groups on such
votes: this measures friction on groups fitted to noise, without any structure gate).

**Planted data sets**: 372 participants x 40 statements at 70% density, two groups of 32% and 68%;
10 statements split them by ``gap`` in agree probability (0.5 +- gap / 2, the rest disagree, so half
the net-support gap is ``gap``); the other 30 have one agree probability for everyone (0.2-0.8). The
table gives, per gap, the share of the planted statements flagged clear friction and the share of
data sets with a clear flag on a non-planted statement. Clear friction claims that the groups differ
(tested) by at least 30 points (measured, not tested): at 0.5 and 0.7 the share found is the power;
at 0.2 a clear flag would state a wrong size, and at 0.3, exactly on the line, an estimate lands on
either side of it.

Every data set is seeded (data set i of a kind uses seed i), so a run is reproducible.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path
from statistics import NormalDist

# Single-threaded BLAS, as bench/run.py; set before numpy is imported.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assembly.analysis import run_analysis  # noqa: E402
from assembly.analysis.categories import Thresholds  # noqa: E402
from assembly.analysis.types import VoteLog  # noqa: E402
from assembly.analysis.vocabulary import CATEGORIES  # noqa: E402

GAPS = (0.2, 0.3, 0.5, 0.7)
PLANTED = 10


def wilson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval of a share (the same interval the analysis uses)."""
    if trials == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def random_data_set(seed: int) -> tuple[VoteLog, np.ndarray]:
    """Independent votes shaped like a real conversation; returns the votes and each statement's true
    (agree, disagree, pass) probabilities, shape (m, 3), statement ids 1..m."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(150, 1001)), int(rng.integers(30, 101))
    density = rng.uniform(0.1, 0.7)
    propensity = rng.beta(2.0, 2.0 * (1 - density) / density, size=n)  # mean = density
    shares = rng.dirichlet([2.0, 2.0, 1.0], size=m)
    u = rng.random((n, m))
    votes = np.where(u < shares[:, 0], 1, np.where(u < shares[:, 0] + shares[:, 1], -1, 0))
    rows, cols = np.nonzero(rng.random((n, m)) < propensity[:, None])
    return VoteLog.from_rows(rows + 1, cols + 1, votes[rows, cols]), shares


def planted_data_set(seed: int, gap: float) -> VoteLog:
    """The planted design of tests/analysis/test_friction_validity.py with a chosen gap."""
    rng = np.random.default_rng(seed)
    n, m = 372, 40
    small = rng.random(n) < 0.32
    agree = np.tile(rng.uniform(0.2, 0.8, m), (n, 1))
    agree[:, :PLANTED] = np.where(small[:, None], 0.5 + gap / 2, 0.5 - gap / 2)
    votes = np.where(rng.random((n, m)) < agree, 1, -1)
    rows, cols = np.nonzero(rng.random((n, m)) < 0.7)
    return VoteLog.from_rows(rows + 1, cols + 1, votes[rows, cols])


def clear_flags(result, shares: np.ndarray, thresholds: Thresholds) -> dict[str, tuple[int, int]]:
    """Per category: (clear flags, clear flags that the true shares contradict)."""
    truth = {
        "consensus": shares[:, 0] >= thresholds.consensus,
        "majority-disagree": shares[:, 1] >= thresholds.majority_disagree,
        "uncertainty": shares[:, 2] >= thresholds.uncertainty,
        "friction": np.zeros(len(shares), bool),
    }
    found = {c: [0, 0] for c in CATEGORIES}
    for statement in result.categories:
        true_row = int(result.matrix.statement_ids[statement.column]) - 1
        for category, evidence in statement.flags.items():
            if evidence == "clear":
                found[category][0] += 1
                found[category][1] += not truth[category][true_row]
    return {c: (n, bad) for c, (n, bad) in found.items()}


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=200, help="random data sets (default 200)")
    parser.add_argument("--planted", type=int, default=50, help="planted data sets per gap (default 50)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args()
    if args.random < 1 or args.planted < 1:
        parser.error("--random and --planted must be at least 1")
    thresholds = Thresholds()
    started = time.perf_counter()

    with_false = dict.fromkeys(CATEGORIES, 0)
    flags = {c: [0, 0] for c in CATEGORIES}
    groups_found: list[int] = []
    for seed in range(args.random):
        votes, shares = random_data_set(seed)
        result = run_analysis(votes, thresholds=thresholds)
        groups_found.append(result.n_groups)
        for category, (n_clear, n_false) in clear_flags(result, shares, thresholds).items():
            with_false[category] += n_false > 0
            flags[category][0] += n_clear
            flags[category][1] += n_false

    planted_rows = []
    for gap in GAPS:
        found = tested = other_sets = two_groups = 0
        for seed in range(args.planted):
            result = run_analysis(planted_data_set(seed, gap), thresholds=thresholds)
            clear = result.matrix.statement_ids[
                [c.column for c in result.categories if c.flags.get("friction") == "clear"]
            ]
            found += int((clear <= PLANTED).sum())
            tested += PLANTED
            other_sets += bool((clear > PLANTED).any())
            two_groups += result.n_groups == 2
        planted_rows.append((gap, found, tested, other_sets, two_groups))
    elapsed = time.perf_counter() - started

    lines = [
        "# Calibration of the statement categories",
        "",
        f"`.venv/bin/python bench/calibration.py --random {args.random} --planted {args.planted}`, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {elapsed:.0f} s. Intervals: 95% Wilson.",
        "",
        f"## {args.random} random data sets (no groups; the analysis found "
        + ", ".join(f"{k} groups in {groups_found.count(k)}" for k in sorted(set(groups_found)))
        + ")",
        "",
        "| category | data sets with any false clear flag | share | 95% interval "
        "| clear flags | false among them |",
        "|---|--:|--:|---|--:|--:|",
    ]
    for category in CATEGORIES:
        low, high = wilson(with_false[category], args.random)
        lines.append(
            f"| {category} | {with_false[category]} of {args.random} | "
            f"{percent(with_false[category] / args.random)} | {percent(low)}-{percent(high)} | "
            f"{flags[category][0]:,} | {flags[category][1]:,} "
            f"({percent(flags[category][1] / flags[category][0]) if flags[category][0] else '-'}) |"
        )
    lines += [
        "",
        f"## Planted friction, 372 participants, {args.planted} data sets per gap",
        "",
        "| gap | planted statements clear | share | 95% interval | data sets with a clear flag elsewhere "
        "| two groups found |",
        "|--:|--:|--:|---|--:|--:|",
    ]
    for gap, found, tested, other_sets, two_groups in planted_rows:
        low, high = wilson(found, tested)
        lines.append(
            f"| {gap:.1f} | {found} of {tested} | {percent(found / tested)} | "
            f"{percent(low)}-{percent(high)} | {other_sets} of {args.planted} | "
            f"{two_groups} of {args.planted} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
