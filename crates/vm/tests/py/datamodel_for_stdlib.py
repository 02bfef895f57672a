# Data-model corners the Python-source stdlib modules (enum, dataclasses, typing,
# contextlib) rely on.

# Function attributes: __dict__, assignable __name__/__qualname__/__doc__/__module__.
def f():
    """doc"""


f.custom = 1
f.__wrapped__ = len
f.__name__ = "g"
f.__qualname__ = "Outer.g"
f.__doc__ = "new doc"
f.__module__ = "elsewhere"
print(f.custom, f.__wrapped__, f.__name__, f.__qualname__, f.__doc__, f.__module__)
print(sorted(f.__dict__))
del f.custom
print(hasattr(f, "custom"))
try:
    del f.custom
except AttributeError as e:
    print("AttributeError:", e)
try:
    f.__name__ = 3
except TypeError as e:
    print("TypeError:", e)

# delattr
class C:
    pass


c = C()
c.x = 1
delattr(c, "x")
print(hasattr(c, "x"))


# A metaclass's __getitem__ answers Class[key] before __class_getitem__.
class Meta(type):
    def __getitem__(cls, key):
        return ("meta", key)


class E(metaclass=Meta):
    def __class_getitem__(cls, key):
        return ("class", key)


print(E["x"])


# PEP 560 __mro_entries__ and __orig_bases__.
class Alias:
    def __init__(self, origin):
        self.origin = origin

    def __mro_entries__(self, bases):
        return (self.origin,)


class Base:
    pass


a = Alias(Base)


class D(a, C):
    pass


print(D.__mro__, D.__orig_bases__[0] is a, D.__bases__)


# Binary operators of an int subclass go to its own dunders.
class Bits(int):
    def __or__(self, other):
        return Bits(int(self) | int(other))

    def __repr__(self):
        return "Bits(%d)" % int(self)


print(repr(Bits(1) | 2), Bits(1) + 2, Bits(3) & 1)


# isinstance/issubclass ask the class of a non-class second argument.
class Checker:
    def __instancecheck__(self, obj):
        return obj == 42

    def __subclasscheck__(self, cls):
        return cls is bool


print(isinstance(42, Checker()), isinstance(1, Checker()), issubclass(bool, Checker()))
try:
    isinstance(1, 2)
except TypeError as e:
    print("TypeError:", e)


# str() of a tuple subclass uses its __repr__; tuple() of one copies it.
class Pt(tuple):
    def __repr__(self):
        return "Pt" + tuple.__repr__(self)


p = Pt((1, 2))
print(p, str(p), tuple(p), type(tuple(p)).__name__)


# A metaclass's __repr__ answers str() and print() of its classes.
class Named(type):
    def __repr__(cls):
        return "<named %s>" % cls.__name__


class N(metaclass=Named):
    pass


print(N, str(N), repr(N))

# method(func, obj) from its type.
class K:
    def meth(self):
        return self


MT = type(K().meth)
bm = MT(lambda self, x: (self, x), "recv")
print(bm(1))
try:
    MT(1, 2)
except TypeError as e:
    print("TypeError:", e)


# A def's annotations are kept as __annotations__ ({} when it has none, made on first read).
def annotated(a: int, b: "str" = "x", *, c: list = None) -> bool:
    return True


def plain(x):
    pass


print(annotated.__annotations__, plain.__annotations__)
plain.__annotations__ = {"x": int}
print(plain.__annotations__)
del plain.__annotations__
print(plain.__annotations__)
try:
    plain.__annotations__ = 3
except TypeError as e:
    print("TypeError:", e)


# A metaclass's __setattr__/__delattr__ answer assignments to its classes' attributes.
class Guarded(type):
    def __setattr__(cls, k, v):
        print("meta setattr", k)
        super().__setattr__(k, v)

    def __delattr__(cls, k):
        print("meta delattr", k)
        super().__delattr__(k)


class G(metaclass=Guarded):
    pass


G.y = 2
print(G.y)
del G.y
print(hasattr(G, "y"))


class G2(G):
    pass


G2.z = 1
print(G2.z)


# reversed() asks __reversed__ (a metaclass's for a class).
class Rev:
    def __reversed__(self):
        return iter("cba")


class RevMeta(type):
    def __reversed__(cls):
        return iter([3, 2, 1])


class Counted(metaclass=RevMeta):
    pass


class NoRev:
    __reversed__ = None


print(list(reversed(Rev())), list(reversed(Counted)))
try:
    reversed(NoRev())
except TypeError as e:
    print("TypeError:", e)


# dict's dunders as methods; a __prepare__ namespace of a dict subclass sees each store.
class Loud(dict):
    def __setitem__(self, k, v):
        print("set", k)
        dict.__setitem__(self, k, v)

    def __missing__(self, k):
        return "missing " + k


d = Loud()
d["a"] = 1
super(Loud, d).__setitem__("b", 2)
print(d, dict.__getitem__(d, "zz"), dict.__contains__(d, "a"), d.__contains__("q"))
dict.__delitem__(d, "a")
print(d)
try:
    dict.__delitem__(d, "a")
except KeyError as e:
    print("KeyError:", e)


class Recording(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return Loud()

    def __new__(mcls, name, bases, ns):
        return super().__new__(mcls, name, bases, dict(ns))


class Body(metaclass=Recording):
    x = 1

    def f(self):
        pass


print(Body.x)


# reversed() of a sequence-protocol instance asks __len__, then __getitem__ lazily.
class Seq:
    def __len__(self):
        return 3

    def __getitem__(self, i):
        print("get", i)
        return i * 10


r = reversed(Seq())
print(type(r).__name__, next(r))
print(list(r))
