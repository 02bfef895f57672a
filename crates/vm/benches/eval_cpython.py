# The cases of benches/eval.rs under CPython: nanoseconds per operation (the best of 7 runs
# of 1000 calls of each function with n = 1000).
import time

exec(open(__file__.replace("eval_cpython.py", "eval_cases.py")).read())

for name in ["call", "loop", "global_load"]:
    f = globals()["bench_" + name]
    best = min(
        (lambda t0: (lambda: [f(1000) for _ in range(1000)])() or (time.perf_counter_ns() - t0))(
            time.perf_counter_ns()
        )
        for _ in range(7)
    )
    print(f"vm/{name}: {best / 1e6:.1f} ns per operation")
