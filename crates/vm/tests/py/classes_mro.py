# Multiple inheritance, C3, super() (zero-argument and explicit), cooperative methods.

class A:
    def who(self):
        return ["A"]
    def hello(self):
        return "A.hello"

class B(A):
    def who(self):
        return ["B"] + super().who()

class C(A):
    def who(self):
        return ["C"] + super().who()
    def hello(self):
        return "C.hello"

class D(B, C):
    def who(self):
        return ["D"] + super().who()

print([k.__name__ for k in D.__mro__])
print(D().who(), D().hello(), D.mro() == list(D.__mro__))
print(D.__bases__, D.__base__, B.__base__, object.__base__)
print(issubclass(D, A), issubclass(D, (int, C)), issubclass(A, D), isinstance(D(), (int, B)))
print(super(B, D()).who(), super(D, D()).hello())

# A classic diamond of mixins.
class Base:
    def __init__(self, **kw):
        self.log = ["Base"]
        if kw:
            self.extra = kw

class Left(Base):
    def __init__(self, left=0, **kw):
        super().__init__(**kw)
        self.left = left
        self.log.append("Left")

class Right(Base):
    def __init__(self, right=0, **kw):
        super().__init__(**kw)
        self.right = right
        self.log.append("Right")

class Both(Left, Right):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.log.append("Both")

b = Both(left=1, right=2, more=3)
print(b.log, b.left, b.right, b.extra)
print([c.__name__ for c in Both.__mro__])

# Inconsistent hierarchies.
class X: pass
class Y: pass
class XY(X, Y): pass
class YX(Y, X): pass
try:
    class Z(XY, YX): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class W(X, XY): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class V(X, X): pass
except TypeError as e:
    print("TypeError:", e)
class OK(XY, X): pass
print([c.__name__ for c in OK.__mro__])

# Longer C3 example (Python's documentation).
O = object
class F(O): pass
class E(O): pass
class DD(O): pass
class CC(DD, F): pass
class BB(DD, E): pass
class AA(BB, CC): pass
print([c.__name__ for c in AA.__mro__])

# super() details.
class P:
    def m(self):
        return "P.m"
    @classmethod
    def cm(cls):
        return "P.cm:" + cls.__name__
    @staticmethod
    def sm(x):
        return "P.sm:" + str(x)

class Q(P):
    def m(self):
        return "Q>" + super().m()
    @classmethod
    def cm(cls):
        return "Q>" + super().cm()
    @staticmethod
    def sm(x):
        return "Q>" + super(Q, Q).sm(x)
    def sup(self):
        s = super()
        return s.__thisclass__.__name__, s.__self__ is self, s.__self_class__.__name__

class R(Q):
    pass

print(R().m(), R.cm(), R().cm(), R.sm(1), R().sup())
try:
    super(Q, 5)
except TypeError as e:
    print("TypeError:", e)
try:
    super().m()
except RuntimeError as e:
    print("RuntimeError:", e)
def outside():
    return super()
try:
    outside()
except RuntimeError as e:
    print("RuntimeError:", e)
class NoAttr(P):
    def f(self):
        return super().nothing
try:
    NoAttr().f()
except AttributeError as e:
    print("AttributeError:", e)

# __class__ inside methods.
class HasClass:
    def cls(self):
        return __class__
print(HasClass().cls() is HasClass)

# Method resolution reaches builtin methods of object.
class Plain:
    pass
print(Plain.__init__ is object.__init__, Plain().__eq__(1), Plain.__hash__ is object.__hash__)
