#!/bin/sh
# Create bench/.venv-reddwarf: an isolated environment holding red-dwarf 0.4.0 from PyPI, the peer
# implementation that bench/run.py compares `assembly analyze` with. Idempotent: does nothing when the
# environment already has red-dwarf 0.4.0. Needs only python3 and access to PyPI.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
VENV="$HERE/.venv-reddwarf"
VERSION=0.4.0

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "
import importlib.metadata as m, sys
sys.exit(m.version('red-dwarf') != '$VERSION')" 2>/dev/null; then
    echo "red-dwarf $VERSION already installed in $VENV"
    exit 0
fi

python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "red-dwarf==$VERSION"
"$VENV/bin/python" -c "import importlib.metadata as m; print('installed red-dwarf', m.version('red-dwarf'))"
