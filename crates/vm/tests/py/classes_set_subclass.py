# Subclasses of set and frozenset: construction, __init__/__new__ overrides, operators
# returning plain sets, repr, copy, hashing.
class S(set):
    pass

s = S([1, 2, 3])
print(type(s).__name__, sorted(s), len(s), isinstance(s, set), isinstance(s, S))
print(repr(S()), repr(S([1])))
s.add(4)
print(sorted(s), 4 in s)
u = s | {9}
print(type(u).__name__, sorted(u))
print(type(s & {1}).__name__, type(s - {1}).__name__, type(s ^ {1}).__name__)
print(type(s.copy()).__name__, type(s.union([5])).__name__)
s |= {7}
print(type(s).__name__, sorted(s))
print(s == {1, 2, 3, 4, 7}, s <= {1, 2, 3, 4, 7, 8})
s.x = 5
print(s.x, s.__dict__)

class F(frozenset):
    def __new__(cls, items, tag):
        self = super().__new__(cls, items)
        self.tag = tag
        return self

f = F([1, 2], "t")
print(type(f).__name__, sorted(f), f.tag, hash(f) == hash(frozenset([1, 2])))
print(type(f | {3}).__name__, f == frozenset([1, 2]))
print(repr(F([3], "u")))
d = {f: 1}
print(d[frozenset([1, 2])])

class I(set):
    def __init__(self, items, extra):
        super().__init__(items)
        self.extra = extra
    def total(self):
        return sum(self) + self.extra

i = I([1, 2], 10)
print(sorted(i), i.total(), i.extra)

class Named(set):
    def __repr__(self):
        return "Named(" + str(sorted(self)) + ")"

print(Named([2, 1]), [Named([3])])
print(issubclass(S, set), issubclass(F, frozenset), issubclass(F, set))
print(S.__mro__)
print(set.__new__(S) == set(), type(set.__new__(S)).__name__)
print(type(frozenset.__new__(F, [1])).__name__)
try:
    set.__new__(F)
except TypeError as e:
    print(e)
s2 = S([1])
s2.__init__([5, 6])
print(sorted(s2))
print(frozenset(F([1], "a")) == {1}, type(frozenset(F([1], "a"))).__name__)
print(set(S([4])), type(set(S([4]))).__name__)
class G(frozenset):
    pass
g = G([1, 2])
print(type(g).__name__, g, G(), hash(G()) == hash(frozenset()))
print(g.issubset({1, 2, 3}), type(g.copy()).__name__, g.copy() is g)
print(S([1]) == frozenset([1]), {S([1]), 2} if False else "ok")
try:
    hash(S())
except TypeError as e:
    print(e)

# str() of a builtin subclass without __str__ of its own prints its __repr__ (object_str).
class L(list):
    def __repr__(self): return "L!"
class D(dict):
    def __repr__(self): return "D!"
class S2(set):
    def __repr__(self): return "S!"
class T(tuple):
    def __repr__(self): return "T!"
print(L(), D(), S2(), T(), str(S2()), f"{S2()}", "%s" % S2())
class I(int):
    def __repr__(self): return "I!"
class Fl(float):
    def __repr__(self): return "F!"
class St(str):
    def __repr__(self): return "St!"
class Fz(frozenset):
    def __repr__(self): return "Fz!"
print(I(1), Fl(2.0), St("x"), Fz(), str(I(3)), repr(St("y")))

# Argument errors, __slots__, a frozenset subclass's __init__, a cycle through an instance.
import gc, weakref
class S(set):
    pass
for f in (lambda: S(x=1), lambda: S([1], [2]), lambda: S(1), lambda: set.__init__(S(), 1)):
    try:
        f()
    except TypeError as e:
        print(e)
class Sl(set):
    __slots__ = ()
s = Sl([1])
print(type(s).__name__, s, hasattr(s, "__dict__"))
class FZ(frozenset):
    def __init__(self, items):
        self.n = len(self)
print(FZ([1, 2]).n)
print(S([1]) in {frozenset([1])}, {S([1]): 2} if False else None)
s = S()
s.me = s
w = weakref.ref(s)
del s
gc.collect()
print(w() is None)
print(S([3, 1]) == S([1, 3]), S([1]) != {1}, S([1]).issubset([1, 2]))
print(sorted(S("abc").union("d")), S.__init__ is set.__init__, S.__new__ is set.__new__)
print(type(S([1]) - S([1])).__name__)
x = S([1]); x -= {1}; print(type(x).__name__, x)
