# Dunder methods of classes reached by the loop and by native code: text, comparison,
# hashing, truth and length.


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"P({self.x!r}, {self.y!r})"

    def __str__(self):
        return f"<{self.x}, {self.y}>"

    def __format__(self, spec):
        if spec == "":
            return str(self)
        return f"P[{format(self.x, spec)}|{format(self.y, spec)}]"

    def __eq__(self, other):
        if not isinstance(other, P):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __lt__(self, other):
        if not isinstance(other, P):
            return NotImplemented
        return (self.x, self.y) < (other.x, other.y)


p, q = P(1, 2), P(1, 3)
print(repr(p), str(p), p)
print([p, q], (p,), {"k": p})
print(f"{p}", f"{p!r}", f"{p:>4}", format(p, "05"))
print("{} and {!r}".format(p, q))
print("%s / %r" % (p, q))
print(p == P(1, 2), p != P(1, 2), p == q, p != q, p == 1, 1 == p, p != "x")
print(p < q, q > p, sorted([q, p, P(0, 9)]))
print(min([q, p]), max([q, p]))
print(hash(p) == hash((1, 2)))
d = {p: "first"}
print(d[P(1, 2)], P(1, 2) in d, q in d)
s = {p, P(1, 2), q}
print(len(s), P(1, 3) in s)
print(p in [q, P(1, 2)], [p, q].index(P(1, 3)), [p, q, P(1, 2)].count(p))
print((p, 1) == (P(1, 2), 1), [p] == [P(1, 2)])

try:
    p < 1
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([p, 1])
except TypeError as e:
    print("TypeError:", e)


class A:
    pass


class B:
    pass


try:
    A() < B()
except TypeError as e:
    print("TypeError:", e)
try:
    A() >= A()
except TypeError as e:
    print("TypeError:", e)
a = A()
print(a == a, a != a, a == A(), a != A(), hash(a) == hash(a))


class EqOnly:
    def __eq__(self, other):
        return True


try:
    hash(EqOnly())
except TypeError as e:
    print("TypeError:", e)
try:
    {EqOnly(): 1}
except TypeError as e:
    print("TypeError:", e)
try:
    {EqOnly()}
except TypeError as e:
    print("TypeError:", e)
print(EqOnly() != 5, EqOnly() == 5)


class BadHash:
    def __hash__(self):
        raise ValueError("no hash for you")


for f in (lambda: hash(BadHash()), lambda: {BadHash(): 1}, lambda: {BadHash()},
          lambda: BadHash() in {1: 2}, lambda: {}.get(BadHash())):
    try:
        f()
    except ValueError as e:
        print("ValueError:", e)


class StrHash:
    def __hash__(self):
        return "x"


try:
    hash(StrHash())
except TypeError as e:
    print("TypeError:", e)


class BigHash:
    def __hash__(self):
        return 2**70


print(hash(BigHash()) == hash(2**70))


class Mutator:
    def __init__(self, d):
        self.d = d

    def __hash__(self):
        return 1

    def __eq__(self, other):
        self.d.clear()
        return False


d = {}
d[Mutator(d)] = 1
try:
    d[Mutator(d)] = 2
    print("mutated", len(d))
except RuntimeError as e:
    print("RuntimeError:", e)


class Truth:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        return self.v


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


print(bool(Truth(True)), bool(Truth(False)), not Truth(False))
print(bool(Sized(0)), bool(Sized(3)), len(Sized(3)))
print(len([x for x in [Truth(True), Truth(False), Sized(0), Sized(1)] if x]))
if Sized(2) and Truth(True):
    print("both true")
print(any([Sized(0), Truth(False)]), all([Sized(1), Truth(True)]))


class BadBool:
    def __bool__(self):
        return 1


class NegLen:
    def __len__(self):
        return -1


class StrLen:
    def __len__(self):
        return "3"


for f in (lambda: bool(BadBool()), lambda: len(NegLen()), lambda: len(StrLen()),
          lambda: bool(NegLen())):
    try:
        f()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)


class BadRepr:
    def __repr__(self):
        return 42


class BadStr:
    def __str__(self):
        return None


for f in (lambda: repr(BadRepr()), lambda: str(BadStr()), lambda: print(BadStr())):
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)


class Forever:
    def __repr__(self):
        return repr(self)


try:
    repr(Forever())
except RecursionError as e:
    print("RecursionError:", e)


class Plain:
    pass


try:
    format(Plain(), "x")
except TypeError as e:
    print("TypeError:", e)
print(format(3, ""), f"{Plain.__name__}")


class Rev:
    def __init__(self, v):
        self.v = v

    def __gt__(self, other):
        print("Rev.__gt__")
        return self.v > other


print(3 < Rev(5), Rev(5) > 3)


class Base:
    def __eq__(self, other):
        print("Base.__eq__")
        return NotImplemented


class Derived(Base):
    def __eq__(self, other):
        print("Derived.__eq__")
        return True


print(Base() == Derived())
print(Derived() == Base())

d1 = {P(1, 2): "a", P(5, 5): "x"}
d1.update({P(1, 2): "b"})
d2 = dict.fromkeys([P(0, 0), P(0, 0)])
d3 = {P(1, 2): 1} | {P(1, 2): 2}
print(d1, d2, d3, d1.get(P(5, 5)), d1.pop(P(5, 5)), d1.setdefault(P(1, 2), "z"), d1)
s2 = set([P(1, 2), P(1, 2)])
s2.add(P(1, 2))
print(s2, {P(1, 2)} == {P(1, 2)}, {(P(1, 2), 3): 0}[(P(1, 2), 3)])
