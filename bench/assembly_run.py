"""Time Assembly's analysis inside one process and print the timings as one JSON document.

Run by ``bench/run.py`` with the project's python::

    .venv/bin/python bench/assembly_run.py EXPORT_DIR [--method stable|polis] [--seed N]

It reads the export with :func:`assembly.polis.read_export` (not timed as analysis), then times
:func:`assembly.analysis.run_analysis` alone on the already-loaded vote log (python's ``time``
module), the figure the benchmark compares with red-dwarf's ``run_pipeline`` call. Timings printed:

- ``import_s``: importing the reader and the analysis;
- ``load_s``: reading the export into a :class:`assembly.dataset.Dataset`;
- ``analysis_s``: the analysis call alone;
- ``total_s``: from the first line of this script to just before printing.
"""

import time

START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402

from assembly.analysis import run_analysis  # noqa: E402
from assembly.analysis.serialize import statement_infos  # noqa: E402
from assembly.polis import read_export  # noqa: E402

IMPORTED = time.perf_counter()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", help="a pol.is CSV export folder")
    parser.add_argument("--method", choices=("stable", "polis"), default="stable")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    dataset = read_export(args.export)
    statements = statement_infos(dataset.statements)
    excluded = sorted(dataset.excluded_participant_ids)
    loaded = time.perf_counter()
    run_analysis(
        dataset.votes,
        statements=statements,
        method=args.method,
        seed=args.seed,
        excluded_participant_ids=excluded,
    )
    analysed = time.perf_counter()

    document = {
        "participants": int(np.unique(dataset.votes.participant_ids).size),
        "statements": len(dataset.statements),
        "votes": len(dataset.votes),
        "timings": {
            "import_s": IMPORTED - START,
            "load_s": loaded - IMPORTED,
            "analysis_s": analysed - loaded,
            "total_s": time.perf_counter() - START,
        },
    }
    json.dump(document, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
