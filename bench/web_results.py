"""The background analysis of the web platform: how long a refresh takes, where the time goes, and how
soon a new vote shows in the results.

Usage::

    .venv/bin/python bench/web_results.py                              # 10,000 participants x 300 statements
    .venv/bin/python bench/web_results.py --participants 100000 --statements 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/assembly_bench .venv/bin/python bench/web_results.py

Builds a simulated consultation (``assembly.simulate``, two groups) in a fresh SQLite file (or the
database ``DATABASE_URL`` names: it must be empty or disposable, the consultation ``bench`` in it is
replaced), then measures, each several times: the change marker the runner reads every second; a
whole refresh (read the consultation, run the analysis, store the snapshot)
and its parts; the results page's model, a participant's "where do I stand" and the status fragment;
the routing priorities read by every participant page. Finally it starts the ``assembly serve`` thread
and casts votes one by one, timing how long each takes to be included in the stored analysis. Prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLUG = "bench"


def _timed(fn, repeats: int) -> tuple[float, float, object]:
    """Median wall seconds and median CPU seconds (this process) of ``repeats`` calls, and the last result.

    CPU time says what a step costs when the machine is busy with other work; wall time what it took.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _setup(participants: int, statements: int, *, reuse: bool) -> object:
    from assembly.consultations.datasets import import_dataset
    from assembly.consultations.models import Consultation
    from assembly.simulate import simulate_consultation

    existing = Consultation.objects.filter(slug=SLUG).first()
    if reuse and existing is not None:
        if (existing.participants.count(), existing.statements.count()) == (participants, statements):
            print("reusing the consultation built by an earlier run", flush=True)
            return existing
    Consultation.objects.filter(slug=SLUG).delete()
    dataset = simulate_consultation(participants=participants, statements=statements, groups=2, seed=1)
    start = time.perf_counter()
    consultation = import_dataset(dataset, slug=SLUG, title="Bench", question="Q?", results_public=True)
    print(f"imported {len(dataset.votes):,} vote events in {time.perf_counter() - start:.1f} s", flush=True)
    return consultation


def _latency(consultation, votes: int) -> list[float]:
    """Seconds from a vote to the stored analysis that includes it, for ``votes`` votes cast one by one."""
    from assembly.consultations import services
    from assembly.consultations.models import Statement, VoteEvent
    from assembly.results.models import AnalysisSnapshot
    from assembly.results.runner import start_background_thread

    background = start_background_thread()
    numbers = list(Statement.objects.visible_to_participants(consultation).values_list("number", flat=True))
    rng = random.Random(7)
    delays = []
    try:
        for _ in range(votes):
            time.sleep(rng.uniform(0, 1))  # votes arrive at any moment of the runner's cycle
            participant, _token = services.create_participant(consultation)
            services.cast_vote(participant, statement_number=rng.choice(numbers), value=1)
            cast = time.perf_counter()
            event = VoteEvent.objects.filter(participant=participant).latest("id").id
            included = AnalysisSnapshot.objects.filter(consultation=consultation)
            while included.values_list("last_vote_event_id", flat=True).get() < event:
                time.sleep(0.05)
            delays.append(time.perf_counter() - cast)
    finally:
        background.stop(timeout=60)
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--votes", type=int, default=10, help="votes timed from cast to results")
    parser.add_argument(
        "--data",
        type=Path,
        help="keep the SQLite database in this folder and reuse its consultation when the sizes match",
    )
    args = parser.parse_args()

    data = args.data or tempfile.mkdtemp(prefix="assembly-bench-")
    os.environ.setdefault("ASSEMBLY_DATA_DIR", str(data))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from assembly.consultations.datasets import export_dataset
    from assembly.results import presentation, reading, snapshots
    from assembly.results.routing import latest_priorities

    consultation = _setup(args.participants, args.statements, reuse=args.data is not None)
    rows = []

    def measure(label: str, fn, repeats: int = args.repeats):
        wall, cpu, result = _timed(fn, repeats)
        rows.append((label, wall, cpu))
        print(f"{label}: {wall:.3f} s ({cpu:.3f} s CPU)", flush=True)
        return result

    measure("change marker (every runner pass)", lambda: snapshots.change_marker(consultation), 20)
    measure("read everything (export_dataset, for reports)", lambda: export_dataset(consultation), 1)
    reading.forget(consultation)
    measure(
        "read for the analysis, first time (cold cache)", lambda: reading.read_for_analysis(consultation), 1
    )
    dataset, _last = measure(
        "read for the analysis, next times (new events only)", lambda: reading.read_for_analysis(consultation)
    )
    measure("analysis + JSON document + positions", lambda: snapshots._analyse(dataset))
    outcome = measure(
        "whole refresh (read, analyse, store)",
        lambda: snapshots.refresh_snapshot(consultation, owner="bench"),
    )
    assert outcome.status == "done", outcome.error
    measure("results page model (build_results_page)", lambda: presentation.build_results_page(consultation))
    from assembly.results.standing import build_standing

    placed = consultation.participants.order_by("number").first()  # simulated: everyone votes enough
    measure(
        "where do I stand (build_results_page + build_standing)",
        lambda: build_standing(presentation.build_results_page(consultation), placed),
    )
    measure("results status fragment (build_status)", lambda: presentation.build_status(consultation), 20)
    measure("routing priorities (every participant page)", lambda: latest_priorities(consultation), 20)
    delays = _latency(consultation, args.votes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(
        f"\n{args.participants:,} participants x {args.statements:,} statements, "
        f"{len(dataset.votes):,} vote events, {engine}\n"
    )
    print("| step | median wall seconds | median CPU seconds |\n|---|---:|---:|")
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.3f} | {cpu:.3f} |")
    print(f"| vote -> stored analysis, median of {len(delays)} | {statistics.median(delays):.2f} | |")
    print(f"| vote -> stored analysis, worst of {len(delays)} | {max(delays):.2f} | |")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nPeak resident memory of the process: {peak:,.0f} MB. Load average at the end: {load} "
        f"on {os.cpu_count()} CPUs."
    )
    if args.data is None:  # a temporary database: remove it (hundreds of MB at the large sizes)
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
