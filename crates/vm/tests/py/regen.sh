#!/bin/sh
# Regenerates the expected output of every conformance program with CPython 3.13:
# NAME.out (stdout) and NAME.err (stderr, kept only when not empty). CPython names the
# script by its absolute path and marks the failing expression with caret lines; the loop
# names it as given and prints no carets, so both are taken out of NAME.err.
set -eu
PY=${PYTHON:-/root/.pyenv/versions/3.13.0/bin/python3}
cd "$(dirname "$0")"
for f in *.py; do
    n=${f%.py}
    "$PY" "$f" > "$n.out" 2> "$n.err.raw" || true
    sed -e "s|$PWD/||g" -e '/^ *[~^][~^]*$/d' "$n.err.raw" > "$n.err"
    rm -f "$n.err.raw"
    [ -s "$n.err" ] || rm -f "$n.err"
done
