#!/bin/sh
# Regenerates the expected output of every conformance program with CPython 3.13:
# NAME.out (stdout) and NAME.err (stderr, kept only when not empty). Run from anywhere.
set -eu
PY=${PYTHON:-/root/.pyenv/versions/3.13.0/bin/python3}
cd "$(dirname "$0")"
for f in *.py; do
    n=${f%.py}
    "$PY" "$f" > "$n.out" 2> "$n.err" || true
    [ -s "$n.err" ] || rm -f "$n.err"
done
