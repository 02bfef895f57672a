# weakref's containers, proxy and finalize for ordinary use.
import gc
import weakref


class Obj:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Obj({self.name!r})"


# WeakValueDictionary: entries go when their value dies.
d = weakref.WeakValueDictionary()
a, b = Obj("a"), Obj("b")
d["a"] = a
d["b"] = b
print(len(d), sorted(d.keys()), d["a"], d.get("b"), "a" in d)
del a
print(len(d), list(d.keys()), "a" in d, d.get("a", "gone"))
try:
    d["a"]
except KeyError as e:
    print("KeyError", e)
print(list(d.items()), list(d.values()))
print(d.pop("b"), len(d))
c = Obj("c")
print(d.setdefault("c", c), len(d))
d.update({"e": c}, f=c)
print(sorted(d), len(weakref.WeakValueDictionary(d.items())))
del c
print(len(d), list(d))

# WeakKeyDictionary: entries go when their key dies.
k = weakref.WeakKeyDictionary()
x, y = Obj("x"), Obj("y")
k[x] = 1
k[y] = 2
print(len(k), k[x], k.get(y), x in k, sorted(o.name for o in k))
del x
print(len(k), [o.name for o in k.keys()], list(k.values()))
print(k.pop(y), len(k))

# WeakSet.
s = weakref.WeakSet()
p, q = Obj("p"), Obj("q")
s.add(p)
s.add(q)
s.add(p)
print(len(s), p in s, sorted(o.name for o in s))
del p
print(len(s), [o.name for o in s])
s.discard(q)
print(len(s), list(s))

# proxy: attribute access goes to the referent, ReferenceError after it died.
target = Obj("t")
pr = weakref.proxy(target)
print(pr.name)
pr.name = "renamed"
print(target.name)
del target
try:
    pr.name
except ReferenceError as e:
    print("ReferenceError", e)

# ref: callbacks, __callback__, getweakrefcount.
def cb(wr):
    print("callback, referent gone:", wr() is None)


o = Obj("o")
r1 = weakref.ref(o, cb)
r2 = weakref.ref(o)
print(r1.__callback__ is cb, r2.__callback__, weakref.getweakrefcount(o))
del o
print(r1(), r2())

# finalize: runs once, when the object dies or when called.
f_obj = Obj("f")
fin = weakref.finalize(f_obj, print, "finalized", "f")
print(fin.alive, fin.peek()[1:3])
del f_obj
print(fin.alive, fin())
g_obj = Obj("g")
fin2 = weakref.finalize(g_obj, lambda: "called early")
print(fin2(), fin2(), fin2.alive)
weakref.finalize(Obj("temp"), print, "temp finalized")
print("finalizer kept by the registry")


# A cycle with a weakly referenced member: the collector clears it.
class Node:
    pass


n = Node()
n.me = n
wn = weakref.ref(n)
del n
gc.collect()
print("cycle collected:", wn() is None)
