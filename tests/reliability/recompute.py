"""Print a consultation's analysis computed from scratch: ``python -m tests.reliability.recompute SLUG``.

Run with the environment of :meth:`bench.load.harness.Database.env`. It reads the consultation the
plain way (:func:`assembly.consultations.datasets.export_dataset`, every vote event, no cache) and runs
the analysis the way the results runner does (same method and seed), so its output is what a fresh
runner on an untouched database would store.
"""

from __future__ import annotations

import json
import sys


def main(slug: str) -> None:
    import django

    django.setup()
    from assembly.analysis.serialize import analysis_to_json, run_record_analysis
    from assembly.consultations.datasets import export_dataset
    from assembly.consultations.models import Consultation
    from assembly.results.snapshots import ANALYSIS_METHOD, ANALYSIS_SEED

    dataset = export_dataset(Consultation.objects.get(slug=slug))
    result = run_record_analysis(dataset, method=ANALYSIS_METHOD, seed=ANALYSIS_SEED)
    json.dump(analysis_to_json(result, dataset), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
