"""The cost of the vote card's Undo against a vote's, and that every undo leaves the live vote and the
history's latest in agreement (issue 14 item 3).

Usage::

    .venv/bin/python bench/undo_votes.py                 # SQLite file, 300 participants
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/undo_votes.py --postgres

Each participant votes on three statements, changes their mind on the last one, then undoes twice:
the change (the earlier value is restored, a new event) and, once it is the last vote again after a
fresh vote, a first vote (removed with its event). Times are of the service calls
(:func:`~assembly.consultations.services.cast_vote`, :func:`~assembly.consultations.services.undo_last_vote`),
one thread, on a fresh database; the last line counts (participant, statement) pairs whose live vote
differs from the history's latest (must be 0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _configure(postgres: bool, folder: Path) -> None:
    """The project's own settings, on a fresh SQLite file in ``folder`` (or BENCH_DATABASE_URL)."""
    sys.path.insert(0, str(ROOT))
    os.environ["ASSEMBLY_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.base")
    if postgres:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms ({len(ordered)} calls)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--postgres", action="store_true", help="use BENCH_DATABASE_URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _configure(args.postgres, Path(folder))
        from django.core.management import call_command

        from assembly.consultations import services
        from assembly.consultations.models import VOTE_ORDER, Vote, VoteEvent

        call_command("migrate", verbosity=0)
        consultation = services.create_consultation(slug="bench-undo", title="Bench", question="?")
        services.add_seed_statements(consultation, texts=[f"Statement {i}" for i in range(4)])
        votes: list[float] = []
        undos: list[float] = []
        for _ in range(args.participants):
            participant, _token = services.create_participant(consultation)
            for number, value in ((0, 1), (1, -1), (2, 0), (2, 1), (3, -1)):
                if number == 3:  # undo the change on #2 first, then vote on #3 and undo that first vote
                    start = time.perf_counter()
                    services.undo_last_vote(participant, statement_number=2, value=1)
                    undos.append(time.perf_counter() - start)
                start = time.perf_counter()
                services.cast_vote(participant, statement_number=number, value=value)
                votes.append(time.perf_counter() - start)
            start = time.perf_counter()
            services.undo_last_vote(participant, statement_number=3, value=-1)
            undos.append(time.perf_counter() - start)
        latest: dict[tuple[int, int], int] = {}
        for p, s, v in (
            VoteEvent.objects.filter(consultation=consultation)
            .order_by(*VOTE_ORDER)
            .values_list("participant_id", "statement_id", "value")
        ):
            latest[(p, s)] = v
        live = {
            (p, s): v
            for p, s, v in Vote.objects.filter(consultation=consultation).values_list(
                "participant_id", "statement_id", "value"
            )
        }
        disagreeing = sum(1 for key in latest.keys() | live.keys() if latest.get(key) != live.get(key))
        print(f"database: {'postgresql' if args.postgres else 'sqlite'}")
        print(f"vote: {_ms(votes)}")
        print(f"undo: {_ms(undos)}")
        print(f"live votes {len(live)}; pairs whose live vote and history's latest differ: {disagreeing}")
        if args.postgres:
            consultation.delete()


if __name__ == "__main__":
    main()
