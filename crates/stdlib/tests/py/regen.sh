#!/bin/sh
# Regenerates the expected output of every conformance program with CPython 3.13:
# NAME.out (stdout) and NAME.err (stderr, kept only when not empty). CPython names the
# script by its absolute path and marks the failing expression of each traceback frame
# with caret lines (under a frame's source line, or between the lines of a multi-line
# call); the loop names it as given and prints no such carets, so both are taken out of
# NAME.err, inside exception-group boxes too (a SyntaxError's own caret line stays: the
# loop prints it).
set -eu
PY=${PYTHON:-/root/.pyenv/versions/3.13.0/bin/python3}
cd "$(dirname "$0")"
for f in *.py; do
    n=${f%.py}
    "$PY" "$f" > "$n.out" 2> "$n.err.raw" || true
    sed -e "s|$PWD/||g" "$n.err.raw" | awk '
        /^ *(\| +)?File ".*", line [0-9]+, in / { print; frame = 1; next }
        frame == 1 && /^ *(\| +)?    / { if ($0 !~ /^ *(\| +)? *[~^]+$/) print; next }
        { frame = 0; print }' > "$n.err"
    rm -f "$n.err.raw"
    [ -s "$n.err" ] || rm -f "$n.err"
done
