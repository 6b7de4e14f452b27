"""CPU per participant request, measured in-process: the WSGI application without a server or network.

Usage::

    .venv/bin/python bench/load/profile_requests.py                    # SQLite, 2,000 steps
    .venv/bin/python bench/load/profile_requests.py --database postgresql
    .venv/bin/python bench/load/profile_requests.py --profile out.prof # also a cProfile of the steps

Each step is what one simulated participant of ``run.py`` does: fetch its next statement
(``GET .../statements/next``) and vote on it (``POST .../votes``), with its token once it has one.
``--participants`` participants take turns (the first round creates them and is not measured). Prints
the CPU time (this process, user + system) per request of each kind, so a change to the request path
can be compared before and after without the noise of a shared machine's other jobs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load.harness import create_database, seed_consultation  # noqa: E402
from bench.load.run import LOAD_ENV  # noqa: E402


def _environ(method: str, path: str, token: str | None, body: bytes = b"") -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "application/json",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if body:
        environ["CONTENT_TYPE"] = "application/json"
        environ["CONTENT_LENGTH"] = str(len(body))
    if token:
        environ["HTTP_X_PARTICIPANT_TOKEN"] = token
    return environ


class _Client:
    def __init__(self, application: Any, slug: str) -> None:
        self.application, self.slug = application, slug
        self.statuses: dict[str, int] = {}

    def call(self, kind: str, method: str, path: str, token: str | None, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else b""
        status: list[str] = []

        def start_response(line: str, _headers: list[tuple[str, str]], _exc: Any = None) -> None:
            status.append(line)

        chunks = self.application(_environ(method, path, token, data), start_response)
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        key = f"{kind} {status[0].split()[0]}"
        self.statuses[key] = self.statuses.get(key, 0) + 1
        return json.loads(content) if content else None

    def step(self, tokens: dict[int, str], participant: int, rng: random.Random) -> None:
        base = f"/api/consultations/{self.slug}"
        token = tokens.get(participant)
        card = self.call("next", "GET", f"{base}/statements/next", token)
        statement = (card or {}).get("statement")
        if not statement:
            return
        body = {"statement": statement["number"], "value": rng.choice((1, -1, 0))}
        answer = self.call("vote", "POST", f"{base}/votes", token, body)
        if answer and answer.get("participant_token"):
            tokens[participant] = answer["participant_token"]


def _analyse(slug: str) -> None:
    from assembly.consultations.models import Consultation
    from assembly.results.snapshots import refresh_snapshot

    refresh_snapshot(Consultation.objects.get(slug=slug), owner="profile_requests")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--steps", type=int, default=2000, help="measured steps (next + vote each)")
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--statements", type=int, default=50)
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the measured steps here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="assembly-profile-") as tmp:
        database = create_database(args.database, Path(tmp) / "site")
        try:
            site = seed_consultation(database, slug="load", statements=args.statements)
            os.environ.pop("DATABASE_URL", None)  # env() names the run's database if it is PostgreSQL
            os.environ.update(database.env(LOAD_ENV))
            from assembly.config.wsgi import application

            client = _Client(application, site["slug"])
            rng = random.Random(0)
            tokens: dict[int, str] = {}
            for participant in range(args.participants):  # create them: not measured
                client.step(tokens, participant, rng)
            _analyse(site["slug"])  # so the next statement is drawn with routing priorities, as in a run
            client.statuses.clear()
            profiler = cProfile.Profile() if args.profile else None
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            for index in range(args.steps):
                client.step(tokens, index % args.participants, rng)
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            requests = sum(client.statuses.values())
            print(
                json.dumps(
                    {
                        "database": args.database,
                        "requests": requests,
                        "statuses": client.statuses,
                        "cpu_ms_per_request": round(1000 * cpu / max(1, requests), 3),
                        "wall_ms_per_request": round(1000 * wall / max(1, requests), 3),
                        "load_average": [round(x, 2) for x in os.getloadavg()],
                    }
                )
            )
        finally:
            from django.db import connections

            connections.close_all()
            database.drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
