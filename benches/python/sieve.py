"""Sieve of Eratosthenes over a list of bools, then prime gaps and twin primes counted with
comprehensions and zip."""
import sys

SMALL = sys.argv[1:] == ["small"]


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= limit:
        if flags[i]:
            for j in range(i * i, limit + 1, i):
                flags[j] = False
        i += 1
    return [n for n, prime in enumerate(flags) if prime]


def main():
    limit = 20_000 if SMALL else 1_000_000
    primes = sieve(limit)
    gaps = [b - a for a, b in zip(primes, primes[1:])]
    twins = sum(1 for g in gaps if g == 2)
    print(f"{len(primes)} primes below {limit}, the last {primes[-3:]}")
    print(f"largest gap {max(gaps)}, twin pairs {twins}, sum mod 1e9+7 {sum(primes) % 1_000_000_007}")


main()
