#!/bin/sh
# Write `assembly analyze` outputs on every shipped conversation and pol.is math fixture into OUTDIR, to
# check that a change leaves the published figures byte-identical (docs/benchmarks.md):
#
#     sh bench/analysis_outputs.sh /tmp/before            # on the commit before (or PYTHONPATH=its copy)
#     sh bench/analysis_outputs.sh /tmp/after             # on the change
#     diff -r /tmp/before /tmp/after && echo identical
#
# Per folder: --json with both methods and seeds 0 and 3, --json --polis-groups, and the text summary;
# standard error (the withheld-figures notes) is kept too. About a minute on an idle machine.
set -eu
OUT=${1:?usage: bench/analysis_outputs.sh OUTDIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
mkdir -p "$OUT"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
for d in "$ROOT"/data/polis-open-data/*/ "$ROOT"/tests/fixtures/polis-math/*/; do
    n=$(basename "$d")
    for m in stable polis; do
        for s in 0 3; do
            "$PYTHON" -m assembly analyze "$d" --json --method $m --seed $s >"$OUT/$n.$m.$s.json" 2>"$OUT/$n.$m.$s.err"
        done
    done
    "$PYTHON" -m assembly analyze "$d" >"$OUT/$n.text" 2>&1
    "$PYTHON" -m assembly analyze "$d" --json --polis-groups >"$OUT/$n.pg.json" 2>&1
done
