# The weakref module (Python source over _weakref) and __del__ through the command line.
import weakref


class Res:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("released", self.name)


cache = weakref.WeakValueDictionary()
r = Res("one")
cache["one"] = r
print("cached:", list(cache))
del r
print("after del:", list(cache))
fin = weakref.finalize(Res("two"), print, "finalize ran")
print("alive:", fin.alive)
print(weakref.ref.__name__, weakref.getweakrefcount(fin))
