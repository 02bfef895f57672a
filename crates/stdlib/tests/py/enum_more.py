from enum import Enum, Flag, IntFlag, auto, unique, StrEnum


class Perm(Flag):
    R = 4
    W = 2
    X = 1
    RW = 6
    NONE = 0


print(list(Perm), len(Perm), Perm.RW, repr(Perm.RW), Perm.RW is (Perm.R | Perm.W))
print(repr(Perm.NONE), Perm(0) is Perm.NONE, list(Perm.__members__))
print(len(Perm.R | Perm.X), repr(Perm.R | Perm.W | Perm.X), repr(~Perm.RW))


class Ordinal(Enum):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name[0] + str(count)

    NORTH = auto()
    SOUTH = auto()


print(list(Ordinal))


class Shape(Enum):
    CIRCLE = "circle"
    SQUARE = "square"

    @property
    def sides(self):
        return {"circle": 0, "square": 4}[self.value]

    def __str__(self):
        return self.value.title()


for s in Shape:
    match s:
        case Shape.CIRCLE:
            print("round", s, s.sides)
        case Shape.SQUARE:
            print("boxy", s, s.sides, repr(s))


class Mood(Enum):
    HAPPY = 3
    SAD = 1

    @classmethod
    def default(cls):
        return cls.HAPPY

    def describe(self):
        return self.name.lower(), self.value


print(Mood.default(), Mood.SAD.describe(), Mood.HAPPY.name, Mood["SAD"].value)
print(sorted(Mood, key=lambda m: m.value), max(Mood, key=lambda m: m.value))
print(Mood.HAPPY == Mood.HAPPY, Mood.HAPPY != Mood.SAD, Mood.HAPPY is Mood(3))
print({m.name: m.value for m in Mood}, dict(Mood.__members__.items()))
print(isinstance(Mood.SAD, Enum), issubclass(Mood, Enum), type(Mood.SAD) is Mood)


class Color(StrEnum):
    RED = auto()
    BLUE = auto()


print(Color.RED + "!", Color("blue"), repr(Color.BLUE), "red" in Color, Color.RED == "red")
print("-".join(Color), sorted(Color))


class Level(IntFlag):
    LOW = 1
    HIGH = 2


print(Level.LOW | Level.HIGH, Level.LOW in Level(3), Level(3) & 1, repr(Level(3) & 1))
Animal = Enum("Animal", ["CAT", "DOG"], start=10)
print(list(Animal), Animal.DOG.value)
Pet = Enum("Pet", {"FISH": "f", "BIRD": "b"})
print(list(Pet), Pet("b"))

print(list(reversed(Mood)))
try:
    Mood.HAPPY = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    del Mood.SAD
except AttributeError as e:
    print("AttributeError:", e)
Mood.extra = 3
print(Mood.extra, Mood.HAPPY)
