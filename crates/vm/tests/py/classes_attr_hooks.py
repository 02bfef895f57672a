# Attribute hooks of classes: __getattribute__, __setattr__, __delattr__ overrides (and
# object's, called explicitly), __getattr__ after a failing __getattribute__, dir().

class Logged:
    def __init__(self):
        self.a = 1

    def __getattribute__(self, name):
        if name == "secret":
            raise AttributeError("no secrets")
        v = object.__getattribute__(self, name)
        return v * 10 if isinstance(v, int) else v

    def __getattr__(self, name):
        return "fallback:" + name

    def method(self):
        return "method"

l = Logged()
print(l.a, l.method(), l.secret, l.missing, getattr(l, "a"), hasattr(l, "zzz"))

class Guarded:
    def __setattr__(self, name, value):
        if name.startswith("_"):
            raise AttributeError(f"cannot set {name}")
        print("set", name, value)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)

g = Guarded()
g.x = 5
setattr(g, "y", 6)
print(g.x, g.y, vars(g))
try:
    g._hidden = 1
except AttributeError as e:
    print("AttributeError:", e)
del g.x
print(hasattr(g, "x"))
try:
    del g.nothing
except AttributeError as e:
    print("AttributeError:", e)

class Frozen:
    __slots__ = ("v",)
    def __init__(self, v):
        object.__setattr__(self, "v", v)
    def __setattr__(self, name, value):
        raise TypeError("frozen")
f = Frozen(3)
print(f.v)
try:
    f.v = 4
except TypeError as e:
    print("TypeError:", e)

# object.__getattribute__ and friends on plain instances.
class Plain:
    cls_attr = "c"
o = Plain()
object.__setattr__(o, "k", 1)
print(object.__getattribute__(o, "k"), object.__getattribute__(o, "cls_attr"))
object.__delattr__(o, "k")
print(hasattr(o, "k"))
try:
    object.__getattribute__(o, "nope")
except AttributeError as e:
    print("AttributeError:", e)

# dir() of classes and instances.
class Base:
    base_attr = 1
    def base_method(self):
        pass
class Child(Base):
    child_attr = 2
    def __init__(self):
        self.inst = 3
print([n for n in dir(Child()) if not n.startswith("__")])
print([n for n in dir(Child) if not n.startswith("__")])
print(dir(Plain()) == sorted(set(dir(Plain()))), "__dict__" in dir(Plain), "__module__" in dir(Plain))
print(dir(Plain()))
print(dir(object()))
