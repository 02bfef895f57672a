# Metaclasses, __new__, __init_subclass__, __set_name__, __prepare__, type() with three
# arguments, class keywords.

class Meta(type):
    def __new__(mcs, name, bases, ns, **kw):
        ns["made_by"] = mcs.__name__
        ns["kw"] = sorted(kw.items())
        cls = super().__new__(mcs, name, bases, ns)
        return cls

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.inited = True

    def __call__(cls, *args, **kwargs):
        obj = super().__call__(*args, **kwargs)
        obj.via_meta = True
        return obj

    def hello(cls):
        return "hello from " + cls.__name__

    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        d = {"prepared": name}
        return d


class WithMeta(metaclass=Meta, flag=1):
    def __init__(self, v=0):
        self.v = v


w = WithMeta(5)
print(type(WithMeta).__name__, WithMeta.made_by, WithMeta.kw, WithMeta.inited, WithMeta.prepared)
print(w.v, w.via_meta, WithMeta.hello(), isinstance(WithMeta, Meta), isinstance(WithMeta, type))
try:
    w.hello
except AttributeError as e:
    print("AttributeError:", e)

class Sub(WithMeta):
    pass

print(type(Sub).__name__, Sub.made_by, Sub.kw, Sub().via_meta)

# Metaclass conflicts.
class M1(type): pass
class M2(type): pass
class A1(metaclass=M1): pass
class A2(metaclass=M2): pass
try:
    class Both(A1, A2): pass
except TypeError as e:
    print("TypeError:", e)
class M3(M1, M2): pass
class Both(A1, A2, metaclass=M3): pass
print(type(Both).__name__)

# A metaclass that returns something else than a class.
def not_a_class(name, bases, ns):
    return name.upper() + str(len(ns))
class Odd(metaclass=not_a_class):
    x = 1
print(Odd)
class Meta5(type):
    def __new__(mcs, name, bases, ns):
        return 5
class Five(metaclass=Meta5):
    pass
print(Five)
class BadPrepare(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return 3
try:
    class Q(metaclass=BadPrepare): pass
except TypeError as e:
    print("TypeError:", e)

# __new__.
class Singleton:
    _inst = None
    def __new__(cls, *args):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
    def __init__(self, v):
        self.v = v

s1 = Singleton(1)
s2 = Singleton(2)
print(s1 is s2, s1.v)

class Other:
    def __new__(cls):
        return 42
    def __init__(self):
        print("not called")
print(Other())

class NewArgs:
    def __new__(cls, a, b=2):
        obj = object.__new__(cls)
        obj.sum = a + b
        return obj
print(NewArgs(1).sum, NewArgs(1, b=5).sum)
try:
    object.__new__(NewArgs, 1)
except TypeError as e:
    print("TypeError:", e)
class InitOnly:
    def __init__(self, a):
        self.a = a
print(InitOnly(3).a)
try:
    object.__new__(5)
except TypeError as e:
    print("TypeError:", e)
class InitArgs:
    def __init__(self, *a):
        super().__init__(*a)
try:
    InitArgs(1)
except TypeError as e:
    print("TypeError:", e)

# __init_subclass__ with class keywords.
class Plugin:
    registry = []
    def __init_subclass__(cls, name=None, **kw):
        super().__init_subclass__(**kw)
        cls.plugin_name = name or cls.__name__.lower()
        Plugin.registry.append(cls.plugin_name)

class First(Plugin): pass
class Second(Plugin, name="two"): pass
class Third(Second): pass
print(Plugin.registry, Third.plugin_name)
try:
    class Bad(Plugin, unknown=1): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Bad2(object, unknown=1): pass
except TypeError as e:
    print("TypeError:", e)

# __set_name__.
class Named:
    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name
class Holder:
    first = Named()
    second = Named()
print(Holder.first.name, Holder.second.name, Holder.first.owner)

# type() with three arguments.
T = type("T", (), {"x": 1, "f": lambda self: self.x + 1})
t = T()
print(T.__name__, T.__qualname__, T.__module__, T.__bases__, t.f(), repr(T))
U = type("U", (T,), {})
print(U().f(), U.__mro__)
for args in [("T", (), {}, 1), ("T",), ("T", ())]:
    try:
        type(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    type(1, (), {})
except TypeError as e:
    print("TypeError:", e)
try:
    type("N", (1,), {})
except TypeError as e:
    print("TypeError:", e)
try:
    type("N", (), [])
except TypeError as e:
    print("TypeError:", e)
try:
    class B(bool): pass
except TypeError as e:
    print("TypeError:", e)
print(type(type), type(object), type(int), type(3))

# Classes are hashable, comparable by identity, and have __subclasses__.
class Root: pass
class Leaf1(Root): pass
class Leaf2(Root): pass
print([c.__name__ for c in Root.__subclasses__()], {Root: 1}[Root], Root == Root, Root != Leaf1)
