# Descriptors: property (getter, setter, deleter, decorator forms, fget, __doc__),
# staticmethod, classmethod, user descriptors with __get__/__set__/__delete__, data versus
# non-data precedence, __getattr__, __slots__.

class Temp:
    def __init__(self):
        self._c = 0

    @property
    def celsius(self):
        "Degrees Celsius."
        return self._c

    @celsius.setter
    def celsius(self, v):
        self._c = v

    @celsius.deleter
    def celsius(self):
        print("deleting")
        self._c = None

    def _get_f(self):
        return self._c * 9 / 5 + 32

    fahrenheit = property(_get_f, doc="Fahrenheit, read-only.")

t = Temp()
t.celsius = 100
print(t.celsius, t.fahrenheit)
del t.celsius
print(t.celsius)
print(Temp.celsius.__doc__, Temp.fahrenheit.__doc__, Temp.celsius.fget.__name__)
print(type(Temp.celsius).__name__, Temp.fahrenheit.fset, Temp.celsius.fdel is not None)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    del t.fahrenheit
except AttributeError as e:
    print("AttributeError:", e)
wo = property()
class NoGetter:
    x = property(None, lambda self, v: None)
try:
    NoGetter().x
except AttributeError as e:
    print("AttributeError:", e)

# A property shadows the instance dict (data descriptor).
t.__dict__["celsius"] = "hidden"
t.celsius = 7
print(t.celsius, t.__dict__["celsius"])

# staticmethod and classmethod.
class K:
    count = 0
    @staticmethod
    def add(a, b):
        return a + b
    @classmethod
    def make(cls, n):
        obj = cls()
        obj.n = n
        return obj
    sm = staticmethod(len)

class KK(K):
    pass

print(K.add(1, 2), K().add(3, 4), KK.make(5).n, type(KK.make(1)).__name__, K.sm("abc"))
print(type(K.__dict__["add"]).__name__, type(K.__dict__["make"]).__name__)
print(K.__dict__["add"].__func__(1, 1), K.make.__self__ is K, KK().make.__self__ is KK)

# User descriptors.
class Typed:
    def __init__(self, kind):
        self.kind = kind
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name)
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name[1:]} must be {self.kind.__name__}")
        setattr(obj, self.name, value)
    def __delete__(self, obj):
        print("delete", self.name)

class Rec:
    age = Typed(int)
    name = Typed(str)
    def __init__(self, name, age):
        self.name = name
        self.age = age

r = Rec("ann", 30)
print(r.name, r.age, type(Rec.age).__name__, sorted(vars(r)))
try:
    r.age = "old"
except TypeError as e:
    print("TypeError:", e)
del r.age

class NonData:
    def __get__(self, obj, objtype=None):
        return ("computed", obj is None, objtype.__name__)

class HasNonData:
    nd = NonData()

h = HasNonData()
print(h.nd, HasNonData.nd)
h.nd = "instance wins"
print(h.nd)

# __getattr__ is the fallback.
class Fallback:
    real = 1
    def __getattr__(self, name):
        if name.startswith("x"):
            return name * 2
        raise AttributeError(f"no {name}")
f = Fallback()
print(f.real, f.xy, getattr(f, "xz"), hasattr(f, "nope"))
try:
    f.nope
except AttributeError as e:
    print("AttributeError:", e)

class PropFallback:
    @property
    def p(self):
        raise AttributeError("inner")
    def __getattr__(self, name):
        return "fallback " + name
print(PropFallback().p)

# __slots__.
class Slotted:
    __slots__ = ("a", "b")
    def __init__(self, a):
        self.a = a

s = Slotted(1)
print(s.a, type(Slotted.a).__name__, repr(Slotted.a), Slotted.__slots__)
try:
    s.b
except AttributeError as e:
    print("AttributeError:", e)
s.b = 2
print(s.b)
del s.b
try:
    del s.b
except AttributeError as e:
    print("AttributeError:", e)
try:
    s.c = 3
except AttributeError as e:
    print("AttributeError:", e)
try:
    s.__dict__
except AttributeError as e:
    print("AttributeError:", e)

class SlottedChild(Slotted):
    __slots__ = ("c",)
sc = SlottedChild(5)
sc.b = 6
sc.c = 7
print(sc.a, sc.b, sc.c)

class Dicty(Slotted):
    pass
d = Dicty(1)
d.z = 9
print(d.a, d.z, d.__dict__)

class WithDictSlot:
    __slots__ = ["x", "__dict__"]
w = WithDictSlot()
w.x = 1
w.y = 2
print(w.x, w.__dict__)

for bad in ["1x", 3]:
    try:
        class BadSlots:
            __slots__ = [bad]
    except TypeError as e:
        print("TypeError:", e)
try:
    class Conflict:
        __slots__ = ["v"]
        v = 1
except ValueError as e:
    print("ValueError:", e)

class Private:
    __slots__ = ["__hidden"]
    def __init__(self):
        self.__hidden = 1
    def get(self):
        return self.__hidden
print(Private().get(), hasattr(Private, "_Private__hidden"))

# Class attribute changes are seen through every path (version tags).
class V:
    def m(self):
        return 1
v = V()
print(v.m())
V.m = lambda self: 2
print(v.m())
class V2(V): pass
v2 = V2()
print(v2.m())
V.m = lambda self: 3
print(v2.m())
del V.m
print(hasattr(v2, "m"))
