import math

print(math.pi, math.e, math.tau, math.inf, math.nan, -math.inf)
print(math.sqrt)

vals = [0.0, -0.0, 0.5, 1.0, 2.0, 3.7, -2.5, 10.0, 1e-10, 1e10, 123.456, 0.1, 7, -3, True]
for name in ["sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos",
             "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
             "fabs", "erf", "erfc", "gamma", "lgamma", "cbrt", "degrees", "radians",
             "floor", "ceil", "trunc", "isnan", "isinf", "isfinite", "frexp", "modf"]:
    f = getattr(math, name)
    out = []
    for v in vals:
        try:
            out.append(repr(f(v)))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(name, out)

for x in [0.3, 1.5, 2.5, 5.5, 10.5, 20.5, 50.5, 100.5, 150.5, 171.3, 180.1, -0.5, -1.5,
          -2.5, -10.5, -150.5, -171.5, -190.5, -250.5, 1e-25, 200.5]:
    for f in (math.gamma, math.lgamma):
        try:
            print(f.__name__, x, repr(f(x)))
        except Exception as e:
            print(f.__name__, x, type(e).__name__, e)

pairs = [(2, 3), (2.0, 0.5), (-8, 1 / 3), (0, 0), (0.0, -1.0), (10, 400), (-1, 0.5),
         (1.5, 2.5), (3, -2), (math.inf, 2), (math.nan, 0), (1, math.nan), (-math.inf, 3),
         (0.5, math.inf), (2, -math.inf)]
for name in ["pow", "atan2", "copysign", "fmod", "remainder", "hypot", "log", "ldexp",
             "nextafter"]:
    f = getattr(math, name)
    out = []
    for a, b in pairs:
        if name == "ldexp":
            b = int(b) if isinstance(b, float) and b == b and abs(b) != math.inf else 3
        try:
            out.append(repr(f(a, b)))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(name, out)

print(math.hypot(), math.hypot(3), math.hypot(3, 4), math.hypot(3, 4, 5), math.hypot(1e308, 1e308))
print(math.hypot(1e-320, 1e-320), math.hypot(1.5, 2.25, 3.125, 4.0625, 5.03125))
print(math.dist((1, 2), (4, 6)), math.dist([0.1, 0.2, 0.3], [1.7, -2.2, 9.1]))
print([math.hypot(i * 0.37, i * 1.13, 1 / (i + 1)) for i in range(12)])
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
print(math.fsum([1e-16, 1, 1e16]), math.fsum([]), math.fsum([math.inf, 1]), math.fsum(range(10)))
print(math.fsum([0.1 * i for i in range(1000)]), math.fsum([1 / (i + 1) for i in range(500)]))
print(math.isclose(1, 1 + 1e-10), math.isclose(1, 1.1), math.isclose(1, 1.1, rel_tol=0.2),
      math.isclose(0, 1e-10, abs_tol=1e-9), math.isclose(math.inf, math.inf),
      math.isclose(math.nan, math.nan))
print(math.factorial(0), math.factorial(20), math.factorial(30), math.factorial(True))
print(math.factorial(100))
print(math.gcd(), math.gcd(12), math.gcd(12, 18), math.gcd(-12, 18, 27), math.gcd(2**100, 6**40))
print(math.lcm(), math.lcm(4, 6), math.lcm(4, 6, 0), math.lcm(-4, 6), math.lcm(2**70, 3**40))
print(math.comb(10, 3), math.comb(10, 0), math.comb(3, 10), math.comb(100, 50), math.comb(10**20, 3))
print(math.perm(5), math.perm(5, 2), math.perm(5, None), math.perm(2, 5), math.perm(30, 20))
print(math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10**40), math.isqrt(2**201 + 7))
print(math.prod([]), math.prod(range(1, 11)), math.prod([1.5, 2, 3]), math.prod([2, 3], start=10),
      math.prod(range(1, 30)))
print(math.floor(10**30), math.floor(1e300) == 10**300, math.ceil(-1.5), math.trunc(-1e20))
print(math.floor(-0.5), math.ceil(0.5), math.trunc(1.9999), math.floor(True))
print(math.log(10**400), math.log(2**1100, 2), math.log2(2**2000), math.log10(10**500))
print(math.log(8, 2), math.log(100, 10), math.log(1e-300), math.log(7, 0.5))
print(math.sumprod([1, 2, 3], [4, 5, 6]), math.ulp(1.0), math.ulp(0.0), math.ulp(1e300))
print(math.fma(2, 3, 4), math.remainder(10, 3), math.remainder(-7.5, 2))
