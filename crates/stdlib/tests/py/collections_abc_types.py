# collections.abc and abc: isinstance/issubclass through __subclasshook__ and register,
# the mixin methods, abstract classes refusing instantiation.
from collections.abc import (
    Awaitable, Callable, Collection, Container, Coroutine, Generator, Hashable, ItemsView,
    Iterable, Iterator, KeysView, Mapping, MutableMapping, MutableSequence, MutableSet,
    Reversible, Sequence, Set, Sized, ValuesView,
)
import collections.abc
from abc import ABC, ABCMeta, abstractmethod


def gen():
    yield 1


print(isinstance([], Iterable), isinstance(gen(), Iterator), isinstance(gen(), Generator))
print(isinstance({}, Mapping), isinstance({}, MutableMapping), isinstance([], Sequence))
print(isinstance((), MutableSequence), isinstance((), Sequence), isinstance('', Sequence))
print(isinstance(1, Hashable), isinstance([], Hashable), isinstance({}, Hashable))
print(isinstance(len, Callable), isinstance(gen, Callable), isinstance(1, Callable))
print(isinstance('', Container), isinstance(set(), Sized), isinstance(set(), MutableSet))
print(isinstance(frozenset(), Set), isinstance(frozenset(), MutableSet))
print(issubclass(dict, Collection), isinstance(iter([]), Iterator), isinstance([], Iterator))
print(isinstance({}.keys(), KeysView), isinstance({}.items(), ItemsView))
print(isinstance({}.values(), ValuesView), isinstance(range(3), Sequence))
print(isinstance([], Reversible), isinstance(iter(()), Iterator), isinstance(3, Iterable))
print(Iterator[int], Iterable, Callable.__module__, collections.abc.__name__)


class Seq(Sequence):
    def __getitem__(self, i):
        return [1, 2, 3, 2][i]

    def __len__(self):
        return 4


s = Seq()
print(list(s), s.index(2), s.count(2), 3 in s, list(reversed(s)), isinstance(s, Reversible))
try:
    s.index(9)
except ValueError:
    print('ValueError')


class Map(Mapping):
    def __init__(self, d):
        self.d = d

    def __getitem__(self, k):
        return self.d[k]

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)


m = Map({1: 2, 3: 4})
print(m.get(1), m.get(5, 'x'), 1 in m, 5 in m, list(m.keys()), list(m.items()))
print(list(m.values()), m == {1: 2, 3: 4}, m == Map({1: 2}), len(m.keys()))
print(type(m.keys()).__name__, m.keys() == {1, 3}, m.keys() & {1, 9})


class MM(MutableMapping):
    def __init__(self):
        self.d = {}

    def __getitem__(self, k):
        return self.d[k]

    def __setitem__(self, k, v):
        self.d[k] = v

    def __delitem__(self, k):
        del self.d[k]

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)


mm = MM()
mm.update({'a': 1}, b=2)
mm.update([('c', 3)])
print(mm.setdefault('a', 9), mm.setdefault('z', 0), mm.pop('z'), mm.pop('q', 'dflt'))
print(sorted(mm.items()), mm.popitem())
mm.clear()
print(len(mm))
try:
    mm.pop('nope')
except KeyError as e:
    print('KeyError', e)


class MS(MutableSequence):
    def __init__(self):
        self.l = []

    def __getitem__(self, i):
        return self.l[i]

    def __setitem__(self, i, v):
        self.l[i] = v

    def __delitem__(self, i):
        del self.l[i]

    def __len__(self):
        return len(self.l)

    def insert(self, i, v):
        self.l.insert(i, v)


ms = MS()
ms.append(1)
ms.extend([2, 3])
ms += [4]
ms.reverse()
print(ms.l, ms.pop(), ms.pop(0), ms.l)
ms.remove(3)
print(ms.l)

for abc_cls in (Mapping, MutableMapping, Sequence, Iterator):
    try:
        abc_cls()
    except TypeError as e:
        print(e)


class It:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration


class NoHash:
    __hash__ = None


class Eq:
    def __eq__(self, other):
        return True


print(isinstance(It(), Iterator), issubclass(It, Iterable), issubclass(It, Sized))
print(isinstance(NoHash(), Hashable), isinstance(Eq(), Hashable), isinstance(It(), Hashable))


class Base(ABC):
    @abstractmethod
    def f(self):
        ...

    @abstractmethod
    def g(self):
        ...


class Half(Base):
    def f(self):
        return 1


class Full(Half):
    def g(self):
        return 2


print(sorted(Base.__abstractmethods__), sorted(Half.__abstractmethods__))
print(Full().f(), Full().g(), Full.__abstractmethods__, type(Base).__name__)
for cls in (Base, Half):
    try:
        cls()
    except TypeError as e:
        print(e)


class Reg(ABC):
    pass


Reg.register(int)
print(isinstance(3, Reg), issubclass(bool, Reg), issubclass(str, Reg), Reg.register(str) is str)
print(isinstance('x', Reg))
try:
    Reg.register(3)
except TypeError as e:
    print(e)


class Meta(metaclass=ABCMeta):
    @classmethod
    def __subclasshook__(cls, C):
        return hasattr(C, 'quack')


class Duck:
    quack = 1


print(issubclass(Duck, Meta), isinstance(Duck(), Meta), isinstance(1, Meta))
