from dataclasses import (
    dataclass,
    field,
    fields,
    asdict,
    astuple,
    replace,
    is_dataclass,
    InitVar,
    FrozenInstanceError,
    KW_ONLY,
)


@dataclass
class Point:
    x: int
    y: int = 0


p = Point(1, 2)
print(p, Point(5), repr(Point(x=3, y=4)))
print(p == Point(1, 2), p == Point(2, 1), p != Point(1, 2), p == (1, 2))
print([f.name for f in fields(p)], fields(Point)[1].default)
print(asdict(p), astuple(p), replace(p, y=10))
print(is_dataclass(p), is_dataclass(Point), is_dataclass(1))
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    tag: str = field(default="", compare=False)


v1, v2 = Version(1, 2), Version(1, 10, "rc")
print(v1 < v2, v2 > v1, v1 <= Version(1, 2, "x"), sorted([v2, v1]))
print(hash(v1) == hash(Version(1, 2)), {v1: 1}[Version(1, 2)])
try:
    v1.major = 3
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e, isinstance(e, AttributeError))
try:
    del v1.minor
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e)


@dataclass
class Inventory:
    items: list = field(default_factory=list)
    counts: dict = field(default_factory=dict, repr=False)
    total: int = field(default=0, init=False)

    def __post_init__(self):
        self.total = len(self.items)


inv = Inventory(["a", "b"])
print(inv, inv.counts, Inventory(), Inventory().items is not Inventory().items)

try:

    @dataclass
    class Bad:
        xs: list = []

except ValueError as e:
    print("ValueError:", e)

try:

    @dataclass
    class Bad2:
        a: int = 1
        b: int

except TypeError as e:
    print("TypeError:", e)


@dataclass
class WithInit:
    a: int
    scale: InitVar[int] = 2

    def __post_init__(self, scale):
        self.a = self.a * scale


w = WithInit(3)
print(w, WithInit(3, 10), [f.name for f in fields(w)])


@dataclass
class Base:
    name: str
    level: int = 1


@dataclass
class Child(Base):
    extra: str = "e"


c = Child("kid", 2)
print(c, asdict(c), [f.name for f in fields(Child)])


@dataclass(kw_only=True)
class Opts:
    verbose: bool = False
    depth: int


print(Opts(depth=3))
try:
    Opts(1, 2)
except TypeError as e:
    print("TypeError:", type(e).__name__)


@dataclass
class Mixed:
    a: int
    _: KW_ONLY
    b: int = 2


print(Mixed(1, b=5), Mixed.__match_args__)


@dataclass(slots=True)
class Slotted:
    x: int
    y: int = 5


s = Slotted(1)
print(s, Slotted.__slots__, hasattr(s, "__dict__"))


@dataclass(unsafe_hash=True)
class Hashable:
    k: int


print(hash(Hashable(3)) == hash((3,)))


@dataclass
class Nested:
    p: Point
    ps: list


n = Nested(Point(1, 1), [Point(2, 2)])
print(asdict(n), astuple(n))


@dataclass(eq=False, repr=False)
class Plain:
    a: int


print(Plain(1) == Plain(1), Plain(1).a)


@dataclass
class Tree:
    value: int
    children: list = field(default_factory=list)


t = Tree(1)
t.children.append(t)
print(t)
print(Point.__init__.__qualname__, Point.__repr__.__qualname__)
try:
    replace(inv, total=3)
except (ValueError, TypeError) as e:
    print(type(e).__name__ + ":", e)
