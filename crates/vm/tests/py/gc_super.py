# Cycles through super objects are collected: an instance holding a super bound to itself.
import gc
import weakref


class Base:
    def hello(self):
        return "base"


class Child(Base):
    def keep(self):
        self.sup = super()
        return self.sup.hello()


c = Child()
print(c.keep(), type(c.sup).__name__)
w = weakref.ref(c)
del c
gc.collect()
print("super bound to its instance", w() is None)

# A class whose attribute is a super object of itself.
class K(Base):
    pass


K.s = super(K, K)
wk = weakref.ref(K)
del K
gc.collect()
print("super stored on its class", wk() is None)

# A live super keeps its receiver.
c2 = Child()
c2.keep()
s = c2.sup
w2 = weakref.ref(c2)
del c2
gc.collect()
print("live super", w2() is not None, s.hello())
print(gc.is_tracked(super(Child, Child())))
