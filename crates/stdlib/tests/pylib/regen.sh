#!/bin/sh
# NAME.out (stdout and stderr) of every program here, printed by CPython 3.13 (run in this
# folder, so CPython imports its own stdlib, not ../../lib).
set -eu
PY=${PYTHON:-/root/.pyenv/versions/3.13.0/bin/python3}
cd "$(dirname "$0")"
for f in *.py; do "$PY" "$f" > "${f%.py}.out" 2>&1 || true; done
