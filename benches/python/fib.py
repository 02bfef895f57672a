"""Recursive Fibonacci: Python-to-Python calls, small-int arithmetic, comparisons."""
import sys

SMALL = sys.argv[1:] == ["small"]


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n = 18 if SMALL else 30
    print(f"fib({n}) = {fib(n)}")
    print("first twenty:", [fib(i) for i in range(20)])


main()
