# weakref.ref: calling it gives the referent or None, callbacks are called once with the
# reference when the referent dies (by refcount or by the cycle collector), __callback__,
# hash and equality as CPython, the basic reference shared, and the objects that cannot be
# weakly referenced.
import gc
import weakref


def f():
    pass


s = {1, 2}
r = weakref.ref(s)
print(r() is s, r() == {1, 2})
print(weakref.ref(s) is r, weakref.getweakrefcount(s))
print(r.__callback__)
print(type(r).__name__, weakref.ref is weakref.ReferenceType)
print(repr(r).startswith("<weakref at 0x"), "; to 'set' at 0x" in repr(r))


def report(wr):
    print("callback:", wr is r2, wr())


r2 = weakref.ref(s, report)
print(r2 is r, weakref.getweakrefcount(s), r2.__callback__ is report)
print(len(weakref.getweakrefs(s)))
del s
print("after del:", r(), r2(), r2.__callback__)
print(repr(r).endswith("; dead>"))

# Callbacks are called newest first.
fs = frozenset([1])
a = weakref.ref(fs, lambda w: print("first made"))
b = weakref.ref(fs, lambda w: print("second made"))
del fs
print("both ran")

# A reference that dies first never calls its callback.
fs = frozenset([2])
c = weakref.ref(fs, lambda w: print("never"))
del c
del fs
print("no callback")

# Referents in a garbage cycle: cleared by the collector, callbacks called.
gc.collect()


def g():
    pass


box = [g]
box.append(box)
wg = weakref.ref(g, lambda w: print("g collected, dead:", w() is None))
del g, box
print("collect:", gc.collect())
print(wg())

# hash and equality
fs = frozenset([4])
h1 = weakref.ref(fs)
h2 = weakref.ref(fs, lambda w: None)
print(hash(h1) == hash(fs), h1 == h2, h1 != h2)
del fs
print(h1 == h2, h1 == h1, hash(h1) == hash(h1))
fs = frozenset([5])
h3 = weakref.ref(fs)
del fs
try:
    hash(h3)
except TypeError as e:
    print("TypeError", e)


for o in [1, "s", (), [], {}, None, b"", 1.5]:
    try:
        weakref.ref(o)
    except TypeError as e:
        print(e)

for call in [lambda: weakref.ref(), lambda: weakref.ref({1}, None, 3), lambda: h1(1)]:
    try:
        call()
    except TypeError as e:
        print("TypeError", e)

print(weakref.ref(f)() is f, weakref.ref(len)() is len, weakref.ref(gc)() is gc)
code = f.__code__
print(weakref.ref(code)() is code, weakref.ref(int)() is int)
print(weakref.getweakrefcount(1), weakref.getweakrefs([]))
