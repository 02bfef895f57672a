#!/usr/bin/env bash
# Regenerates the expected outputs of the `subinterp run` tests (tests/tests/run.rs) with
# CPython 3.13: NAME.out (stdout), NAME.err (stderr, the folder of the programs written as
# {dir}), NAME.status (exit status). Arguments as the test passes them: `a -b --c` to argv.py.
# PYTHONNODEBUGRANGES=1 leaves out the caret lines, as subinterp does. No program may be named
# like a stdlib module CPython imports to print a traceback (`traceback.py`): the script's folder
# is sys.path[0].
set -u
py=${PYTHON313:-/root/.pyenv/versions/3.13.0/bin/python3}
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here" || exit 2
for f in *.py; do
  name=${f%.py}
  args=()
  [ "$name" = argv ] && args=(a -b --c)
  PYTHONNODEBUGRANGES=1 "$py" -B "$here/$f" "${args[@]}" >"$name.out" 2>"$name.err"
  echo $? >"$name.status"
  sed -i "s|$here|{dir}|g" "$name.err"
done
