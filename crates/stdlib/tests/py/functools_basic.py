import functools
from functools import partial, reduce, cmp_to_key
import _functools


def g(a, b, c=0):
    return a + b + c


def show(x):
    return repr(x).split(" at ")[0]


p = partial(g, 1)
print(show(p), p(2), p(2, 3), p(2, c=10), show(p.func), p.args, p.keywords)
q = partial(g, 1, c=2)
print(show(q), q(5), q(5, c=1), q.keywords, show(partial(partial(g, 1), 2)))
print(partial(max, 1), partial(max, 1)(5, 3), partial(sorted, reverse=True)([3, 1, 2]), type(p))
print(partial(int, base=2)("1011"), partial(print, sep="-")("a", "b") is None)
print(reduce(lambda a, b: a * b, range(1, 6)), reduce(g, [], 7), reduce(g, [1, 2, 3]), reduce(lambda a, b: a + b, "abc", ""))
print(reduce(lambda a, b: a + [b], [1, 2, 3], []), _functools.reduce is not None)
key = cmp_to_key(lambda a, b: b - a)
print(sorted([3, 1, 2, 5, 4], key=key), sorted(["bb", "a", "ccc"], key=cmp_to_key(lambda a, b: len(a) - len(b))))
k1, k2 = key(1), key(2)
print(k1 < k2, k1 > k2, k1 == k2, k1 == key(1), k1.obj, show(key), min([5, 9, 2], key=key))
tests = ['partial()', 'partial(1)', 'reduce(g)', 'reduce(g, [])', 'reduce(1, [1, 2])',
         'partial(g, 1)(2, 3, 4)', 'cmp_to_key()', 'reduce(g, 5)',
         'cmp_to_key(1)(2) < cmp_to_key(1)(3)']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
