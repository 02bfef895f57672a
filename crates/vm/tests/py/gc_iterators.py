# Cycles through iterators (map, zip, filter, enumerate, list and dict iterators) are
# collected: each run leaves nothing behind, and the weak reference to the cycle's object dies.
import gc
import weakref


class Holder:
    pass


def cycle(make):
    h = Holder()
    h.it = make(h)
    w = weakref.ref(h)
    del h
    gc.collect()
    return w() is None


print("map", cycle(lambda h: map(lambda x: h, [1])))
print("zip", cycle(lambda h: zip([h], [1])))
print("filter", cycle(lambda h: filter(None, [h])))
print("enumerate", cycle(lambda h: enumerate([h])))
print("list iterator", cycle(lambda h: iter([h])))
print("tuple iterator", cycle(lambda h: iter((h,))))
print("dict iterator", cycle(lambda h: iter({1: h}.values())))
print("set iterator", cycle(lambda h: iter({1, 2})) is False)
