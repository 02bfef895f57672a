from enum import Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1

    def describe(self):
        return "%s is %d" % (self.name, self.value)

    @classmethod
    def favourite(cls):
        return cls.GREEN


print(Color.RED, repr(Color.RED), Color.RED.name, Color.RED.value)
print(list(Color))
print(len(Color), Color(1), Color["BLUE"], Color.CRIMSON is Color.RED)
print(Color.__members__)
print(list(Color.__members__))
print(Color.GREEN.describe(), Color.favourite())
print(isinstance(Color.RED, Color), type(Color.RED).__name__)
print(Color.RED == Color.RED, Color.RED == 1, Color.RED is Color(1))
print(Color.RED in Color, 2 in Color, 7 in Color)
print(f"{Color.BLUE}", "%s" % Color.BLUE, format(Color.BLUE, ">12") + "|")
print({Color.RED: "r"}[Color.CRIMSON])
try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)
try:
    Color["PINK"]
except KeyError as e:
    print("KeyError:", e)


class Shape(Enum):
    SQUARE = auto()
    CIRCLE = auto()
    TRIANGLE = auto()


print(list(Shape), Shape.TRIANGLE.value)


class Num(IntEnum):
    ONE = 1
    TWO = 2


print(Num.ONE, repr(Num.TWO), Num.ONE + 1, Num.TWO * 3, Num.ONE < Num.TWO, Num.ONE == 1)
print(sorted([Num.TWO, Num.ONE]), f"{Num.TWO}", int(Num.TWO), isinstance(Num.ONE, int))


class Dir(StrEnum):
    NORTH = auto()
    SOUTH = "s"


print(Dir.NORTH, repr(Dir.NORTH), Dir.SOUTH == "s", Dir.NORTH.upper(), f"{Dir.SOUTH}!")


class Perm(Flag):
    R = 4
    W = 2
    X = 1


rw = Perm.R | Perm.W
print(repr(rw), rw, rw.value, rw.name)
print(Perm.R in rw, Perm.X in rw, bool(Perm(0)), repr(Perm(0)))
print(repr(~Perm.R), list(Perm.R | Perm.X), repr(rw & Perm.W), repr(rw ^ Perm.R))
print(list(Perm))
try:
    Perm(8)
except ValueError as e:
    print("ValueError:", e)


class Bits(IntFlag):
    A = auto()
    B = auto()
    C = auto()


print(repr(Bits.A | Bits.C), Bits.A | Bits.C, Bits.C.value, repr(Bits(8)), Bits.B + 1)
print(repr(~Bits.A), Bits.A | 2)

try:

    @unique
    class Dup(Enum):
        A = 1
        B = 1

except ValueError as e:
    print("ValueError:", e)


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius


print(Planet.EARTH.mass, Planet.EARTH.value, repr(Planet.MERCURY))

Animal = Enum("Animal", "ANT BEE CAT")
print(list(Animal), Animal.BEE.value, Animal(3))


class Status(Enum):
    ACTIVE = "active"
    INACTIVE = "inactive"

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            for m in cls:
                if m.value == value.lower():
                    return m
        return None


print(Status("ACTIVE"), Status.INACTIVE.value)
print(hash(Color.RED) == hash(Color.RED), sorted(Color, key=lambda c: c.value))
