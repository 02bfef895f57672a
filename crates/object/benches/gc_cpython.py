# The workload of benches/gc.rs under CPython: a full collection over 1,000,000 tracked
# lists, half of them garbage in 250,000 two-list cycles, half held by one list. Prints the
# best of 10 runs, in milliseconds.
import gc
import time

LIVE = 500_000
CYCLES = 250_000

gc.disable()
best = None
for _ in range(10):
    keep = [[] for _ in range(LIVE)]
    for _ in range(CYCLES):
        a = []
        b = [a]
        a.append(b)
    del a, b
    t0 = time.perf_counter()
    n = gc.collect()
    t = time.perf_counter() - t0
    assert n == 2 * CYCLES, n
    best = t if best is None else min(best, t)
    del keep
    gc.collect()
print(f"gc/collect_1m_half_garbage: {best * 1000:.1f} ms")
