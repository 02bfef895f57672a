# One allocation and free per iteration of a module-level loop, for instruction counts (callgrind):
# subinterp run alloc_n.py N KIND, KIND one of none, list, tuple, dict (docs/benchmarks.md).
import sys
n = int(sys.argv[1])
kind = sys.argv[2]
if kind == "list":
    for i in range(n):
        x = [i]
elif kind == "tuple":
    for i in range(n):
        x = (i, n)
elif kind == "dict":
    for i in range(n):
        x = {"a": i}
else:
    for i in range(n):
        x = i
