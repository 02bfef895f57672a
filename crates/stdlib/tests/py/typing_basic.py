from typing import (
    Any, Callable, ClassVar, Dict, Generic, Iterable, Iterator, List, Literal, NamedTuple,
    Optional, Protocol, Set, Tuple, TypedDict, TypeVar, Union, cast, final, get_args,
    get_origin, get_type_hints, overload, runtime_checkable, TYPE_CHECKING, NewType, Sequence,
    Mapping, FrozenSet, Type, Annotated,
)

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V", covariant=True)
print(T, V, T.__name__, TYPE_CHECKING)
print(Any, Optional[int], Union[int, str], Union[int, None], Union[int], Union[int, Union[str, int]])
print(List[int], Dict[str, List[int]], Tuple[int, ...], Tuple[int, str], Set[float])
print(Callable[[int, str], bool], Callable[..., int], Optional[List[str]])
print(List, Dict, Iterable[int], Iterator[str], Sequence[int], Mapping[str, int])
print(Literal[1, "a"], ClassVar[int], FrozenSet[int], Type[int], Annotated[int, "meta"])
print(Optional[int] == Union[None, int], List[int] == List[int], Union[int, str] == Union[str, int])
print(get_origin(List[int]), get_args(Dict[str, int]), get_origin(Optional[int]), get_args(Optional[int]))
print(get_args(Callable[[int], str]), get_origin(int), get_args(int))
print(list[int], dict[str, list[int]], tuple[int, ...], type[int], set[str])
print(get_origin(list[int]), get_args(dict[str, int]), list[int]([1, 2]))
print(isinstance([], List), isinstance({}, Dict), issubclass(list, List))
try:
    isinstance([], List[int])
except TypeError as e:
    print("TypeError:", e)


class Stack(Generic[T]):
    def __init__(self):
        self.items: List[T] = []

    def push(self, item: T) -> None:
        self.items.append(item)

    def pop(self) -> T:
        return self.items.pop()


s = Stack[int]()
s.push(1)
s.push(2)
print(s.pop(), Stack[int], Stack.__parameters__, isinstance(s, Stack))


class Pair(Generic[K, V]):
    pass


print(Pair[str, int], Pair[str, List[int]])
try:
    Stack[int, str]
except TypeError as e:
    print("TypeError:", e)


class Point(NamedTuple):
    x: int
    y: int = 0

    def norm(self):
        return abs(self.x) + abs(self.y)


p = Point(3, -4)
print(p, p.x, p[1], p.norm(), Point(1), p._asdict(), p._replace(x=0), Point._fields)
print(isinstance(p, tuple), tuple(p), p == (3, -4), Point._field_defaults, len(p))
x, y = p
print(x, y, Point._make([5, 6]))


class Movie(TypedDict):
    title: str
    year: int


m = Movie(title="Blade Runner", year=1982)
print(m, type(m), sorted(Movie.__required_keys__), Movie.__annotations__)


class Partial(TypedDict, total=False):
    name: str


print(Partial.__total__, sorted(Partial.__optional_keys__), Partial(name="x"))


@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...


class File:
    def close(self):
        pass


print(isinstance(File(), Closable), isinstance(1, Closable))


class NotRuntime(Protocol):
    def meth(self): ...


try:
    isinstance(File(), NotRuntime)
except TypeError as e:
    print("TypeError:", e)

print(cast(int, "not an int"), cast(List[int], [1]))


@overload
def f(x: int) -> int: ...
@overload
def f(x: str) -> str: ...
def f(x):
    return x


print(f(3), f("s"))


@final
class Leaf:
    pass


print(Leaf.__final__)


class Annotated2:
    a: int
    b: "str"
    c: Optional[int] = None


print(get_type_hints(Annotated2))
UserId = NewType("UserId", int)
print(UserId(5), UserId, UserId.__supertype__)
try:
    Union[()]
except TypeError as e:
    print("TypeError:", e)
print(repr(Optional[Dict[str, Any]]), Union[int, str, None])


def annotated_fn(a: int, b: "str" = "x", *, c: Optional[int] = None) -> bool:
    return True


print(get_type_hints(annotated_fn))
