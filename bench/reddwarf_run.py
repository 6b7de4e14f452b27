"""Run red-dwarf 0.4.0's full pipeline on a pol.is CSV export folder and print one JSON document.

Run by ``bench/run.py`` with the python of ``bench/.venv-reddwarf`` (see ``bench/setup_reddwarf.sh``)::

    bench/.venv-reddwarf/bin/python bench/reddwarf_run.py EXPORT_DIR [--seed N]

It reads ``comments.csv`` and ``votes.csv`` the way red-dwarf's own ``Loader`` reads a pol.is CSV
export (every row validated by its pydantic ``Vote`` / ``Statement`` models, then the latest vote per
participant and statement kept by ``Loader.filter_duplicate_votes``); red-dwarf's ``Loader`` only
fetches CSV exports over HTTP, so the files are opened here instead. Then it calls the public
``reddwarf.implementations.polis.run_pipeline`` with rejected and meta statements moderated out
(pol.is's mod-out), and prints the opinion groups, representative statements, consensus and
group-aware consensus with the timings measured inside this process (python's ``time`` module):

- ``import_s``: importing red-dwarf (pandas, scikit-learn, pydantic come with it);
- ``load_s``: reading and validating the CSV files;
- ``analysis_s``: the ``run_pipeline`` call alone (the in-process figure of the benchmark);
- ``total_s``: from the first line of this script to just before printing.

This file is part of Assembly's benchmark and imports nothing from Assembly: it must run in
red-dwarf's own environment.
"""

import time

START = time.perf_counter()

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from reddwarf.data_loader import Loader  # noqa: E402
from reddwarf.implementations.polis import run_pipeline  # noqa: E402
from reddwarf.models import Statement, Vote  # noqa: E402

IMPORTED = time.perf_counter()

# pol.is's `moderated` value for a rejected statement (its "mod-out", with meta statements).
REJECTED = -1


def read_export(folder: Path) -> tuple[list[dict], list[dict]]:
    """Return (statements, latest votes) as red-dwarf's CSV-export loader builds them."""
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        statements = [Statement(**row).model_dump(mode="json") for row in csv.DictReader(f)]
    with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
        votes = [Vote(**row).model_dump(mode="json") for row in csv.DictReader(f)]
    loader = Loader()  # no source given: an empty loader, used for its de-duplication step only
    loader.votes_data = votes
    loader.filter_duplicate_votes(keep="recent")
    return statements, loader.votes_data


def to_json(value: object) -> object:
    """``json.dumps`` fallback for the numpy and pandas values in red-dwarf's result."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="a pol.is CSV export folder")
    parser.add_argument("--seed", type=int, default=0, help="random_state for k-means")
    args = parser.parse_args()

    statements, votes = read_export(args.export)
    loaded = time.perf_counter()

    mod_out = sorted(s["statement_id"] for s in statements if s["moderated"] == REJECTED or s.get("is_meta"))
    meta = sorted(s["statement_id"] for s in statements if s.get("is_meta"))
    result = run_pipeline(
        votes=votes,
        mod_out_statement_ids=mod_out,
        meta_statement_ids=meta,
        random_state=args.seed,
    )
    analysed = time.perf_counter()

    participants = result.participants_df
    grouped = participants[participants["to_cluster"]]
    groups: dict[str, list[int]] = {}
    for participant_id, label in grouped["cluster_id"].items():
        groups.setdefault(str(int(label)), []).append(int(participant_id))
    document = {
        "participants": int(len(participants)),
        "votes": len(votes),
        "groups": [{"id": gid, "members": members} for gid, members in sorted(groups.items())],
        "repness": result.repness,
        "consensus": result.consensus,
        "group_aware_consensus": result.group_aware_consensus,
        "timings": {
            "import_s": IMPORTED - START,
            "load_s": loaded - IMPORTED,
            "analysis_s": analysed - loaded,
            "total_s": time.perf_counter() - START,
        },
    }
    json.dump(document, sys.stdout, default=to_json)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
