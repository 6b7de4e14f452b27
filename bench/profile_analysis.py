"""Profile Assembly's analysis (or reading) of one export with cProfile: where the time goes, by step.

Usage::

    .venv/bin/python bench/profile_analysis.py bench/.cache/sim-100k-1000 [--part analysis|load]
        [--method stable|polis] [--seed N] [--top 25]

Prints the time of each function that the entry point (``run_analysis``, or with ``--part load`` the
CSV export reader) calls directly, one line per step, then the slowest functions of the ``assembly``
package by cumulative time. Profiling slows pure-python code down more than numpy code, so read the
shares, not the absolute seconds (``bench/run.py`` gives those).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

# Same single-threaded BLAS as bench/run.py; set before numpy is imported.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

# For each part that can be profiled: the function whose direct callees are listed as its steps.
ENTRY_POINTS = {"analysis": "run_analysis", "load": "read_csv_export"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", help="a pol.is export folder")
    parser.add_argument("--method", choices=("stable", "polis"), default="stable")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=25, help="how many functions to list")
    parser.add_argument(
        "--part",
        choices=tuple(ENTRY_POINTS),
        default="analysis",
        help="analysis: run_analysis on the loaded votes (default); load: reading the export",
    )
    args = parser.parse_args()

    from assembly.analysis import run_analysis
    from assembly.analysis.serialize import statement_infos
    from assembly.polis import read_export

    profiler = cProfile.Profile()
    start = time.perf_counter()
    if args.part == "load":
        profiler.runcall(read_export, args.export)
    else:
        dataset = read_export(args.export)
        start = time.perf_counter()
        profiler.runcall(
            run_analysis,
            dataset.votes,
            statements=statement_infos(dataset.statements),
            method=args.method,
            seed=args.seed,
            excluded_participant_ids=sorted(dataset.excluded_participant_ids),
        )
    print(f"{args.part} under the profiler: {time.perf_counter() - start:.2f} s\n")

    stats = pstats.Stats(profiler, stream=io.StringIO())
    entry = ENTRY_POINTS[args.part]
    found = [key for key in stats.stats if key[2] == entry and "assembly" in key[0]]  # type: ignore[attr-defined]
    if found:
        print_steps(stats, found[0])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("assembly", args.top)
    print(out.getvalue())
    return 0


def print_steps(stats: pstats.Stats, entry: tuple[str, int, str]) -> None:
    """One line per function called directly by ``entry``: cumulative seconds and share."""
    raw = stats.stats  # type: ignore[attr-defined]
    total = raw[entry][3]
    steps = []
    for key, (_, _, _, _, callers) in raw.items():
        if entry in callers:
            # callers[entry] holds the timings of the calls made from entry: (cc, nc, tt, ct).
            steps.append((callers[entry][3], key))
    print(f"pipeline steps called by {entry[2]} ({total:.2f} s in all):")
    for seconds, (filename, line, name) in sorted(steps, reverse=True):
        where = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        print(f"  {seconds:8.3f} s  {100 * seconds / total:5.1f}%  {name}  ({where}:{line})")
    print()


if __name__ == "__main__":
    sys.exit(main())
