"""How long `assembly serve` takes to refuse an oversized API body on a kept-alive connection
(docs/reliability-log.md, issue 11 item 2).

Usage::

    .venv/bin/python bench/oversized_bodies.py [--tries 5]

Starts one `assembly serve` web process on a fresh SQLite site, then on one HTTP/1.1 connection posts
votes padded to 3, 16 and 32 MiB (each refused with 413), each followed by a GET that must be answered
on the same connection; prints the median and fastest refusal per size.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES_MIB = (3, 16, 32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from assembly.config.request_body import DRAIN_MAX_BYTES
    from bench.load.harness import LOOPBACK, Service, create_database, seed_consultation

    database = create_database("sqlite", Path(tempfile.mkdtemp(prefix="assembly-bodies-")) / "site")
    seed_consultation(database, slug="bodies", statements=1, tokens=0)
    server = Service(database, command="serve", args=("--no-analysis", "--processes", "1")).start()
    try:
        connection = http.client.HTTPConnection(LOOPBACK, server.port, timeout=120)
        connection.connect()
        local = connection.sock.getsockname()
        for mib in SIZES_MIB:
            size = min(mib * 2**20, DRAIN_MAX_BYTES)
            body = b'{"statement": 0, "value": 1, "pad": "' + b"x" * (size - 40) + b'"}'
            times = []
            for _try in range(args.tries):
                start = time.perf_counter()
                connection.request("POST", "/api/consultations/bodies/votes", body=body)
                refused = connection.getresponse()
                refused.read()
                times.append(time.perf_counter() - start)
                connection.request("GET", "/api/consultations/bodies")
                following = connection.getresponse()
                following.read()
                if (refused.status, following.status) != (413, 200) or connection.sock.getsockname() != local:
                    print(f"{mib} MiB: unexpected {refused.status} / {following.status} or a new connection")
                    return 1
            times.sort()
            print(
                f"{len(body) / 2**20:.1f} MiB: 413 in {times[len(times) // 2] * 1000:.0f} ms median "
                f"({times[0] * 1000:.0f} fastest); the next request answered on the same connection"
            )
        return 0
    finally:
        server.stop()
        database.drop()


if __name__ == "__main__":
    raise SystemExit(main())
