# functools' Python part: wraps/update_wrapper, lru_cache (cache_info, cache_clear, maxsize,
# typed), cache, total_ordering, cached_property.
import functools
from functools import wraps, update_wrapper, lru_cache, cache, total_ordering, cached_property


def deco(f):
    @wraps(f)
    def wrapper(*a, **k):
        return ('wrapped', f(*a, **k))
    return wrapper


@deco
def add(a, b):
    return a + b


print(add(1, 2))

calls = []


@lru_cache(maxsize=2)
def sq(x):
    calls.append(x)
    return x * x


print(sq(2), sq(3), sq(2), sq(4), sq(3), calls)
print(sq.cache_info())
sq.cache_clear()
print(sq.cache_info(), sq(2), sq.cache_info().misses)
print(sq.__name__, sq.__doc__, sq.__wrapped__.__name__, sq.cache_parameters())


@lru_cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info())


@lru_cache(maxsize=None, typed=True)
def ident(x):
    return type(x).__name__


print(ident(1), ident(1.0), ident(1), ident.cache_info())


@cache
def fact(n):
    return 1 if n < 2 else n * fact(n - 1)


print(fact(20), fact.cache_info())


@lru_cache(maxsize=0)
def nocache(x):
    return x


print(nocache(1), nocache(1), nocache.cache_info())
try:
    lru_cache('x')
except TypeError as e:
    print(e)
try:
    sq([1])
except TypeError as e:
    print(e)


class Thing:
    def __init__(self, v):
        self.v = v

    @lru_cache(maxsize=None)
    def double(self):
        return self.v * 2

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        return self.v == other.v


t = Thing(21)
print(t.double(), t.double(), Thing.double.cache_info())


@total_ordering
class V:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v == other.v

    def __lt__(self, other):
        return self.v < other.v


print(V(1) < V(2), V(1) <= V(1), V(3) > V(2), V(2) >= V(3), sorted([V(3), V(1)])[0].v)
try:
    @total_ordering
    class Nothing:
        pass
except ValueError as e:
    print(e)


class Circle:
    def __init__(self, r):
        self.r = r
        self.n = 0

    @cached_property
    def area(self):
        self.n += 1
        return self.r * self.r * 3

    """Doc."""


c = Circle(2)
print(c.area, c.area, c.n, 'area' in c.__dict__, type(Circle.area).__name__)
del c.area
print(c.area, c.n)
print(functools.reduce(lambda a, b: a + b, [1, 2, 3]), functools.partial(pow, 2)(10))
print(functools.cmp_to_key(lambda a, b: a - b)(1) < functools.cmp_to_key(lambda a, b: a - b)(2))

from functools import singledispatch
from collections.abc import Sequence


@singledispatch
def kind(x):
    return 'object'


@kind.register(int)
def _(x):
    return 'int'


@kind.register(str)
def _(x):
    return 'str'


def seq(x):
    return 'sequence'


kind.register(Sequence, seq)
print(kind(1), kind(True), kind('a'), kind(1.5), kind([1]), kind((1,)))
print(kind.dispatch(bool).__name__, sorted(c.__name__ for c in kind.registry))
try:
    kind()
except TypeError as e:
    print(e)
