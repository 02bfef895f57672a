# An instance's attribute hooks inherited from object are remembered per class version:
# assigning __getattribute__, __setattr__ or __delattr__ on the class or a base after the
# loop has seen the class must take effect at the next access.
class Base:
    pass


class P(Base):
    def __init__(self):
        self.x = 1


p = P()
for _ in range(3):
    print(p.x)


def ga(self, name):
    return "hooked " + name


Base.__getattribute__ = ga
print(p.x, p.y)
del Base.__getattribute__
print(p.x)


def sa(self, name, value):
    object.__setattr__(self, name, value * 10)


for i in range(3):
    p.z = i
print(p.z)
P.__setattr__ = sa
p.z = 5
print(p.z)
del P.__setattr__
p.z = 6
print(p.z)


def da(self, name):
    print("not deleting", name)


del p.z
print(hasattr(p, "z"))
p.z = 7
Base.__delattr__ = da
del p.z
print(p.z)


class Q:
    pass


q = Q()
q.x = 2
for o in (p, q, p, q):
    print(type(o).__name__, o.x)
