# PEP 734 figures (docs/benchmarks.md): a queue put + get of a 100-int list between two
# interpreters, and Interpreter.call of a small function. Runs unchanged on subinterp
# (`concurrent.interpreters`: copies built in the receiver) and on CPython 3.13
# (`test.support.interpreters`: the queue pickles, `call` takes no arguments).
#   subinterp run tests/pep/bench/pep734_bench.py
#   python3.13 tests/pep/bench/pep734_bench.py
import sys
import time

sys.path.insert(0, __file__.rsplit('/', 2)[0])
try:
    from concurrent import interpreters
    create_queue = interpreters.create_queue
    impl = 'subinterp'
except ImportError:
    from test.support import interpreters
    from test.support.interpreters import queues
    create_queue = queues.create
    impl = 'cpython 3.13'

N = 20000
BATCH = 100
items = list(range(100))


def best(f, rounds=5):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


a = interpreters.create()
if impl != 'subinterp':
    a.exec('import test.support.interpreters.queues')
q = create_queue()
a.prepare_main(q=q, N=N, BATCH=BATCH)


def queue_round():
    # Batches keep the queue short (as a producer and a consumer in step do), so the
    # figure is the transfer, not the memory of 20,000 queued items.
    for _ in range(N // BATCH):
        for _ in range(BATCH):
            q.put(items)
        a.exec('for _ in range(BATCH):\n    got = q.get()\nassert len(got) == 100')


def small():
    return 1


def call_round():
    for _ in range(N // 10):
        a.call(small)


qt = best(queue_round)
ct = best(call_round)
print(f'{impl}: queue put+get of a 100-int list: {qt / N * 1e6:.2f} us')
print(f'{impl}: Interpreter.call of a small function: {ct / (N // 10) * 1e6:.2f} us')
a.close()
