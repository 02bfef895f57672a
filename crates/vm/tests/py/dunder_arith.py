# Arithmetic dunder methods: reflected forms (the right operand's first when its class
# derives from the left one's), in-place forms falling back, NotImplemented, unary forms,
# __index__/__int__/__float__/__round__/__divmod__/__pow__/__matmul__ and CPython's texts.


class V:
    def __init__(self, *c):
        self.c = c

    def __repr__(self):
        return "V" + repr(self.c)

    def __add__(self, o):
        if isinstance(o, V):
            return V(*[a + b for a, b in zip(self.c, o.c)])
        if isinstance(o, (int, float)):
            return V(*[a + o for a in self.c])
        return NotImplemented

    def __radd__(self, o):
        print("V.__radd__")
        return self + o

    def __sub__(self, o):
        return V(*[a - b for a, b in zip(self.c, o.c)])

    def __mul__(self, k):
        if not isinstance(k, (int, float)):
            return NotImplemented
        return V(*[a * k for a in self.c])

    __rmul__ = __mul__

    def __matmul__(self, o):
        return sum(a * b for a, b in zip(self.c, o.c))

    def __truediv__(self, k):
        return V(*[a / k for a in self.c])

    def __floordiv__(self, k):
        return V(*[a // k for a in self.c])

    def __mod__(self, k):
        return V(*[a % k for a in self.c])

    def __pow__(self, k):
        return V(*[a ** k for a in self.c])

    def __rpow__(self, b):
        return V(*[b ** a for a in self.c])

    def __neg__(self):
        return V(*[-a for a in self.c])

    def __pos__(self):
        return self

    def __abs__(self):
        return sum(a * a for a in self.c) ** 0.5

    def __invert__(self):
        return V(*reversed(self.c))

    def __and__(self, o):
        return "and"

    def __or__(self, o):
        return "or"

    def __xor__(self, o):
        return "xor"

    def __lshift__(self, n):
        return "lshift %d" % n

    def __rshift__(self, n):
        return "rshift %d" % n

    def __divmod__(self, k):
        return (self // k, self % k)

    def __rdivmod__(self, k):
        return "rdivmod"

    def __eq__(self, o):
        return isinstance(o, V) and self.c == o.c

    __hash__ = None


a, b = V(1, 2), V(3, 4)
print(a + b, a - b, a * 3, 3 * a, a @ b, a / 2, b // 2, b % 2, a ** 2, 2 ** a)
print(a + 1, 1 + a, 1.5 + a)
print(-a, +a, abs(V(3, 4)), ~a)
print(a & 1, a | 1, a ^ 1, a << 2, a >> 3)
print(divmod(V(7, 9), 2), divmod(2, V(1)))
print(sum([a, b]), sum([a, b], V(0, 0)))
x = a
x += b
print(x, a, x is a)
x *= 2
print(x)
x -= V(1, 1)
print(x)


class Acc:
    def __init__(self):
        self.items = []

    def __iadd__(self, v):
        self.items.append(v)
        return self

    def __repr__(self):
        return "Acc(%r)" % self.items


acc = Acc()
ref = acc
acc += 1
acc += 2
print(acc, acc is ref)
try:
    acc -= 1
except TypeError as e:
    print("TypeError:", e)


class Base:
    def __add__(self, o):
        return "Base.__add__"

    def __radd__(self, o):
        return "Base.__radd__"


class Sub(Base):
    def __radd__(self, o):
        return "Sub.__radd__"


class Other:
    def __radd__(self, o):
        return "Other.__radd__"


print(Base() + Sub(), Sub() + Base(), Base() + Other(), 1 + Other())


class NI:
    def __add__(self, o):
        return NotImplemented

    def __radd__(self, o):
        return NotImplemented


for f in (lambda: NI() + NI(), lambda: NI() + 1, lambda: 1 + NI(), lambda: "s" + NI(),
          lambda: [1] + NI(), lambda: NI() - 1, lambda: NI() ** 2, lambda: pow(NI(), 2),
          lambda: NI() @ 1, lambda: -NI(), lambda: ~NI(), lambda: abs(NI()),
          lambda: divmod(NI(), 1), lambda: NI() < NI()):
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)

n = NI()
try:
    n += 1
except TypeError as e:
    print("TypeError:", e)
try:
    n //= 1
except TypeError as e:
    print("TypeError:", e)


class Idx:
    def __init__(self, i):
        self.i = i

    def __index__(self):
        return self.i


L = [10, 20, 30, 40]
print(L[Idx(1)], L[Idx(-1)], "abc"[Idx(2)], (1, 2, 3)[Idx(0)])
print(range(10)[Idx(3)] if hasattr(range, "__getitem__") else 3)
print(int(Idx(7)), float(Idx(2)))


class Num:
    def __int__(self):
        return 42

    def __float__(self):
        return 2.5

    def __round__(self, n=None):
        return "round %r" % (n,)


print(int(Num()), float(Num()), round(Num()), round(Num(), 2))


class BadInt:
    def __int__(self):
        return "x"


class BadFloat:
    def __float__(self):
        return 1


class BadIndex:
    def __index__(self):
        return 1.5


for f in (lambda: int(BadInt()), lambda: float(BadFloat()), lambda: [1][BadIndex()],
          lambda: int(object()), lambda: [1][object()]):
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)
