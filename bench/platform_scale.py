"""The platform on a large imported consultation, live: first analysis, vote visibility, latencies, memory.

Usage::

    .venv/bin/python bench/platform_scale.py                                # 100,000 x 1,000, SQLite
    .venv/bin/python bench/platform_scale.py --database postgresql          # on PostgreSQL
    .venv/bin/python bench/platform_scale.py --participants 1000000 --duration 120

Steps, with real processes (``bench/load/harness.py``) on a fresh database:

1. ``assembly import CASE --slug scale`` of the simulated export (``bench/import_export.py`` generates
   it into ``bench/.cache/``), then the consultation's results made public.
2. ``assembly worker`` starts; the time until its first snapshot is stored is the first analysis from
   the database (reading every vote included); its peak memory is read from /proc (VmHWM).
3. ``assembly serve --no-analysis`` starts (two web processes unless ``--processes``), and the open-loop
   load generator (``bench/load/loadgen.py``, mode ``vote``) sends ``--rate`` votes per second for
   ``--duration`` seconds from new participants. Meanwhile, every second, the newest vote event's id is
   noted; it is visible once the stored snapshot's ``last_vote_event_id`` reaches it (what the results
   page and API show), and the wait is its visibility latency. Twice a second the results page and
   the results API are fetched (anonymous: the results are public); the web processes' and the
   worker's resident memory is sampled.

Printed: a Markdown table of the figures and the settings. Rate limits for new participants are off
(as in bench/load). BLAS thread pools are set to one thread. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.import_export import THREAD_ENV, generate  # noqa: E402
from bench.load.harness import Database, Service, create_database, run_assembly  # noqa: E402
from bench.load.loadgen import LoadConfig, percentile, run_load  # noqa: E402

SLUG = "scale"
LOAD_ENV = {"ASSEMBLY_RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR": "0", **THREAD_ENV}
BYTES_PER_MB = 1_000_000
# Give up waiting for the first analysis after this long.
FIRST_ANALYSIS_TIMEOUT_S = 1800.0
# How long after the load a vote noted during it may still become visible.
VISIBILITY_GRACE_S = 60.0


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def group_pids(leader: int) -> list[int]:
    """The live processes of a process group (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == leader:
                pids.append(int(entry.name))
    return pids


def snapshot_state(database: Database) -> tuple[str | None, int]:
    rows = database.rows(
        "SELECT s.finished_at, s.last_vote_event_id FROM results_analysissnapshot s "
        "JOIN consultations_consultation c ON c.id = s.consultation_id WHERE c.slug = %s",
        (SLUG,),
    )
    if not rows:
        return None, 0
    return rows[0][0], int(rows[0][1] or 0)


def newest_event(database: Database) -> int:
    return int(database.rows("SELECT max(id) FROM consultations_voteevent")[0][0] or 0)


class Observer:
    """What the bench samples while the votes arrive (one thread per activity)."""

    def __init__(self, database: Database, server: Service, worker: Service) -> None:
        self.database, self.server, self.worker = database, server, worker
        self.stop = threading.Event()
        self.pending: list[tuple[float, int]] = []  # (noted at, event id) not yet visible
        self.visibility: list[float] = []
        self.latency: dict[str, list[float]] = {"results page": [], "results API": []}
        self.errors: dict[str, int] = {"results page": 0, "results API": 0}
        self.web_rss_kb: list[int] = []  # the largest web process, at each sample
        self.worker_hwm_kb = 0

    def watch_votes(self) -> None:
        while not self.stop.is_set() or (self.pending and time.monotonic() < self.grace_until):
            now = time.monotonic()
            if not self.stop.is_set():
                self.pending.append((now, newest_event(self.database)))
            _finished, seen = snapshot_state(self.database)
            still = []
            for noted, event in self.pending:
                if event <= seen:
                    self.visibility.append(time.monotonic() - noted)
                else:
                    still.append((noted, event))
            self.pending = still
            time.sleep(max(0.0, 1.0 - (time.monotonic() - now)))

    def fetch(self) -> None:
        urls = {
            "results page": f"{self.server.base_url}/c/{SLUG}/results/",
            "results API": f"{self.server.base_url}/api/consultations/{SLUG}/results",
        }
        while not self.stop.is_set():
            for name, url in urls.items():
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
                        response.read()
                        ok = response.status == 200
                except OSError:
                    ok = False
                if ok:
                    self.latency[name].append(time.perf_counter() - started)
                else:
                    self.errors[name] += 1
            time.sleep(0.5)

    def memory(self) -> None:
        while not self.stop.is_set():
            web = [_status_kb(pid, "VmRSS") for pid in group_pids(self.server.pid or 0)]
            self.web_rss_kb.append(max(web, default=0))
            self.worker_hwm_kb = max(self.worker_hwm_kb, _status_kb(self.worker.pid or 0, "VmHWM"))
            time.sleep(1.0)

    def run(self, duration: float) -> None:
        self.grace_until = float("inf")
        threads = [
            threading.Thread(target=f, daemon=True) for f in (self.watch_votes, self.fetch, self.memory)
        ]
        for thread in threads:
            thread.start()
        time.sleep(duration)
        self.grace_until = time.monotonic() + VISIBILITY_GRACE_S
        self.stop.set()
        for thread in threads:
            thread.join()


def first_analysis(database: Database, worker: Service) -> tuple[float, int]:
    """Seconds from the worker's start to the first stored snapshot, and the worker's peak KiB."""
    started = time.monotonic()
    peak = 0
    while time.monotonic() - started < FIRST_ANALYSIS_TIMEOUT_S:
        peak = max(peak, _status_kb(worker.pid or 0, "VmHWM"))
        finished, _seen = snapshot_state(database)
        if finished is not None:
            return time.monotonic() - started, peak
        if not worker.alive():
            raise RuntimeError(f"assembly worker exited:\n{worker.log()}")
        time.sleep(0.2)
    raise RuntimeError("no analysis within the timeout")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rate", type=float, default=200.0, help="votes per second (default 200)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--processes", type=int, default=2, help="web processes (default 2)")
    parser.add_argument("--voters", type=int, default=2_000, help="new participants voting (default 2000)")
    args = parser.parse_args()
    source = generate(args.participants, args.statements)
    with tempfile.TemporaryDirectory() as folder:
        database = create_database(args.database, Path(folder))
        worker = server = None
        try:
            clock = time.monotonic()
            run_assembly(database, "import", str(source), "--slug", SLUG, extra_env=THREAD_ENV)
            imported = time.monotonic() - clock
            publish = "UPDATE consultations_consultation SET results_public = %s WHERE slug = %s"
            connection = database.connect()
            connection.execute(
                publish.replace("%s", "?") if args.database == "sqlite" else publish, (True, SLUG)
            )
            connection.close()
            worker = Service(database, command="worker", extra_env=LOAD_ENV).start()
            first, first_peak_kb = first_analysis(database, worker)
            server_args = ("--no-analysis", "--processes", str(args.processes))
            server = Service(database, args=server_args, extra_env=LOAD_ENV).start()
            idle_web_kb = max(_status_kb(pid, "VmRSS") for pid in group_pids(server.pid or 0))
            observer = Observer(database, server, worker)
            config = LoadConfig(
                base_url=server.base_url,
                slug=SLUG,
                rate=args.rate,
                duration=args.duration,
                participants=args.voters,
                mode="vote",
                statements=tuple(range(args.statements)),
                processes=2,
                threads=16,
            )
            load = run_load(config, during=lambda: observer.run(args.duration))
        finally:
            for service in (server, worker):
                if service is not None:
                    service.stop()
            database.drop()
    votes = load.latencies("vote")
    rows = [
        ("import --slug (wall s)", f"{imported:.1f}"),
        ("first analysis from the database (wall s)", f"{first:.1f}"),
        ("worker peak memory at the first analysis (MB)", f"{first_peak_kb * 1024 / BYTES_PER_MB:.0f}"),
        ("votes sent / answered 200", f"{len(load.samples)} / {len(votes)}"),
        ("vote p95 (ms)", f"{percentile(votes, 95) * 1000:.0f}"),
        ("new vote visible in the results: median / p95 / max (s)", _three(observer.visibility)),
        ("votes noted but never visible", str(len(observer.pending))),
    ]
    for name, values in observer.latency.items():
        rows.append((f"{name} p95 (ms), {len(values)} requests, {observer.errors[name]} errors", _ms(values)))
    rows += [
        (
            "largest web process, idle / during the load (MB)",
            f"{idle_web_kb * 1024 / BYTES_PER_MB:.0f} / "
            f"{max(observer.web_rss_kb, default=0) * 1024 / BYTES_PER_MB:.0f}",
        ),
        ("worker peak memory over the run (MB)", f"{observer.worker_hwm_kb * 1024 / BYTES_PER_MB:.0f}"),
    ]
    print(
        f"{source.name} on {args.database}: {args.rate:.0f} votes/s for {args.duration:.0f} s, "
        f"{args.processes} web processes, load average {os.getloadavg()[0]:.1f}"
    )
    print("| measure | value |\n|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value} |")


def _ms(values: list[float]) -> str:
    return f"{percentile(values, 95) * 1000:.0f}" if values else "none"


def _three(values: list[float]) -> str:
    if not values:
        return "none"
    return " / ".join(f"{percentile(values, q):.1f}" for q in (50, 95, 100))


if __name__ == "__main__":
    main()
