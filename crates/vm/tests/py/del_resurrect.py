# PEP 442: a resurrected object keeps living; its __del__ is not run again, and weak
# references to it survive the resurrection.
import gc
import weakref

keep = []


class R:
    calls = 0

    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        R.calls += 1
        print("R.__del__", self.tag, "call", R.calls)
        keep.append(self)


r = R("one")
w = weakref.ref(r)
del r
print("alive after del:", w() is not None, len(keep))
print("same object:", w() is keep[0])
keep.clear()
print("after clear: calls", R.calls, "weakref dead:", w() is None)

# Resurrect through a global, then drop again: no second call.
holder = None


class G:
    def __del__(self):
        global holder
        print("G.__del__")
        holder = self


g = G()
del g
print("holder set:", type(holder).__name__)
holder = None
print("holder dropped")


# A cycle with a __del__ resurrecting through the collector, then dropped by refcount.
class Cyc:
    def __del__(self):
        print("Cyc.__del__")
        keep.append(self)


c = Cyc()
c.me = c
del c
print("collected:", gc.collect() >= 0, "kept:", len(keep))
c = keep.pop()
del c.me
del c
print("no second Cyc.__del__")

# A __del__ that deletes attributes of its own object.
class Strip:
    def __init__(self):
        self.a = R("inner")

    def __del__(self):
        print("Strip.__del__")
        del self.a


keep.clear()
s = Strip()
del s
print("inner resurrected by its own __del__:", len(keep), keep[0].tag)
keep.clear()
print("end")
