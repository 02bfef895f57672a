"""Closures and nonlocal state: counters and accumulators made by factories, function
composition, memoisation in a dict held by a closure, and decorators."""
import sys

SMALL = sys.argv[1:] == ["small"]


def counter(start, step):
    n = start

    def tick():
        nonlocal n
        n += step
        return n

    return tick


def compose(*fs):
    def run(x):
        for f in reversed(fs):
            x = f(x)
        return x

    return run


def memoize(cache):
    def decorate(f):
        def wrapper(n):
            if n not in cache:
                cache[n] = f(n)
            return cache[n]

        return wrapper

    return decorate


COLLATZ = {}


@memoize(COLLATZ)
def collatz_len(n):
    if n == 1:
        return 1
    return 1 + collatz_len(n // 2 if n % 2 == 0 else 3 * n + 1)


def adder(k):
    return lambda x: x + k


def main():
    n = 3_000 if SMALL else 100_000
    ticks = [counter(i, i % 5 + 1) for i in range(10)]
    total = 0
    for i in range(n):
        total += ticks[i % 10]()
    f = compose(adder(3), lambda x: x * 2, adder(-1))
    mapped = sum(f(i) for i in range(n))
    limit = 2_000 if SMALL else 60_000
    best = max(range(1, limit), key=collatz_len)
    print("ticks:", total, "composed:", mapped)
    print(f"longest Collatz chain below {limit}: {best} ({collatz_len(best)} steps),"
          f" {len(COLLATZ)} values memoised")


main()
