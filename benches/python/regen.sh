#!/bin/sh
# Regenerates the expected output of every benchmark program with CPython 3.13:
# expected/NAME.txt (the full size, what `subinterp bench python` compares) and
# expected/small/NAME.txt (`python3 NAME.py small`, what the debug-build test compares).
set -eu
PY=${PYTHON:-/root/.pyenv/versions/3.13.0/bin/python3}
cd "$(dirname "$0")"
mkdir -p expected/small
for f in *.py; do
    n=${f%.py}
    "$PY" "$f" > "expected/$n.txt"
    "$PY" "$f" small > "expected/small/$n.txt"
done
