"""Probe a real ``assembly serve`` with the attacks of issue 11, items 5 to 8; print what it answered
and what it wrote (read back with plain SQL, not through the code under test).

    .venv/bin/python bench/probe_identity.py [--database sqlite|postgresql] [--attempts N]

A fresh database (SQLite file, or a PostgreSQL database made from ``DATABASE_URL`` and dropped after)
gets an open consultation ``probe`` (one participant: the attacker) and an invite-only ``closed``;
the server runs the production settings on a loopback port. Each probe sends ``--attempts``
requests the way a browser would send them for a page of another site (``Origin``,
``Sec-Fetch-Site``), or follows a crafted link, and counts the outcomes. Exit status 0 when every
attack was refused and wrote nothing, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load.harness import Service, create_database, seed_consultation  # noqa: E402

FOREIGN_PAGE = {"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"}
SECRET_TITLE = "Probe-secret-title"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _send(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, headers, body) of one request, redirects not followed."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with _OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--attempts", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        database = create_database(args.database, Path(folder))
        server = None
        try:
            site = seed_consultation(database, slug="probe", statements=3, tokens=1)
            seed_consultation(database, slug="closed", statements=3)
            connection = database.connect()
            marker = "?" if database.kind == "sqlite" else "%s"
            connection.execute(
                f"UPDATE consultations_consultation SET invite_only = {marker}, title = {marker} "
                f"WHERE slug = {marker}",
                (True, SECRET_TITLE, "closed"),
            )
            connection.close()
            server = Service(database).start()
            results = _probe(server.base_url, database, site["tokens"][0], args.attempts)
        finally:
            if server is not None:
                server.stop()
            database.drop()
    print(json.dumps({"database": args.database, "attempts": args.attempts, "probes": results}, indent=2))
    return 0 if all(r["refused"] == r["sent"] and r["written"] == 0 for r in results) else 1


def _count(database, table: str) -> int:
    return int(database.rows(f"SELECT COUNT(*) FROM {table}")[0][0])  # noqa: S608 (fixed table names)


def _probe(base: str, database, attacker: str, attempts: int) -> list[dict[str, object]]:
    vote = json.dumps({"statement": 0, "value": 1}).encode()
    form = b"statement=0&value=1"
    embed_form = f"statement=0&value=1&embed=1&t={attacker}".encode()
    probes = [
        # (item, what, request maker, refused when, table whose rows must not grow)
        (
            "6",
            "API vote, text/plain body, foreign Origin, no token",
            lambda: _send(
                f"{base}/api/consultations/probe/votes",
                data=vote,
                headers={"Content-Type": "text/plain", "Origin": "https://attacker.example"},
            ),
            lambda s, h, b: s == 415,
            "consultations_participant",
        ),
        (
            "6",
            "API vote, JSON body, sent by another site's page, no token",
            lambda: _send(
                f"{base}/api/consultations/probe/votes",
                data=vote,
                headers={"Content-Type": "application/json", **FOREIGN_PAGE},
            ),
            lambda s, h, b: s == 403,
            "consultations_participant",
        ),
        (
            "5",
            "vote form posted by another site's page (embed=1 and the attacker's token)",
            lambda: _send(
                f"{base}/c/probe/vote/",
                data=embed_form,
                headers={"Content-Type": "application/x-www-form-urlencoded", **FOREIGN_PAGE},
            ),
            lambda s, h, b: s == 403,
            "consultations_voteevent",
        ),
        (
            "5",
            "vote form posted by another site's page (newcomer)",
            lambda: _send(
                f"{base}/c/probe/vote/",
                data=form,
                headers={"Content-Type": "application/x-www-form-urlencoded", **FOREIGN_PAGE},
            ),
            lambda s, h, b: s == 403,
            "consultations_participant",
        ),
        (
            "5",
            "crafted link /c/probe/?t=ATTACKER: a participant cookie set",
            lambda: _send(f"{base}/c/probe/?t={attacker}"),
            lambda s, h, b: "assembly_p_probe" not in (h.get("Set-Cookie") or ""),
            "consultations_participant",
        ),
        (
            "5",
            "crafted embed link opened as a page: the attacker's token in its forms",
            lambda: _send(f"{base}/c/probe/embed/?t={attacker}", headers={"Sec-Fetch-Dest": "document"}),
            lambda s, h, b: attacker.encode() not in b,
            "consultations_participant",
        ),
        (
            "7",
            "invite-only consultation page, embed and submit page without invite: title shown",
            lambda: _send(f"{base}/c/closed/" + ("", "embed/", "submit/")[_next_round()]),
            lambda s, h, b: s == 403 and SECRET_TITLE.encode() not in b,
            "consultations_participant",
        ),
        (
            "8",
            "embed view of a consultation listing no site: framable by another site",
            lambda: _send(f"{base}/c/probe/embed/"),
            lambda s, h, b: "frame-ancestors 'self'" in (h.get("Content-Security-Policy") or ""),
            "consultations_participant",
        ),
    ]
    results = []
    for item, what, send, refused_when, table in probes:
        before = _count(database, table)
        outcomes: Counter[int] = Counter()
        refused = 0
        for _attempt in range(attempts):
            status, headers, body = send()
            outcomes[status] += 1
            refused += bool(refused_when(status, headers, body))
        written = _count(database, table) - before
        results.append(
            {
                "item": item,
                "attack": what,
                "sent": attempts,
                "refused": refused,
                "statuses": dict(outcomes),
                "written": written,
                "table": table,
            }
        )
    return results


_ROUND = [0]


def _next_round() -> int:
    _ROUND[0] = (_ROUND[0] + 1) % 3
    return _ROUND[0]


if __name__ == "__main__":
    sys.exit(main())
