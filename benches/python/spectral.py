"""The spectral norm of an infinite matrix (the Benchmarks Game algorithm): nested functions,
generator expressions over zip, float division."""
import sys

SMALL = sys.argv[1:] == ["small"]


def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times(u):
    n = len(u)
    return [sum(eval_a(i, j) * u_j for j, u_j in zip(range(n), u)) for i in range(n)]


def times_transposed(u):
    n = len(u)
    return [sum(eval_a(j, i) * u_j for j, u_j in zip(range(n), u)) for i in range(n)]


def a_times_transposed(u):
    return times_transposed(times(u))


def main():
    n = 30 if SMALL else 150
    u = [1.0] * n
    for _ in range(10):
        v = a_times_transposed(u)
        u = a_times_transposed(v)
    vbv = sum(ue * ve for ue, ve in zip(u, v))
    vv = sum(ve * ve for ve in v)
    print("spectral norm for n=%d: %.9f" % (n, (vbv / vv) ** 0.5))


main()
