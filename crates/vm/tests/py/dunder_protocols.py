# Container and call protocols of classes: __iter__/__next__ (generator __iter__ too),
# the old __getitem__ sequence protocol, __getitem__/__setitem__/__delitem__,
# __contains__, __call__, __enter__/__exit__, __class_getitem__.


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


print(list(Countdown(3)), tuple(Countdown(2)), sorted(Countdown(4)))
print(sum(Countdown(4)), min(Countdown(3)), max(Countdown(3)), "-".join(map(str, Countdown(3))))
a, b, c = Countdown(3)
print(a, b, c, [x * 2 for x in Countdown(3)], set(Countdown(2)), dict.fromkeys(Countdown(2)))
for i in Countdown(2):
    print("for", i)
it = iter(Countdown(2))
print(next(it), next(it), next(it, "done"))
print(3 in Countdown(5), 9 in Countdown(5), list(enumerate(Countdown(2))), list(zip(Countdown(2), "ab")))


class Tree:
    def __init__(self, *kids):
        self.kids = kids

    def __iter__(self):
        for k in self.kids:
            if isinstance(k, Tree):
                yield from k
            else:
                yield k


print(list(Tree(1, Tree(2, 3), Tree(Tree(4)))), " ".join(str(x) for x in Tree(5, 6)))


class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i


print(list(Squares()), 9 in Squares(), 10 in Squares(), Squares()[3])


class Grid:
    def __init__(self):
        self.cells = {}

    def __getitem__(self, key):
        return self.cells.get(key, ".")

    def __setitem__(self, key, v):
        self.cells[key] = v

    def __delitem__(self, key):
        del self.cells[key]

    def __len__(self):
        return len(self.cells)

    def __contains__(self, key):
        return key in self.cells


g = Grid()
g[1, 2] = "x"
g[0, 0] = "o"
print(g[1, 2], g[5, 5], len(g), (1, 2) in g, (3, 3) in g, (3, 3) not in g)
del g[1, 2]
print(len(g), (1, 2) in g)
try:
    del g[9, 9]
except KeyError as e:
    print("KeyError:", e)


class NoItems:
    pass


for f in (lambda: NoItems()[0], lambda: NoItems().__setitem__, lambda: iter(NoItems()),
          lambda: 1 in NoItems(), lambda: len(NoItems()), lambda: NoItems()(),
          lambda: next(NoItems())):
    try:
        f()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)
try:
    n = NoItems()
    n[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    del n[0]
except TypeError as e:
    print("TypeError:", e)


class BadIter:
    def __iter__(self):
        return 42


try:
    iter(BadIter())
except TypeError as e:
    print("TypeError:", e)


class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x, *, times=1):
        return (x + self.n) * times


add3 = Adder(3)
print(add3(4), add3(1, times=2), list(map(add3, [1, 2])), callable(add3), callable(NoItems()))
print(sorted([3, 1, 2], key=Adder(0)))


class Ctx:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.swallow


with Ctx("a") as v, Ctx("b") as w:
    print("body", v, w)
with Ctx("c", swallow=True):
    raise ValueError("hidden")
try:
    with Ctx("d"):
        raise KeyError("seen")
except KeyError as e:
    print("caught", e)


class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"


print(Box[int], Box[str])
