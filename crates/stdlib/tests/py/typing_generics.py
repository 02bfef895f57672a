from typing import Generic, TypeVar, Iterator, Iterable, Callable, Any, Union, Optional, NamedTuple
T = TypeVar("T")
U = TypeVar("U")
class Box(Generic[T]):
    def __init__(self, item: T):
        self.item = item
    def map(self, f: Callable[[T], U]) -> "Box[U]":
        return Box(f(self.item))
    def __repr__(self):
        return f"Box({self.item!r})"
class IntBox(Box[int]):
    pass
class Pair(Box[T], Generic[T, U]):
    pass
print(Box(3).map(str), IntBox(4), IntBox.__mro__, IntBox.__parameters__, Pair.__parameters__)
print(Box[int], Box[Box[int]], Pair[int, str], Box[int](5), Box.__orig_bases__ if hasattr(Box, '__orig_bases__') else None)
print(IntBox.__orig_bases__, Pair.__orig_bases__)
def first(xs: Iterable[T]) -> Optional[T]:
    for x in xs:
        return x
    return None
print(first([1, 2]), first([]))
Number = Union[int, float]
print(Number, Optional[Number], Union[Number, str])
class Emp(NamedTuple):
    name: str
    id: int = 3
    def __str__(self):
        return f"<{self.name}>"
e = Emp("guido")
print(e, repr(e), e._replace(id=5), Emp._make(["a", 1]), e == ("guido", 3))
print(sorted([Emp("b", 1), Emp("a", 2)]), hash(e) == hash(("guido", 3)))
