"""The load benchmark: participants voting through the API on a real ``assembly serve``, on loopback.

Usage::

    .venv/bin/python bench/load/run.py                          # SQLite, 200 votes/s for 120 s
    .venv/bin/python bench/load/run.py --database postgresql    # a fresh PostgreSQL database
    .venv/bin/python bench/load/run.py --duration 20 --json out.json

``--participants`` simulated participants (default 1,000) take turns: each, every
``participants / rate`` seconds, fetches its next statement (``GET .../statements/next``) and votes on it
(``POST .../votes``), so the server answers ``rate`` votes and ``rate`` next-statement requests a second.
The generator is open-loop (see ``loadgen.py``): latency counts from when a request was due. The run
passes when the 95th percentile of every kind of request is under ``--p95-ms`` (300) and no request
failed; the exit status says so (0 pass, 1 fail).

PostgreSQL: the server named by ``ASSEMBLY_TEST_POSTGRES_URL`` or ``DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); a database is created for the run and dropped after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load.harness import Database, Service, create_database, seed_consultation  # noqa: E402
from bench.load.loadgen import LoadConfig, LoadResult, run_load  # noqa: E402

# The target: 95% of requests answered within 300 ms, none failed.
P95_LIMIT_MS = 300.0
# Rate limits for a load run: every simulated participant comes from 127.0.0.1, so the per-address cap
# on new participants is off; the per-participant limits (60 votes, 5 statements a minute) stay on.
LOAD_ENV = {"ASSEMBLY_RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR": "0"}


def _group_cpu_seconds(leader: int) -> float | None:
    """CPU time (user + system) used so far by the live processes of a process group (Linux /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == leader:  # the process group
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def analysis_runs(database: Database) -> dict[str, Any]:
    """The latest analysis snapshot: votes analysed and how long its run took."""
    rows = database.rows("SELECT votes, duration_seconds FROM results_analysissnapshot")
    if not rows:
        return {}
    votes, seconds = rows[0]
    return {"votes_analysed": votes, "last_run_seconds": round(float(seconds or 0.0), 3)}


def benchmark(
    database: Database,
    server: Service,
    *,
    slug: str,
    rate: float,
    duration: float,
    participants: int,
    clients: int = 2,
    threads: int = 16,
    revote_share: float = 0.0,
    mode: str = "flow",
    seed: int = 0,
) -> tuple[dict[str, Any], LoadResult]:
    """Run the load against ``server`` (serving ``database``) on consultation ``slug``; (report, result)."""
    config = LoadConfig(
        base_url=server.base_url,
        slug=slug,
        rate=rate,
        duration=duration,
        participants=participants,
        processes=clients,
        threads=threads,
        revote_share=revote_share,
        mode=mode,
        seed=seed,
    )
    load_before = os.getloadavg()
    cpu_before = _group_cpu_seconds(server.pid or 0)
    started = time.monotonic()
    result = run_load(config)
    elapsed = time.monotonic() - started
    cpu_after = _group_cpu_seconds(server.pid or 0)
    report = {
        "database": database.kind,
        "mode": mode,
        "rate": rate,
        "duration_s": duration,
        "participants": participants,
        "server_args": list(server.args),
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "elapsed_s": round(elapsed, 1),
        **result.summary(),
        "analysis": analysis_runs(database),
    }
    if cpu_before is not None and cpu_after is not None:
        used = cpu_after - cpu_before
        report["server_cpu_s"] = round(used, 1)
        report["server_cpu_ms_per_request"] = round(1000 * used / max(1, len(result.samples)), 2)
    report["errors"] = result.errors[:5]
    if result.failures():
        report["server_log_tail"] = server.log()[-2000:]
    return report, result


def passed(report: dict[str, Any], *, p95_ms: float = P95_LIMIT_MS) -> bool:
    """No failed request, and every kind's 95th percentile under ``p95_ms``."""
    kinds = [report[k] for k in ("page", "next", "vote") if k in report]
    return report["failures"] == 0 and bool(kinds) and all(k["p95_ms"] < p95_ms for k in kinds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rate", type=float, default=200.0, help="votes per second (default 200)")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds (default 120)")
    parser.add_argument(
        "--participants", type=int, default=1000, help="simulated participants (default 1000)"
    )
    parser.add_argument("--statements", type=int, default=50)
    parser.add_argument(
        "--mode",
        choices=("flow", "page"),
        default="flow",
        help="flow: the API, next statement then vote (default); page: the participant page with htmx",
    )
    parser.add_argument("--server-processes", type=int, default=None, help="assembly serve --processes")
    parser.add_argument("--server-threads", type=int, default=None, help="assembly serve --threads")
    parser.add_argument("--clients", type=int, default=2, help="load generator processes (default 2)")
    parser.add_argument(
        "--client-threads", type=int, default=16, help="threads per load generator process (default 16)"
    )
    parser.add_argument("--p95-ms", type=float, default=P95_LIMIT_MS)
    parser.add_argument("--json", metavar="FILE", help="also write the report here")
    args = parser.parse_args(argv)

    server_args: tuple[str, ...] = ()
    if args.server_processes:
        server_args += ("--processes", str(args.server_processes))
    if args.server_threads:
        server_args += ("--threads", str(args.server_threads))
    with tempfile.TemporaryDirectory(prefix="assembly-load-") as tmp:
        database = create_database(args.database, Path(tmp) / "site")
        server = Service(database, args=server_args, extra_env=LOAD_ENV)
        try:
            site = seed_consultation(database, slug="load", statements=args.statements)
            server.start()
            report, _result = benchmark(
                database,
                server,
                slug=site["slug"],
                rate=args.rate,
                duration=args.duration,
                participants=args.participants,
                clients=args.clients,
                threads=args.client_threads,
                mode=args.mode,
            )
        finally:
            server.stop()
            database.drop()
    report["passed"] = passed(report, p95_ms=args.p95_ms)
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
