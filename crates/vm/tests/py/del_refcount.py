# __del__ at refcount zero: once, in CPython's order, resurrection kept (PEP 442).
log = []


class C:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)
        log.append(self.name)


x = C("a")
del x
print("after del a")

x = C("b")
x = None
print("after rebind b")

C("c")
print("after expression c")


def f():
    y = C("local")
    del y
    print("after local del")
    z = C("returned-from")
    return 1


f()
print("after f", log)

# Containers: a list frees from the end, a tuple from the end, a dict in insertion order.
items = [C("l0"), C("l1"), C("l2")]
del items
t = (C("t0"), C("t1"))
del t
d = {"k0": C("d0"), "k1": C("d1")}
del d
print("containers freed")

# An attribute chain: the holder's __del__ first, then what it held.
class Holder:
    def __init__(self, name, inner):
        self.name = name
        self.inner = inner

    def __del__(self):
        print("del holder", self.name, "inner", self.inner.name)


h = Holder("h", C("inner"))
del h
print("after holder")

# Attribute and item stores drop the old value at once.
class Box:
    pass


b = Box()
b.v = C("attr1")
b.v = C("attr2")
print("after attr rebind")
del b.v
print("after attr del")
lst = [C("item")]
lst[0] = 0
print("after item store")
dd = {1: C("ditem")}
del dd[1]
print("after item del")

# Resurrection: the object lives on, and its __del__ never runs again.
saved = []


class Phoenix:
    def __del__(self):
        print("phoenix del")
        saved.append(self)


p = Phoenix()
del p
print("resurrected:", len(saved), type(saved[0]).__name__)
p = saved.pop()
print("popped")
del p
print("after second death")

# A subclass inherits __del__; super().__del__ works.
class D(C):
    def __del__(self):
        print("D del", self.name)
        super().__del__()


d1 = D("sub")
del d1
print("after subclass")

# __del__ added to the class after instances exist.
class Late:
    pass


l1 = Late()
Late.__del__ = lambda self: print("late del")
del l1
print("after late")
del Late.__del__
l2 = Late()
del l2
print("after removed del")
