"""Big integers: digits of pi by Gibbons' unbounded spigot, a large factorial's digit sum and
trailing zeros, and powers of three in decimal."""
import sys

SMALL = sys.argv[1:] == ["small"]


def pi_digits(count):
    q, r, t, k, n, l = 1, 0, 1, 1, 3, 3
    out = []
    while len(out) < count:
        if 4 * q + r - t < n * t:
            out.append(n)
            q, r, n = 10 * q, 10 * (r - n * t), (10 * (3 * q + r)) // t - 10 * n
        else:
            q, r, t, k, n, l = (q * k, (2 * q + r) * l, t * l, k + 1,
                                (q * (7 * k + 2) + r * l) // (t * l), l + 2)
    return out


def factorial(n):
    f = 1
    for i in range(2, n + 1):
        f *= i
    return f


def main():
    count = 150 if SMALL else 1_500
    digits = pi_digits(count)
    text = "".join(str(d) for d in digits)
    print(f"pi: {text[0]}.{text[1:51]}")
    print(f"{count} digits, digit sum {sum(digits)}, last ten {text[-10:]}")
    n = 300 if SMALL else 1_400
    s = str(factorial(n))
    zeros = len(s) - len(s.rstrip("0"))
    print(f"{n}! has {len(s)} digits, digit sum {sum(int(c) for c in s)}, {zeros} trailing zeros")
    p = 3 ** (500 if SMALL else 20_000)
    print("3**e mod 1e9+7:", p % 1_000_000_007, "bits:", p.bit_length())


main()
