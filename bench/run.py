"""Benchmark ``assembly analyze`` against red-dwarf 0.4.0 on the same pol.is exports.

Usage (``make bench`` runs the first line)::

    .venv/bin/python bench/run.py                       # every case, 3 rounds each
    .venv/bin/python bench/run.py --quick               # real conversations + 10,000 x 300 only
    .venv/bin/python bench/run.py --cases sim-10k-300,sim-100k-1000 --skip-reddwarf-large

For each case, each round runs, one after the other (interleaved, never in parallel):

1. ``assembly analyze CASE --json`` as a whole process, output to /dev/null;
2. ``bench/reddwarf_run.py CASE`` as a whole process, with red-dwarf's own python
   (``bench/.venv-reddwarf``, created by ``bench/setup_reddwarf.sh`` when missing);
3. ``bench/assembly_run.py CASE``, which times Assembly's analysis alone inside its process.

Wall time is measured around each child with python's ``time`` module, peak memory is the child's
maximum resident set size as the kernel reports it when the child is reaped (``os.wait4``). The
runner scripts print their in-process timings as JSON. BLAS and OpenMP thread pools are set to one
thread in every child; everything else in the environment (``OPENBLAS_CORETYPE`` included) is passed
through unchanged. Simulated cases are generated once with ``assembly simulate`` into ``bench/.cache/``.

The Markdown table goes to standard output and to ``bench/results/latest.md``; every sample goes to
``bench/results/raw/<time>.json``. See ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
RESULTS = BENCH / "results"
REDDWARF_PYTHON = BENCH / ".venv-reddwarf" / "bin" / "python"
REDDWARF_RUNNER = BENCH / "reddwarf_run.py"
ASSEMBLY_RUNNER = BENCH / "assembly_run.py"

# One thread per BLAS / OpenMP pool in every child, for both sides, so that the comparison does not
# depend on how many cores other work leaves free (the issue's benchmark rule).
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# Rounds per case: each round runs every command once (the issue asks for at least 3 each).
DEFAULT_REPEATS = 3
# A child still running after this long is killed and the benchmark stops: red-dwarf's largest case
# takes about 256 s on an idle machine and over 20 minutes on a busy one, so two hours only catch a hang.
CHILD_TIMEOUT_S = 7200.0
# Seed given to both analyses (Assembly's --seed, red-dwarf's random_state).
ANALYSIS_SEED = 0
# What the raw results keep of a runner script's JSON output.
KEPT_OUTPUT = ("participants", "statements", "votes", "timings")
# Bytes per MB in the tables (decimal megabytes, so "1 GB" in the targets is 1000 MB).
BYTES_PER_MB = 1_000_000


@dataclass(frozen=True)
class Case:
    """One input of the benchmark: a shipped pol.is export, or a simulated one (participants set)."""

    name: str
    participants: int | None = None
    statements: int | None = None
    groups: int = 3
    seed: int = 1
    # Range of statements each simulated participant votes on (the simulator's default is 20-60).
    votes_per_participant: str = "20-60"
    # red-dwarf needs minutes and several GB here: --skip-reddwarf-large leaves it out.
    large: bool = False
    # Part of --quick.
    quick: bool = False
    # Only when named in --cases (minutes per round, GBs): red-dwarf is never run on it.
    huge: bool = False

    @property
    def simulated(self) -> bool:
        return self.participants is not None

    def folder(self) -> Path:
        if self.simulated:
            return CACHE / self.name
        return ROOT / "data" / "polis-open-data" / self.name


CASES = (
    Case("bg2050-volunteers", quick=True),
    Case("scoop-hivemind.biodiversity", quick=True),
    Case("scoop-hivemind.taxes", quick=True),
    Case("sim-10k-300", participants=10_000, statements=300, quick=True),
    # Same statements as the 100,000 case: the denominator of the scaling ratio.
    Case("sim-10k-1000", participants=10_000, statements=1_000),
    # pol.is's own largest benchmark shape: about 2 M votes, so 60 votes per participant on average.
    Case("sim-33k-783", participants=33_422, statements=783, votes_per_participant="40-80"),
    Case("sim-100k-1000", participants=100_000, statements=1_000, large=True),
    # Country scale (issue 17): red-dwarf is never run on these (it needs 6.9 GB at 100,000 already).
    Case("sim-300k-1000", participants=300_000, statements=1_000, large=True, huge=True),
    Case("sim-1m-1000", participants=1_000_000, statements=1_000, large=True, huge=True),
)
CASES_BY_NAME = {case.name: case for case in CASES}
# The Case fields passed to `assembly simulate` as options (underscores become dashes).
SIMULATE_OPTIONS = ("participants", "statements", "groups", "seed", "votes_per_participant")


@dataclass
class Sample:
    """One child process: wall time, peak memory and the JSON it printed (runner scripts only)."""

    wall_s: float
    peak_mb: float
    output: dict = field(default_factory=dict)

    @property
    def analysis_s(self) -> float:
        return float(self.output["timings"]["analysis_s"])


@dataclass
class CaseResult:
    case: str
    participants: int
    statements: int
    votes: int
    ours_whole: list[Sample]
    ours_inprocess: list[Sample]
    reddwarf: list[Sample]


def assembly_command() -> list[str]:
    """The ``assembly`` console script of the running environment (or ``python -m assembly``)."""
    script = Path(sys.executable).parent / "assembly"
    return [str(script)] if script.exists() else [sys.executable, "-m", "assembly"]


def child_env() -> dict[str, str]:
    return {**os.environ, **THREAD_ENV}


def run_child(argv: list[str], *, capture: bool) -> Sample:
    """Run ``argv`` to completion; return its wall time, peak RSS and (if ``capture``) its JSON output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=out if capture else subprocess.DEVNULL, stderr=err, env=child_env(), cwd=ROOT
        )
        watchdog = threading.Timer(CHILD_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"bench: {' '.join(argv)} exited with {proc.returncode}:\n{tail}")
        output: dict = {}
        if capture:
            out.seek(0)
            # Keep the counts and timings; drop the analysis itself (group members can be 100,000 ids).
            output = {k: v for k, v in json.loads(out.read()).items() if k in KEPT_OUTPUT}
    # Linux reports ru_maxrss in KiB.
    return Sample(wall_s=wall, peak_mb=usage.ru_maxrss * 1024 / BYTES_PER_MB, output=output)


def ensure_reddwarf() -> None:
    if not REDDWARF_PYTHON.exists():
        log("creating bench/.venv-reddwarf with red-dwarf 0.4.0 from PyPI")
        subprocess.run(["sh", str(BENCH / "setup_reddwarf.sh")], check=True)


def ensure_case(case: Case) -> Path:
    """Return the case's export folder, simulating it first (once) when it is a simulated case."""
    folder = case.folder()
    if not case.simulated:
        return folder
    params = {k: v for k, v in asdict(case).items() if k in SIMULATE_OPTIONS}
    stamp = folder / "bench-params.json"
    if stamp.exists() and json.loads(stamp.read_text()) == params and (folder / "votes.csv").exists():
        return folder
    log(f"simulating {case.name}: {case.participants:,} participants x {case.statements:,} statements")
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = CACHE / f"{case.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    argv = [*assembly_command(), "simulate", "--out", str(partial)]
    for key, value in params.items():
        argv += [f"--{key.replace('_', '-')}", str(value)]
    subprocess.run(argv, check=True, env=child_env(), cwd=ROOT)
    (partial / "bench-params.json").write_text(json.dumps(params))
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def measure(case: Case, *, repeats: int, reddwarf_rounds: int) -> CaseResult:
    """Run the case's rounds, interleaving the commands; red-dwarf runs in the first ``reddwarf_rounds``."""
    folder = str(ensure_case(case))
    ours_whole: list[Sample] = []
    ours_inprocess: list[Sample] = []
    reddwarf: list[Sample] = []
    seed = str(ANALYSIS_SEED)
    for i in range(1, repeats + 1):
        whole = run_child([*assembly_command(), "analyze", folder, "--json", "--seed", seed], capture=False)
        ours_whole.append(whole)
        line = f"{case.name} round {i}/{repeats}: assembly {whole.wall_s:.2f} s {whole.peak_mb:.0f} MB"
        if i <= reddwarf_rounds:
            theirs = run_child(
                [str(REDDWARF_PYTHON), str(REDDWARF_RUNNER), folder, "--seed", seed], capture=True
            )
            reddwarf.append(theirs)
            line += f", red-dwarf {theirs.wall_s:.2f} s {theirs.peak_mb:.0f} MB"
        inproc = run_child([sys.executable, str(ASSEMBLY_RUNNER), folder, "--seed", seed], capture=True)
        ours_inprocess.append(inproc)
        line += f", assembly analysis alone {inproc.analysis_s:.3f} s"
        log(line)
    first = ours_inprocess[0].output
    return CaseResult(
        case=case.name,
        participants=int(first["participants"]),
        statements=int(first["statements"]),
        votes=int(first["votes"]),
        ours_whole=ours_whole,
        ours_inprocess=ours_inprocess,
        reddwarf=reddwarf,
    )


def median_ratio(numerators: list[float], denominators: list[float]) -> float | None:
    """Median over rounds of the per-round ratio (red-dwarf / ours); None without red-dwarf runs.

    Only the rounds that ran both sides count (red-dwarf may have run in fewer rounds).
    """
    if not numerators:
        return None
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=False))


def summarize(result: CaseResult) -> dict:
    """Medians and ratios of one case, as printed in the table."""
    rd = result.reddwarf
    return {
        "ours_whole_s": statistics.median(s.wall_s for s in result.ours_whole),
        "rd_whole_s": statistics.median(s.wall_s for s in rd) if rd else None,
        "whole_ratio": median_ratio([s.wall_s for s in rd], [s.wall_s for s in result.ours_whole]),
        "ours_analysis_s": statistics.median(s.analysis_s for s in result.ours_inprocess),
        "rd_analysis_s": statistics.median(s.analysis_s for s in rd) if rd else None,
        "analysis_ratio": median_ratio(
            [s.analysis_s for s in rd], [s.analysis_s for s in result.ours_inprocess]
        ),
        "ours_peak_mb": max(s.peak_mb for s in result.ours_whole),
        "rd_peak_mb": max(s.peak_mb for s in rd) if rd else None,
    }


def fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "–" if value is None else f"{value:{spec}}{suffix}"


def results_table(results: list[CaseResult]) -> str:
    lines = [
        "| case | participants x statements | votes | rounds | assembly whole s | red-dwarf whole s | ratio "
        "| assembly analysis s | red-dwarf pipeline s | ratio | assembly peak MB | red-dwarf peak MB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        s = summarize(r)
        lines.append(
            f"| {r.case} | {r.participants:,} x {r.statements:,} | {r.votes:,} "
            f"| {len(r.ours_whole)}/{len(r.reddwarf)} "
            f"| {fmt(s['ours_whole_s'], '.2f')} | {fmt(s['rd_whole_s'], '.2f')} "
            f"| {fmt(s['whole_ratio'], '.1f', 'x')} "
            f"| {fmt(s['ours_analysis_s'], '.3f')} | {fmt(s['rd_analysis_s'], '.3f')} "
            f"| {fmt(s['analysis_ratio'], '.1f', 'x')} "
            f"| {fmt(s['ours_peak_mb'], '.0f')} | {fmt(s['rd_peak_mb'], '.0f')} |"
        )
    return "\n".join(lines)


def check(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**NOT met**")


def targets_table(results: list[CaseResult]) -> str:
    """The issue's targets, each with what this run measured (cases not run show as not measured)."""
    by_name = {r.case: summarize(r) for r in results}
    rows: list[tuple[str, str, bool | None]] = []
    real = [c.name for c in CASES if not c.simulated and c.name in by_name]
    if real:
        ratios = [by_name[c]["whole_ratio"] for c in real]
        worst_ratio = None if None in ratios else min(ratios)
        rows.append(
            (
                "real conversations: whole process >= 5x faster than red-dwarf",
                f"lowest {fmt(worst_ratio, '.1f', 'x')}",
                None if worst_ratio is None else worst_ratio >= 5,
            )
        )
        slowest = max(by_name[c]["ours_analysis_s"] for c in real)
        rows.append(
            ("real conversations: analysis <= 0.25 s in-process", f"highest {slowest:.3f} s", slowest <= 0.25)
        )
    if "sim-33k-783" in by_name:
        s = by_name["sim-33k-783"]
        rows.append(
            ("33,422 x 783: analysis <= 2.5 s", f"{s['ours_analysis_s']:.2f} s", s["ours_analysis_s"] <= 2.5)
        )
        rows.append(("33,422 x 783: peak <= 1 GB", f"{s['ours_peak_mb']:.0f} MB", s["ours_peak_mb"] <= 1000))
    if "sim-100k-1000" in by_name:
        s = by_name["sim-100k-1000"]
        rows += [
            ("100,000 x 1,000: analysis <= 5 s", f"{s['ours_analysis_s']:.2f} s", s["ours_analysis_s"] <= 5),
            ("100,000 x 1,000: whole process <= 10 s", f"{s['ours_whole_s']:.2f} s", s["ours_whole_s"] <= 10),
            ("100,000 x 1,000: peak <= 1 GB", f"{s['ours_peak_mb']:.0f} MB", s["ours_peak_mb"] <= 1000),
            (
                "100,000 x 1,000: whole process >= 25x faster than red-dwarf",
                fmt(s["whole_ratio"], ".1f", "x"),
                None if s["whole_ratio"] is None else s["whole_ratio"] >= 25,
            ),
        ]
    if "sim-100k-1000" in by_name and "sim-10k-1000" in by_name:
        growth = by_name["sim-100k-1000"]["ours_analysis_s"] / by_name["sim-10k-1000"]["ours_analysis_s"]
        rows.append(
            ("analysis time at 100,000 / at 10,000 participants <= 15x", f"{growth:.1f}x", growth <= 15)
        )
    if not rows:
        return "No target of the issue concerns the cases of this run."
    lines = ["| target | measured | |", "|---|--:|---|"]
    lines += [f"| {target} | {measured} | {check(ok)} |" for target, measured, ok in rows]
    return "\n".join(lines)


def library_versions(python: str) -> str:
    probe = (
        "import sys, numpy, scipy, sklearn; "
        "print(f'python {sys.version.split()[0]}, numpy {numpy.__version__}, scipy {scipy.__version__}, "
        "scikit-learn {sklearn.__version__}')"
    )
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, env=child_env())
    return done.stdout.strip() or "unknown"


def machine() -> list[str]:
    """What the numbers were measured on."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    mem_kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    lines = [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {git.stdout.strip()}",
        f"- CPU: {cpu}; {os.cpu_count()} cores; memory {mem_kib / 1024**2:.1f} GiB; "
        f"load average at start {os.getloadavg()[0]:.2f}",
        f"- threads: {', '.join(f'{k}={v}' for k, v in THREAD_ENV.items())}; "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}",
        f"- assembly: {library_versions(sys.executable)}",
    ]
    if REDDWARF_PYTHON.exists():
        lines.append(f"- red-dwarf 0.4.0: {library_versions(str(REDDWARF_PYTHON))}")
    return lines


def report(results: list[CaseResult], *, repeats: int, header: list[str]) -> str:
    return "\n".join(
        [
            "## Results",
            "",
            *header,
            f"- load average at the end {os.getloadavg()[0]:.2f}",
            f"- rounds per case: {repeats} (the rounds column: Assembly's / red-dwarf's); times are medians, "
            "ratios the median of per-round red-dwarf / Assembly ratios, peaks the highest of the rounds",
            "",
            results_table(results),
            "",
            "## Targets (issue 2)",
            "",
            targets_table(results),
            "",
        ]
    )


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark assembly analyze against red-dwarf 0.4.0.")
    parser.add_argument("--quick", action="store_true", help="real conversations and 10,000 x 300 only")
    parser.add_argument("--cases", help=f"comma-separated case names, from: {', '.join(CASES_BY_NAME)}")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="rounds per case (default 3)")
    parser.add_argument(
        "--skip-reddwarf-large", action="store_true", help="do not run red-dwarf on 100,000 x 1,000"
    )
    parser.add_argument(
        "--reddwarf-large-rounds",
        type=int,
        metavar="N",
        help="run red-dwarf on 100,000 x 1,000 in the first N rounds only (default: every round)",
    )
    parser.add_argument("--no-reddwarf", action="store_true", help="run Assembly only")
    parser.add_argument(
        "--prepare", action="store_true", help="only create red-dwarf's environment and the simulated cases"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=RESULTS / "latest.md",
        help="Markdown report (default bench/results/latest.md)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.reddwarf_large_rounds is not None and args.reddwarf_large_rounds < 1:
        parser.error("--reddwarf-large-rounds must be at least 1 (use --skip-reddwarf-large for none)")
    if args.cases:
        unknown = [n for n in args.cases.split(",") if n not in CASES_BY_NAME]
        if unknown:
            parser.error(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(CASES_BY_NAME)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.cases:
        cases = [CASES_BY_NAME[n] for n in args.cases.split(",")]
    else:
        cases = [c for c in CASES if (c.quick or not args.quick) and not c.huge]
    if not args.no_reddwarf:
        ensure_reddwarf()
    if args.prepare:
        for case in cases:
            ensure_case(case)
        return 0
    # Byte-compile the package as `make setup` does: with PYTHONDONTWRITEBYTECODE set (or a read-only
    # tree), every `assembly analyze` would otherwise compile its ~40 modules again (about 65 ms a run),
    # which red-dwarf's pip-installed environment never pays.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "assembly")], check=True)
    header = machine()
    results = []
    for case in cases:
        reddwarf_rounds = args.repeats
        if args.no_reddwarf or case.huge or (case.large and args.skip_reddwarf_large):
            reddwarf_rounds = 0
        elif case.large and args.reddwarf_large_rounds is not None:
            reddwarf_rounds = min(args.reddwarf_large_rounds, args.repeats)
        results.append(measure(case, repeats=args.repeats, reddwarf_rounds=reddwarf_rounds))
    text = report(results, repeats=args.repeats, header=header)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    raw = RESULTS / "raw" / f"{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps([asdict(r) for r in results], indent=1))
    log(f"wrote {args.out} and {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
