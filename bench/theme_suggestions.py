"""How far the model-free theme suggestions agree with themes people chose, and how long they take.

Usage::

    .venv/bin/python bench/theme_suggestions.py            # 3 rounds of the 10,000-statement timing
    .venv/bin/python bench/theme_suggestions.py --rounds 1

Three measurements (docs/benchmarks.md, "Issue 16"):

1. **The 2025 paper's themes.** The 40 statements the Alignment Assembly paper quotes, each with the
   theme (1 to 7) the paper sorted it into (data/culture-for-ai/paper-statements.csv): the adjusted Rand
   index (ARI) between the suggestions and the paper's themes, with the number of themes chosen by the
   suggester and with seven asked for. ARI is 1 for the same grouping, about 0 for a random one.
2. **Real pol.is comments.** The 1,765 comments of the eleven public conversations in
   data/polis-open-data, the conversation each came from as its "theme": ARI with eleven themes asked
   for, and with the number chosen.
3. **10,000 statements.** Pairs of comments of the same conversation joined into one text (a fixed
   random draw), so the vocabulary is real and no two texts are the same: the wall time of the whole
   suggestion step (:func:`assembly.assist.suggest.suggest_themes`, TF-IDF to labels), median of the
   rounds, number of themes chosen by the suggester; and the ARI against the conversations. The target
   is under 10 s on the development machine (2 cores, shared).

Peak memory is the process's maximum resident set size at the end (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assembly.assist.suggest import suggest_themes  # noqa: E402

PAPER = ROOT / "data" / "culture-for-ai" / "paper-statements.csv"
POLIS = ROOT / "data" / "polis-open-data"
LARGE = 10_000


def _ari(truth: dict[int, object], found) -> float:
    from sklearn.metrics import adjusted_rand_score

    group = {i: n for n, s in enumerate(found) for i in s.statement_ids}
    ids = sorted(truth)
    return float(adjusted_rand_score([truth[i] for i in ids], [group.get(i, -1) for i in ids]))


def paper() -> tuple[list[tuple[int, str]], dict[int, object]]:
    with PAPER.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(i, r["statement"]) for i, r in enumerate(rows)], {i: r["theme"] for i, r in enumerate(rows)}


def polis_comments() -> list[tuple[str, str]]:
    """(conversation, text) of every comment with a text, conversations in name order."""
    out = []
    for folder in sorted(p for p in POLIS.iterdir() if (p / "comments.csv").exists()):
        with (folder / "comments.csv").open(encoding="utf-8") as f:
            out += [(folder.name, r["comment-body"]) for r in csv.DictReader(f) if r["comment-body"].strip()]
    return out


def large(comments: list[tuple[str, str]], n: int) -> tuple[list[tuple[int, str]], dict[int, object]]:
    by_conversation: dict[str, list[str]] = {}
    for conversation, text in comments:
        by_conversation.setdefault(conversation, []).append(text)
    names = sorted(by_conversation)
    draw = random.Random(0)
    texts, truth = [], {}
    for i in range(n):
        name = names[i % len(names)]
        a, b = draw.sample(by_conversation[name], 2)
        texts.append((i, f"{a} {b}"))
        truth[i] = name
    return texts, truth


def _timed(texts, **options):
    start = time.perf_counter()
    found = suggest_themes(texts, **options)
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds on 10,000 statements")
    args = parser.parse_args()
    rows = []
    suggest_themes([(0, "warm up"), (1, "the imports"), (2, "before timing")])  # scikit-learn's import
    texts, truth = paper()
    for label, options in (("chosen", {}), ("7 asked", {"n_themes": 7})):
        seconds, found = _timed(texts, **options)
        rows.append(("paper's 40 statements, 7 themes", label, len(found), _ari(truth, found), seconds))
    comments = polis_comments()
    ctexts = [(i, t) for i, (_c, t) in enumerate(comments)]
    ctruth = {i: c for i, (c, _t) in enumerate(comments)}
    for label, options in (("chosen", {}), ("11 asked", {"n_themes": 11})):
        seconds, found = _timed(ctexts, **options)
        rows.append(
            (
                f"{len(comments):,} pol.is comments, 11 conversations",
                label,
                len(found),
                _ari(ctruth, found),
                seconds,
            )
        )
    btexts, btruth = large(comments, LARGE)
    times = []
    for _round in range(args.rounds):
        seconds, found = _timed(btexts)
        times.append(seconds)
    rows.append(
        (
            f"{LARGE:,} joined comments, 11 conversations",
            "chosen",
            len(found),
            _ari(btruth, found),
            statistics.median(times),
        )
    )
    print("| input | themes | suggested | ARI | seconds |")
    print("|---|---|---:|---:|---:|")
    for name, label, n, ari, seconds in rows:
        print(f"| {name} | {label} | {n} | {ari:.2f} | {seconds:.2f} |")
    print()
    print(f"10,000 statements, {args.rounds} rounds: " + ", ".join(f"{t:.2f} s" for t in times))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
