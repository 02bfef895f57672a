# Bad input of issue 16: each gives CPython's exception or behaviour, and the program goes on.
def t(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


class BadHash:
    def __hash__(self):
        raise ValueError("no hash")


t("hash raises", lambda: hash(BadHash()))
t("dict key", lambda: {BadHash(): 1})
t("set add", lambda: {BadHash()})
t("in dict", lambda: BadHash() in {1: 2})


class WrongHash:
    def __hash__(self):
        return "x"


t("hash not int", lambda: hash(WrongHash()))


class Loop:
    def __repr__(self):
        return repr(self)


t("repr recursion", lambda: repr(Loop()))
t("repr in list", lambda: str([Loop()]))


class Mutator:
    def __init__(self, d):
        self.d = d

    def __hash__(self):
        return 1

    def __eq__(self, other):
        self.d.clear()
        return False


d = {}
d[Mutator(d)] = 1
t("eq mutates dict", lambda: d.get(Mutator(d)))
t("dict after", lambda: len(d))


class Meta(type):
    def __new__(mcls, name, bases, ns):
        return 42


class NotAType(metaclass=Meta):
    pass


t("metaclass returns non-type", lambda: NotAType)


class Raiser:
    def __del__(self):
        raise RuntimeError("in __del__")


class Keeper:
    kept = []

    def __del__(self):
        Keeper.kept.append(self)


t("resurrected", lambda: (Keeper(), len(Keeper.kept))[1])
t("kept alive", lambda: len(Keeper.kept))


class BadBool:
    def __bool__(self):
        return 1


t("bool not bool", lambda: bool(BadBool()))


class BadLen:
    def __len__(self):
        return -1


t("negative len", lambda: len(BadLen()))


class BadIndex:
    def __index__(self):
        return 1.5


t("index not int", lambda: [1, 2][BadIndex()])


class BadIter:
    def __iter__(self):
        return 1


t("iter not iterator", lambda: list(BadIter()))


class BadStr:
    def __str__(self):
        return 1


t("str not str", lambda: str(BadStr()))
try:
    class X(int, str):
        pass
except TypeError as e:
    print("layout conflict", e)
try:
    class A: pass
    class B(A): pass
    class C(A, B): pass
except TypeError as e:
    print("mro", e)
print("done")
