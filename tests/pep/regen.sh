#!/usr/bin/env bash
# Regenerates the expected output of the PEP 734 programs (tests/tests/pep.rs) with CPython
# 3.13: NAME.out (stdout) and NAME.status. The programs use CPython 3.14's names
# (`concurrent.interpreters`, `concurrent.futures.InterpreterPoolExecutor`); shim/run.py maps
# them onto 3.13's `test.support.interpreters` (shim/interpreters313.py) and a thread pool of
# interpreters (shim/futures313.py). Unbuffered (-u), so what sub-interpreters print comes in
# order. tests/pep/bench/ is not a conformance program (a figure for docs/benchmarks.md).
set -u
py=${PYTHON313:-/root/.pyenv/versions/3.13.0/bin/python3}
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here" || exit 2
for f in *.py; do
  name=${f%.py}
  PYTHONNODEBUGRANGES=1 "$py" -u -B "$here/shim/run.py" "$here/$f" >"$name.out" 2>/dev/null
  echo $? >"$name.status"
done
