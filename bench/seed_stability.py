"""Does the default analysis change with the seed? Seeds 0-9 on every shipped real conversation.

Run from the repository root with the project's python::

    .venv/bin/python bench/seed_stability.py [--seeds 10]

For each conversation under ``data/polis-open-data``: the number of groups per seed, the lowest
adjusted Rand index between seed 0's groups and another seed's, and whether every statement's
category flags are the same for all seeds (docs/reliability-log.md, "Issue 12: no seed lottery").
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from assembly.analysis.restarts import adjusted_rand
from assembly.analysis.serialize import run_record_analysis
from assembly.polis import read_export

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0 .. N-1 (default 10)")
    args = parser.parse_args()
    for folder in sorted(p for p in (ROOT / "data" / "polis-open-data").iterdir() if p.is_dir()):
        dataset = read_export(folder)
        runs = []
        for seed in range(args.seeds):
            result = run_record_analysis(dataset, seed=seed)
            flags = [sorted(c.flags.items()) for c in result.categories]
            runs.append((result.n_groups, result.group_labels[result.eligible], flags))
        first = runs[0]
        agreement = [
            adjusted_rand(first[1], labels, np.ones(len(labels)))
            if first[0] > 1 and k > 1
            else float(first[0] == k)
            for k, labels, _ in runs
        ]
        same_flags = all(flags == first[2] for _, _, flags in runs)
        print(
            f"{folder.name}: groups {[k for k, _, _ in runs]}, lowest ARI {min(agreement):.3f}, "
            f"flags {'identical' if same_flags else 'CHANGE'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
