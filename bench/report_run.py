"""Time ``assembly report`` (the compact default) as a whole process, HTML and PDF apart (issue 17 item 4).

Usage::

    .venv/bin/python bench/report_run.py [--cases sim-100k-1000] [--repeats 3]

Each case is one of ``bench/run.py``'s (a simulated one is generated first into ``bench/.cache/``, as
``bench/run.py`` does). Each round runs ``assembly report CASE --out TMP --format html`` and then the same
with ``--format pdf``, one after the other, with the thread pools at one thread, and records the wall time
(``time.perf_counter`` around the child) and the peak resident memory (``os.wait4``), as ``bench/run.py``
does. Prints one Markdown table: medians over the rounds, peaks the highest. Target: at most 30 s for each
format on 100,000 x 1,000.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import CASES_BY_NAME, assembly_command, ensure_case, log, machine, run_child  # noqa: E402

FORMATS = ("html", "pdf")
TARGET_S = 30.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="sim-100k-1000", help="comma-separated bench/run.py case names")
    parser.add_argument("--repeats", type=int, default=3, help="rounds per case (default 3)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.cases.split(",") if n not in CASES_BY_NAME]
    if unknown or args.repeats < 1:
        parser.error(f"unknown case(s) {', '.join(unknown)}" if unknown else "--repeats must be at least 1")
    lines = [*machine(), ""]
    lines += [
        "| case | format | rounds | whole s (median) | peak MB | target 30 s |",
        "|---|---|--:|--:|--:|---|",
    ]
    for name in args.cases.split(","):
        folder = str(ensure_case(CASES_BY_NAME[name]))
        walls: dict[str, list[float]] = {f: [] for f in FORMATS}
        peaks: dict[str, float] = dict.fromkeys(FORMATS, 0.0)
        for i in range(1, args.repeats + 1):
            for fmt in FORMATS:
                with tempfile.TemporaryDirectory() as out:
                    sample = run_child(
                        [*assembly_command(), "report", folder, "--out", out, "--format", fmt], capture=False
                    )
                walls[fmt].append(sample.wall_s)
                peaks[fmt] = max(peaks[fmt], sample.peak_mb)
                log(f"{name} round {i}/{args.repeats}: {fmt} {sample.wall_s:.2f} s {sample.peak_mb:.0f} MB")
        for fmt in FORMATS:
            median = statistics.median(walls[fmt])
            met = "met" if median <= TARGET_S else "not met"
            lines.append(f"| {name} | {fmt} | {args.repeats} | {median:.2f} | {peaks[fmt]:.0f} | {met} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
