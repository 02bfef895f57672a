#!/bin/sh
# Runs the Python-source stdlib programs (../../lib/*.py imported from the script's
# folder, until the stdlib bundles them) through the CLI and compares with NAME.out,
# which regen.sh makes with CPython 3.13. Usage: check.sh [NAME...]; CLI=path/to/subinterp.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cli=${CLI:-$here/../../../../target/debug/subinterp}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here"/../../lib/*.py "$here"/*.py "$tmp"/
fail=0
if [ $# -eq 0 ]; then set -- $(cd "$here" && ls *.py | sed 's/\.py$//'); fi
for n in "$@"; do
    (cd "$tmp" && "$cli" run "$n.py" > "$n.got" 2>&1)
    if cmp -s "$tmp/$n.got" "$here/$n.out"; then echo "ok   $n"; else echo "FAIL $n"; diff "$here/$n.out" "$tmp/$n.got" | head -20; fail=1; fi
done
exit $fail
