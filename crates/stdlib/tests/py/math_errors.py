import math

tests = ['math.sqrt(-1)', 'math.log(0)', 'math.log(-1)', 'math.log(0, 2)', 'math.log(2, 1)',
         'math.log(2, 0)', 'math.exp(1000)', 'math.acos(2)', 'math.atanh(1)', 'math.gamma(0)',
         'math.gamma(-1)', 'math.gamma(200)', 'math.lgamma(0)', 'math.lgamma(-1)',
         'math.cosh(1000)', 'math.log1p(-1)', 'math.log1p(-2)', 'math.pow(0, -1)',
         'math.pow(-1, 0.5)', 'math.pow(10, 400)', 'math.fmod(1, 0)', 'math.fmod(math.inf, 1)',
         'math.factorial(-1)', 'math.factorial(1.5)', 'math.comb(-1, 2)', 'math.comb(3, -1)',
         'math.perm(-1)', 'math.perm(5, -1)', 'math.isqrt(-1)', 'math.sqrt("a")',
         'math.floor("a")', 'math.floor(math.inf)', 'math.floor(math.nan)',
         'math.ceil(-math.inf)', 'math.trunc("a")', 'math.ldexp(1, 10000)',
         'math.ldexp(1.0, 1.5)', 'math.dist([1], [1, 2])', 'math.fsum([1e308, 1e308])',
         'math.fsum([math.inf, -math.inf])', 'math.hypot("a")', 'math.log10(0)',
         'math.log2(-1)', 'math.log(-10**400)', 'math.sqrt(10**400)', 'math.exp(10**400)',
         'math.gcd(1.5)', 'math.lcm(2, "a")', 'math.isclose(1, 2, rel_tol=-1)',
         'math.expm1(1000)', 'math.sinh(1000)', 'math.tan(math.inf)', 'math.sin(math.inf)',
         'math.prod()', 'math.prod([1], 2)', 'math.comb(1)', 'math.atan2(1)', 'math.modf("x")',
         'math.log(1, 1)', 'math.copysign(1)', 'math.factorial(10**30)', 'math.sqrt(x=1)',
         'math.sqrt()', 'math.sqrt(1, 2)', 'math.pow(1)', 'math.log()', 'math.log(1, 2, 3)',
         'math.fsum(1)', 'math.isclose(1)', 'math.isclose(1, 2, 3)',
         'math.isclose(1, 1.0, foo=1)', 'math.ldexp(1)', 'math.dist(1, 2)',
         'math.isqrt(1.0)', 'math.degrees("a")', 'math.log(1, "a")', 'math.comb(10**30, 10**20)',
         'math.perm(10**30, 10**20)', 'math.gamma(-1e300)', 'math.lgamma(-math.inf)',
         'math.gamma(-math.inf)', 'math.acosh(0.5)', 'math.asin(-1.5)']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
