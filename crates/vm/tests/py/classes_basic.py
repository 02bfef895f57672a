# Classes: class attributes, instances with a __dict__, methods binding self, __init__,
# attribute get/set/del with CPython's texts, isinstance, repr.

class Point:
    """A point."""
    dims = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy)


p = Point(3, -4)
print(p.x, p.y, p.norm1(), p.dims, Point.dims)
q = p.moved(1)
print(q.x, q.y, q.moved(dy=5, dx=0).y)
print(type(p) is Point, isinstance(p, Point), isinstance(p, object), isinstance(3, Point))
print(repr(Point), str(Point), Point.__name__, Point.__qualname__, Point.__module__)
print(Point.__doc__, Point.__bases__, Point.__mro__)
print(repr(p).startswith("<__main__.Point object at 0x"), repr(p) == str(p))
print(sorted(p.__dict__.items()), sorted(vars(p)))
print(Point.__firstlineno__, Point.__static_attributes__)

# Instance attributes shadow class attributes; deleting uncovers them.
p.dims = 3
print(p.dims, Point.dims)
del p.dims
print(p.dims)
try:
    del p.dims
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.z
except AttributeError as e:
    print("AttributeError:", e)
try:
    Point.z
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(p, "z", "default"), hasattr(p, "x"), hasattr(p, "z"))
setattr(p, "z", 9)
print(p.z, p.__dict__["z"])

# Class attributes set later are seen by instances.
Point.dims = 7
print(p.dims, q.dims)
Point.label = "pt"
print(p.label)
del Point.label
print(hasattr(p, "label"))
try:
    del Point.label
except AttributeError as e:
    print("AttributeError:", e)

# Bound methods.
m = p.norm1
print(m(), m.__self__ is p, m.__func__ is Point.norm1, Point.norm1(p))
print(type(m).__name__, type(Point.norm1).__name__)

# Calling a class with the wrong arguments.
class Empty:
    pass

e = Empty()
print(type(e).__name__, e.__dict__)
for args in [(1,), (), (1, 2, 3)]:
    try:
        Point(*args)
    except TypeError as ex:
        print("TypeError:", ex)
try:
    Empty(1)
except TypeError as ex:
    print("TypeError:", ex)
try:
    Empty(a=1)
except TypeError as ex:
    print("TypeError:", ex)

class BadInit:
    def __init__(self):
        return 5

try:
    BadInit()
except TypeError as ex:
    print("TypeError:", ex)

# Nested classes and qualified names.
class Outer:
    class Inner:
        def f(self):
            return 1
    def make(self):
        class Local:
            pass
        return Local

print(Outer.Inner.__qualname__, Outer.Inner().f(), Outer().make().__qualname__)
print(repr(Outer.Inner))

# Class bodies see their own names and the enclosing function's.
def factory(n):
    class K:
        size = n
        twice = size * 2
        def get(self):
            return n
    return K

K = factory(4)
print(K.size, K.twice, K().get())

# Methods modifying instance state.
class Counter:
    count = 0
    def __init__(self):
        self.n = 0
    def inc(self):
        self.n += 1
        Counter.count += 1
        return self

c = Counter()
c.inc().inc().inc()
print(c.n, Counter.count, Counter().n)

# object() itself.
o = object()
print(type(o).__name__, repr(o).startswith("<object object at 0x"))
try:
    o.x = 1
except AttributeError as ex:
    print("AttributeError:", ex)
try:
    object(1)
except TypeError as ex:
    print("TypeError:", ex)
print(type(3) is int, type(p) is Point, type(Point) is type)
