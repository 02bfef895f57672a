"""CPython 3.13's side of `tests/benches/source_import.rs`: `import m1000` (the file that bench
wrote to target/source_import/) in fresh sub-interpreters, only the import timed.

- `first`: no bytecode cache (`sys.dont_write_bytecode`, no `__pycache__`): parse and compile,
  as this project's first interpreter does.
- `pyc`: the `__pycache__/*.pyc` written once, then read by every interpreter (CPython's way
  of sparing the parse: unmarshal from disk).

Usage: python3.13 tests/benches/source_import_cpython.py [N]
"""
import os
import shutil
import sys
import time

import _interpreters

here = os.path.dirname(os.path.abspath(__file__))
folder = os.path.normpath(os.path.join(here, "..", "..", "target", "source_import"))
n = int(sys.argv[1]) if len(sys.argv) > 1 else 50


def run(setup):
    times = []
    for _ in range(n):
        iid = _interpreters.create()
        _interpreters.exec(iid, setup)
        start = time.perf_counter()
        _interpreters.exec(iid, "import m1000")
        times.append(time.perf_counter() - start)
        _interpreters.destroy(iid)
    times.sort()
    return times[len(times) // 2]


shutil.rmtree(os.path.join(folder, "__pycache__"), ignore_errors=True)
first = run(f"import sys\nsys.dont_write_bytecode = True\nsys.path[:] = [{folder!r}]\n")
# One import writes the .pyc; the timed ones read it.
_interpreters.exec(
    _interpreters.create(),
    f"import sys\nsys.dont_write_bytecode = False\nsys.path[:] = [{folder!r}]\nimport m1000\n",
)
pyc = run(f"import sys\nsys.path[:] = [{folder!r}]\n")
# The same in a module of one line: what a fresh sub-interpreter's first import from a folder
# costs besides compiling and running the module.
os.makedirs(os.path.join(folder, "one"), exist_ok=True)
with open(os.path.join(folder, "one", "m1000.py"), "w") as f:
    f.write("x = 1\n")
one = run(f"import sys\nsys.dont_write_bytecode = True\nsys.path[:] = [{os.path.join(folder, 'one')!r}]\n")
print(f"import.source_1.first    (CPython {sys.version.split()[0]}, median of {n}): {one * 1e6:.0f} us")
print(f"import.source_1000.first (CPython {sys.version.split()[0]}, median of {n}): {first * 1e6:.0f} us")
print(f"import.source_1000.pyc   (CPython {sys.version.split()[0]}, median of {n}): {pyc * 1e6:.0f} us")
