# Corners of classes: empty __slots__ on an int subclass, a 300-level hierarchy, builtin
# subclasses holding themselves or empty, metaclass __new__ via type.__new__, __new__ misuse.
class A(int):
    __slots__ = ()
a = A(5)
print(a + 1)
try:
    a.x = 1
except AttributeError as e: print(e)
C = object
for i in range(300):
    C = type("C%d" % i, (C,), {"v": i})
print(C().v, len(C.__mro__))
class L(list): pass
l = L([1, 2]); l.append(l)
print(len(l))
class T(tuple): pass
t = T(())
print(t, type(t).__name__, T((1,)) + (2,))
class S(str): pass
print(S(""), repr(S("")), S() == "")
class Meta(type):
    def __new__(m, *a): return type.__new__(m, *a)
class X(metaclass=Meta): pass
class Y(X): pass
print(type(Y).__name__)
try:
    type.__new__(int, "x", (), {})
except TypeError as e: print(e)
try:
    object.__new__(int)
except TypeError as e: print(e)
try:
    int.__new__(str, 1)
except TypeError as e: print(e)
class Z: pass
try:
    super(Z, Z()).nothing
except AttributeError as e: print(e)
print(super(Z, Z()))
