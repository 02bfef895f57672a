# Assigning a class's __bases__ (type_set_bases): the MRO of the class and its subclasses
# recomputed, method lookups following it, and CPython's errors for bad bases.
# __bases__
class A:
    def who(self):
        return "A"
class B:
    def who(self):
        return "B"
class E(A):
    pass
e = E()
print(e.who(), E.__bases__, E.__mro__)
E.__bases__ = (B,)
print(e.who(), E.__bases__, E.__mro__, isinstance(e, B), isinstance(e, A))
E.__bases__ = (A, B)
print(e.who(), E.__mro__)
for bad in ((), [A], (1,), (E,), (int,)):
    try:
        E.__bases__ = bad
    except TypeError as ex:
        print(type(ex).__name__, ex)
class F(E):
    pass
try:
    E.__bases__ = (F,)
except TypeError as ex:
    print(type(ex).__name__, ex)
print(F.__mro__)
E.__bases__ = (B,)
print(F.__mro__, F().who())
try:
    int.__bases__ = (object,)
except TypeError as ex:
    print(type(ex).__name__, ex)
try:
    del E.__bases__
except TypeError as ex:
    print(type(ex).__name__, ex)
print(A.__subclasses__(), B.__subclasses__())
class A9: pass
class B9: pass
class E9: pass
def t(cls, bases):
    try:
        cls.__bases__ = bases
        print("ok", cls.__mro__)
    except TypeError as ex:
        print(ex)
t(E9, (B9,))
t(E9, (object,))
class L(list): pass
class L2(list): pass
t(L, (L2,))
t(L, (A9,))
t(E9, (L,))
class Sl: __slots__ = ("a",)
t(E9, (Sl,))
class X(A9): pass
t(X, (int,))
t(X, (list,))
t(X, (dict,))
t(X, (A9, B9))
class M1(type): pass
class MM(metaclass=M1): pass
t(X, (MM,))
class P:
    __slots__ = ("x",)
class Q:
    __slots__ = ("x",)
class R(P): pass
t(R, (Q,))
class Y(A9, B9): pass
class Z(B9, A9): pass
class W(Y): pass
t(W, (Y, Z))
print(W.__mro__)
