from dataclasses import dataclass, field
from typing import ClassVar, Optional, List
from enum import Enum, auto
import contextlib


class Status(Enum):
    OPEN = auto()
    CLOSED = auto()


@dataclass
class Ticket:
    title: str
    status: Status = Status.OPEN
    tags: List[str] = field(default_factory=list)
    parent: Optional["Ticket"] = None
    counter: ClassVar[int] = 0

    def close(self) -> None:
        self.status = Status.CLOSED


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def __add__(self, other: "Point") -> "Point":
        return Point(self.x + other.x, self.y + other.y)


t = Ticket("bug", tags=["ui"])
t.close()
print(t, Ticket.counter, Ticket.__dataclass_fields__.keys())
print(Point(1, 2) + Point(3, 4), {Point(1, 2), Point(1, 2)})


@contextlib.contextmanager
def section(name):
    print("begin", name)
    yield
    print("end", name)


with section("a"), section("b"):
    print("body")

with contextlib.ExitStack() as es:
    for n in "xyz":
        es.enter_context(section(n))
print(Status.OPEN.name.title(), [s.value for s in Status])
from typing import get_type_hints
print(get_type_hints(Point))
