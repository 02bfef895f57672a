"""The cases of `calls.rs` under CPython: per-call nanoseconds of `math.sqrt(2.0)` and
`random.random()` from a Python loop of 1000 calls (the loop alone is `loop`), best of 7."""
import timeit
from math import sqrt
from random import random

exec(open(__file__.replace("calls_cpython.py", "calls_cases.py")).read())
for name in ["loop", "sqrt", "random"]:
    f = globals()["bench_" + name]
    t = min(timeit.repeat(lambda: f(1000), number=200, repeat=7)) / 200 / 1000
    print(f"{name}: {t * 1e9:.1f} ns per iteration")
