from dataclasses import dataclass
@dataclass(slots=True)
class Base:
    x: int
    def show(self):
        return "base %d" % self.x
@dataclass(slots=True)
class Child(Base):
    y: int = 0
    def show(self):
        return "child " + Base.show(self)
c = Child(1, 2)
print(c.show(), c, Child.__slots__)
try:
    c.z = 3
except AttributeError as e:
    print("AttributeError:", e)
@dataclass(frozen=True, slots=True)
class F:
    a: int
f = F(1)
try:
    f.a = 2
except Exception as e:
    print(type(e).__name__, e)
print(f, hash(f) == hash((1,)))
