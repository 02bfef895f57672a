# The cycle collector: garbage cycles through lists, dicts, tuples, sets, functions, closures
# and generators are found and counted as CPython counts them; what is still referred to is
# kept; generations, thresholds and tracking.
import gc

gc.collect()  # whatever the start-up left

a = []
a.append(a)
del a
print("self list:", gc.collect())

d = {}
d["self"] = d
del d
print("self dict:", gc.collect())

a, b = [], []
a.append(b)
b.append(a)
del a, b
print("two lists:", gc.collect())

l = [1]
t = (l, 2)
l.append(t)
del l, t
print("list and tuple:", gc.collect())

class_like = {"items": []}
class_like["items"].append(class_like)
keep = class_like
del class_like
print("kept:", gc.collect(), len(keep["items"]))
del keep
print("released:", gc.collect())


def make_closure():
    x = [1]

    def h():
        return x

    x.append(h)


make_closure()
print("closure:", gc.collect())


def recursive():
    def f(n):
        return f(n - 1) if n else 0

    return f(3)


print(recursive())
print("recursive closure:", gc.collect())


def gen():
    yield 1


g = gen()
holder = [g]
holder.append(holder)
del g, holder
print("unstarted generator in a cycle:", gc.collect())

s = {1, 2}
print("set tracked:", gc.is_tracked(s))
print("int tracked:", gc.is_tracked(1), "str tracked:", gc.is_tracked("x"))
print("empty dict tracked:", gc.is_tracked({}))
print("dict of atomics tracked:", gc.is_tracked({"a": 1, "b": "x"}))
print("dict holding a list tracked:", gc.is_tracked({"a": []}))
e = {}
e["x"] = 1
print("grown, atomics:", gc.is_tracked(e))
e["y"] = [e]
print("grown, container:", gc.is_tracked(e))
print("list tracked:", gc.is_tracked([]))
print("function tracked:", gc.is_tracked(make_closure))
t = tuple([1, 2, 3])
print("tuple before:", gc.is_tracked(t))
gc.collect()
print("tuple after a collection:", gc.is_tracked(t))
t2 = tuple([[], 1])
gc.collect()
print("tuple of a list after:", gc.is_tracked(t2))

print(gc.get_threshold())
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
gc.set_threshold(700)
print(gc.get_threshold())
gc.set_threshold(700, 5)
print(gc.get_threshold())
gc.set_threshold(2000, 10, 10)
print(gc.get_threshold())
gc.collect()
print(gc.get_count())
print(gc.collect(0), gc.collect(1), gc.collect(generation=2))
print(gc.garbage)
print(type(gc.get_objects()).__name__, len(gc.get_objects(generation=0)) >= 0)
print(sorted(gc.get_stats()[2].keys()))

for bad in [
    lambda: gc.collect(3),
    lambda: gc.collect(-1),
    lambda: gc.collect("x"),
    lambda: gc.set_threshold(),
    lambda: gc.set_threshold(1, 2, 3, 4),
    lambda: gc.is_tracked(),
    lambda: gc.get_objects(5),
    lambda: gc.enable(1),
]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

# Automatic collections: a loop making cycles never holds more than a few thresholds' worth.
gc.collect()
for i in range(20000):
    a = []
    a.append(a)
del a
print("automatic:", gc.get_count()[0] < 2001)

# What a container refers to, and what refers to it.
x = [1, "two"]
y = {"k": x}
z = (x, 3)
print(sorted(map(repr, gc.get_referents(x))))
print(gc.get_referents(y) == [x], gc.get_referents(z) == [3, x], gc.get_referents({1: x}) == [x, 1])
print(gc.get_referents(1), gc.get_referents("s"))
refs = gc.get_referrers(x)
print(any(r is y for r in refs), any(r is z for r in refs))
