# Cycles through functools.partial and collections.deque are collected: each run leaves
# nothing behind, and the weak reference to the cycle's object dies.
import gc
import weakref
from collections import deque
from functools import partial


class Holder:
    pass


def cycle(make):
    h = Holder()
    h.other = make(h)
    w = weakref.ref(h)
    del h
    gc.collect()
    return w() is None


def f(*args, **kwargs):
    return args, kwargs


print("partial args", cycle(lambda h: partial(f, h)))
print("partial keywords", cycle(lambda h: partial(f, key=h)))
print("partial func", cycle(lambda h: partial(h.__init__)))
print("deque", cycle(lambda h: deque([1, h, 2])))
print("bounded deque", cycle(lambda h: deque([h], maxlen=3)))

# A deque holding itself (only the deque's clear can break it).
d = deque()
d.append(d)
d.append(Holder())
w = weakref.ref(d[1])
del d
gc.collect()
print("deque holding itself", w() is None)

# A list and a partial holding each other.
lst = [Holder()]
p = partial(f, lst)
lst.append(p)
w = weakref.ref(lst[0])
del lst, p
gc.collect()
print("list and partial", w() is None)

# Live deques and partials keep what they hold.
keep = deque([Holder()])
wk = weakref.ref(keep[0])
gc.collect()
print("live deque", wk() is not None, len(keep))
print(gc.is_tracked(deque()), gc.is_tracked(partial(f)))
