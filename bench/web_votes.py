"""Concurrent votes on SQLite: Assembly's connection settings against Django's defaults.

Usage::

    .venv/bin/python bench/web_votes.py                  # both variants, 16 threads x 150 votes
    .venv/bin/python bench/web_votes.py --threads 32 --votes 100 --processes 2

Each variant runs in its own child process (Django is configured once per process) on a fresh SQLite
file: ``assembly`` uses :func:`assembly.config.settings.base.database_config` (WAL, ``BEGIN
IMMEDIATE``, 20 s busy timeout); ``django-default`` is a bare ``sqlite3`` entry (rollback journal,
deferred transactions, Django's 5 s timeout); ``postgres`` (with ``--postgres URL``) is the same
code on PostgreSQL. Threads stand for the WSGI server's request threads
(``--processes`` > 1 adds processes, as several gunicorn workers would); each thread casts votes with
:func:`assembly.consultations.services.cast_vote` as fast as it can, for its own participant, on
random statements (participants are created before the clock starts). A vote that raises counts as
lost; the table gives the share lost, the error messages and the throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = 50


def _configure(variant: str, path: Path) -> None:
    from django.conf import settings

    sys.path.insert(0, str(ROOT))
    from assembly.config.settings.base import database_config

    if variant == "assembly":
        database = database_config(None, sqlite_path=path)
    elif variant == "postgres":
        database = database_config(os.environ["BENCH_DATABASE_URL"], sqlite_path=path)
    else:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    settings.configure(
        DATABASES={"default": database},
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "assembly.consultations",
            "assembly.moderation",
        ],
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    import django

    django.setup()


def _prepare(path: Path) -> None:
    from django.core.management import call_command

    from assembly.consultations import services

    call_command("migrate", verbosity=0)
    consultation = services.create_consultation(slug="bench", title="Bench", question="?")
    services.add_seed_statements(consultation, texts=[f"Statement {i}" for i in range(STATEMENTS)])


def _with_retries(make: object, attempts: int = 50) -> object:
    """Setup outside the measurement: retry what another process's lock refused."""
    from django.db import OperationalError

    for _ in range(attempts - 1):
        try:
            return make()  # type: ignore[operator]
        except OperationalError:
            time.sleep(0.1)
    return make()  # type: ignore[operator]


def _vote_loop(n_threads: int, n_votes: int, seed: int) -> dict[str, object]:
    import random

    from django.db import connection

    from assembly.consultations import services
    from assembly.consultations.models import Consultation

    consultation = Consultation.objects.get(slug="bench")
    errors: Counter[str] = Counter()
    done = Counter()
    lock = threading.Lock()
    start_gate = threading.Barrier(n_threads)

    participants = [
        _with_retries(lambda: services.create_participant(consultation)[0]) for _k in range(n_threads)
    ]

    def worker(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        start_gate.wait()
        for _ in range(n_votes):
            try:
                number = rng.randrange(STATEMENTS)
                services.cast_vote(participants[k], statement_number=number, value=rng.choice((1, -1, 0)))
            except Exception as exc:  # noqa: BLE001 (every failure is a lost vote, whatever its kind)
                with lock:
                    errors[f"{type(exc).__name__}: {exc}"] += 1
            else:
                with lock:
                    done["ok"] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    return {"ok": done["ok"], "errors": dict(errors), "seconds": seconds}


def child(variant: str, db: Path, threads: int, votes: int, seed: int, prepare: bool) -> None:
    _configure(variant, db)
    if prepare:
        _prepare(db)
        print(json.dumps({"prepared": True}))
        return
    print(json.dumps(_vote_loop(threads, votes, seed)))


def _fresh_postgres(url: str) -> None:
    """Drop and recreate the benchmark's PostgreSQL database (the URL's last path part)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_variant(variant: str, threads: int, votes: int, processes: int) -> dict[str, object]:
    if variant == "postgres":
        _fresh_postgres(os.environ["BENCH_DATABASE_URL"])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        base = [sys.executable, __file__, "--child", variant, "--db", str(db)]
        subprocess.run([*base, "--prepare"], check=True, capture_output=True)
        children = [
            subprocess.Popen(
                [*base, "--threads", str(threads), "--votes", str(votes), "--seed", str(p)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for p in range(processes)
        ]
        results = [json.loads(c.communicate()[0].strip().splitlines()[-1]) for c in children]
    attempted = threads * votes * processes
    ok = sum(r["ok"] for r in results)
    errors: Counter[str] = Counter()
    for r in results:
        errors.update(r["errors"])
    seconds = max(r["seconds"] for r in results)
    return {"variant": variant, "attempted": attempted, "ok": ok, "errors": dict(errors), "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--votes", type=int, default=150, help="votes per thread")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also run on PostgreSQL; the URL's database is dropped and recreated "
        "(e.g. postgres://postgres@127.0.0.1:5432/assembly_bench)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.db), args.threads, args.votes, args.seed, args.prepare)
        return 0
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    shape = f"{args.processes} process(es) x {args.threads} threads x {args.votes} votes"
    print(f"{shape}, {STATEMENTS} statements\n")
    print("| settings | votes attempted | recorded | lost | votes/s | errors |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    variants = ["django-default", "assembly"]
    if args.postgres:
        os.environ["BENCH_DATABASE_URL"] = args.postgres
        variants.append("postgres")
    for variant in variants:
        r = run_variant(variant, args.threads, args.votes, args.processes)
        lost = r["attempted"] - r["ok"]
        kinds = "; ".join(f"{n} x {msg[:60]}" for msg, n in sorted(r["errors"].items(), key=lambda x: -x[1]))
        print(
            f"| {variant} | {r['attempted']} | {r['ok']} | {lost} ({100 * lost / r['attempted']:.1f}%) "
            f"| {r['ok'] / r['seconds']:.0f} | {kinds or '-'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
