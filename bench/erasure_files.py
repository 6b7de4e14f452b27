"""What an erasure leaves in the SQLite files, and how long it takes (docs/reliability-log.md, issue 11
item 15).

Usage::

    .venv/bin/python bench/erasure_files.py [--participants 200] [--statements 50] [--erasures 10]

On a fresh SQLite database in a temporary folder, with the production settings: every participant votes
on every statement and submits one statement (pending, so its text is erased with its author's data);
then participants are erased one by one, with a few more votes between erasures. For each erasure it
prints the time ``erase_participant`` took, the write-ahead log's size before and after, and which files
still hold the erased text; at the start, the permissions of the folder and files.
"""

from __future__ import annotations

import argparse
import os
import stat
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode)) if path.exists() else "absent"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--statements", type=int, default=50)
    parser.add_argument("--erasures", type=int, default=10)
    args = parser.parse_args(argv)

    data = Path(tempfile.mkdtemp(prefix="assembly-erasure-")) / "site"
    data.mkdir()
    os.environ.update(
        ASSEMBLY_DATA_DIR=str(data),
        DJANGO_SETTINGS_MODULE="assembly.config.settings.production",
        ASSEMBLY_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE="0",
        ASSEMBLY_RATE_LIMIT_STATEMENTS_PER_MINUTE="0",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from assembly.consultations import services
    from assembly.consultations.privacy import erase_participant

    call_command("migrate", verbosity=0)
    consultation = services.create_consultation(slug="erasure", title="Erasure", question="Q?")
    services.add_seed_statements(consultation, texts=[f"Seed {i}" for i in range(args.statements)])
    people = []
    for p in range(args.participants):
        participant, _token = services.create_participant(consultation)
        for s in range(args.statements):
            services.cast_vote(participant, statement_number=s, value=(p + s) % 3 - 1)
        services.submit_statement(participant, text=f"Private words of participant {p} zq{p}x")
        people.append(participant)
    database = data / "assembly.sqlite3"
    wal, shm = (database.with_name(database.name + suffix) for suffix in ("-wal", "-shm"))
    print(f"modes: folder {_mode(data)}, database {_mode(database)}, -wal {_mode(wal)}, -shm {_mode(shm)}")
    step = max(args.participants // args.erasures, 1)
    times, holding = [], 0
    for p in range(0, args.participants, step)[: args.erasures]:
        before = wal.stat().st_size if wal.exists() else 0
        start = time.perf_counter()
        erase_participant(people[p])
        times.append(time.perf_counter() - start)
        found = [f.name for f in (database, wal) if f.exists() and f"zq{p}x".encode() in f.read_bytes()]
        holding += bool(found)
        after = wal.stat().st_size if wal.exists() else 0
        print(f"erasure of #{p}: {times[-1] * 1000:.1f} ms, -wal {before} -> {after} bytes, text in {found}")
        for q in range(p + 1, min(p + step, args.participants)):  # the log grows again between erasures
            services.cast_vote(people[q], statement_number=0, value=1)
    print(
        f"median erasure {statistics.median(times) * 1000:.1f} ms; text left after {holding} of {len(times)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
