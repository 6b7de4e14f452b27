"""The JSON API survives schemathesis run against its own OpenAPI document (issue "Reliability", item 5).

schemathesis (its command line, default checks: no server error, documented status codes, content types
and headers, responses matching their schemas, schema-valid requests accepted and schema-violating ones
refused) generates requests for every operation of ``/api/openapi.json``, once as an anonymous visitor
and once as a participant (token header). Staff operations answer both with their documented 401/403.
Afterwards the server must still answer and take votes.

The number of examples per operation is bounded (seeded, so a CI run is repeatable); ``ASSEMBLY_LONG=1``
generates more.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bench.load.harness import seed_consultation
from tests.reliability.conftest import LONG

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = 100 if LONG else 15
SEED = 2025
RUN_TIMEOUT_SECONDS = 1800


def _schemathesis(base_url: str, report: Path, *headers: str) -> dict:
    """Run schemathesis once; its JSON report."""
    argv = [
        str(SCHEMATHESIS),
        "run",
        f"{base_url}/api/openapi.json",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    for header in headers:
        argv += ["-H", header]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False)
    assert report.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(report.read_text())
    result["output"] = done.stdout[-6000:]
    return result


@pytest.mark.skipif(shutil.which(str(SCHEMATHESIS)) is None, reason="schemathesis is in the dev extra")
def test_schemathesis_finds_no_failure_and_the_server_stays_healthy(database, start_service, tmp_path):
    """Check that schemathesis's default checks find 0 failures and 0 errors on every operation, as a
    visitor and as a participant, and that the server then still lists consultations and takes a vote."""
    site = seed_consultation(database, slug="api", statements=5, tokens=1)
    server = start_service(database)
    runs = {
        "anonymous": _schemathesis(server.base_url, tmp_path / "anonymous.json"),
        "participant": _schemathesis(
            server.base_url, tmp_path / "participant.json", f"X-Participant-Token: {site['tokens'][0]}"
        ),
    }
    for who, run in runs.items():
        print(f"{who}: {run['test_cases']['generated']} requests on {run['operations']['tested']} operations")
        assert run["operations"]["tested"] == run["operations"]["total"] > 0, who
        assert (run["failures"], run["errors"], run["exit_code"]) == ([], [], 0), run["output"]

    assert server.alive()
    with urllib.request.urlopen(f"{server.base_url}/api/consultations", timeout=30) as response:  # noqa: S310
        assert response.status == 200
    vote = urllib.request.Request(
        f"{server.base_url}/api/consultations/api/votes",
        data=json.dumps({"statement": site["statements"][0], "value": 1}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(vote, timeout=30) as response:  # noqa: S310
        assert response.status == 200
