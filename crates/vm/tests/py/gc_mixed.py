# Many automatic collections (thresholds lowered) while cycles of instances, bound methods,
# closures' defaults, suspended generators and exceptions are made; a collection run from a
# sort key function. Every node dies.
import gc, weakref
gc.set_threshold(5, 2, 2)
class Node:
    def __init__(self, v):
        self.v = v
        self.peers = []
    def link(self, o):
        self.peers.append(o)
        o.peers.append(self)
def gen(n):
    local = [n]
    local.append(local)
    for i in range(n):
        try:
            yield i
        finally:
            pass
total = 0
refs = []
for k in range(3000):
    a, b = Node(k), Node(-k)
    a.link(b)
    a.m = a.link
    def f(x=a):
        return x
    a.f = f
    g = gen(3)
    total += next(g)
    a.g = g
    refs.append(weakref.ref(a, lambda w: None))
    try:
        raise ValueError(k)
    except ValueError as e:
        a.e = e
        e.node = a
    if k % 500 == 0:
        sorted([3, 1, 2], key=lambda v: (gc.collect(0), v)[1])
del a, b, f, g
print(gc.collect() >= 0, total, sum(1 for r in refs if r() is None), len(refs))
print(gc.get_stats()[0]["collections"] > 100)
