# Bad input to the Python-source modules: each error with CPython's type and text.
from enum import Enum, Flag, IntEnum
from dataclasses import dataclass, field, fields, asdict, astuple, replace
from typing import Any, Generic, List, Optional, Protocol, TypeVar, Union, Dict
import types


def attempt(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__ + ":", e)
    else:
        print(label, "->", r)


class Color(Enum):
    RED = 1
    GREEN = 2


print(Color, str(Color), repr(Color))
attempt("value", lambda: Color(3))
attempt("name", lambda: Color["BLUE"])
attempt("value str", lambda: Color("RED"))


def extend():
    class More(Color):
        PINK = 9


attempt("extend", extend)


def sunder():
    class S(Enum):
        _bad_ = 1


attempt("sunder", sunder)


class Num(IntEnum):
    ONE = 1


attempt("intenum", lambda: Num(2))


class Perm(Flag):
    R = 4
    W = 2


attempt("flag", lambda: Perm(1))
print(Perm, repr(Perm(0)), list(Perm(6)))


@dataclass
class P:
    x: int


attempt("fields", lambda: fields(1))
attempt("asdict", lambda: asdict(P))
attempt("astuple", lambda: astuple(3))
attempt("replace", lambda: replace(1))
attempt("both", lambda: field(default=1, default_factory=list))
attempt("missing arg", lambda: P())
attempt("extra arg", lambda: P(1, 2))
attempt("unknown kw", lambda: P(y=1))


def order_without_eq():
    @dataclass(order=True, eq=False)
    class Q:
        a: int


attempt("order", order_without_eq)


def dict_default():
    @dataclass
    class R:
        d: dict = {}


attempt("dict default", dict_default)


def no_annotation():
    @dataclass
    class R:
        a: int
        b = field(default=1)


attempt("no annotation", no_annotation)

T = TypeVar("T")
attempt("generic int", lambda: Generic[int])
attempt("list args", lambda: List[int, str])
attempt("dict args", lambda: Dict[int])
attempt("any isinstance", lambda: isinstance(1, Any))
attempt("any call", lambda: Any())
attempt("optional two", lambda: Optional[int, str])
attempt("union empty", lambda: Union[()])
attempt("list call", lambda: List())
attempt("bivariant", lambda: TypeVar("B", covariant=True, contravariant=True))


class Proto(Protocol):
    def m(self): ...


attempt("protocol", lambda: Proto())
attempt("namespace", lambda: types.SimpleNamespace({1: 2}))
attempt("proxy", lambda: types.MappingProxyType([1]))


def reuse():
    class A(Enum):
        X = 1
        X = 2


def member_then_method():
    class B(Enum):
        X = 1

        def X(self):
            pass


attempt("reuse", reuse)
attempt("member then method", member_then_method)


def namedtuple_order():
    from typing import NamedTuple

    class NT(NamedTuple):
        a: int = 1
        b: int = 2
        c: int


attempt("namedtuple order", namedtuple_order)
