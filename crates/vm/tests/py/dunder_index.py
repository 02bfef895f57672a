# __index__ wherever an integer is wanted, __int__/__float__ in int()/float().
class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class Num:
    def __int__(self):
        return 7

    def __float__(self):
        return 2.5


class Bad:
    def __index__(self):
        return "no"


def t(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


t("range", lambda: list(range(Idx(3))))
t("range 3", lambda: list(range(Idx(1), Idx(10), Idx(3))))
t("list[i]", lambda: [1, 2, 3][Idx(1)])
t("tuple[i]", lambda: (1, 2, 3)[Idx(2)])
t("str[i]", lambda: "abc"[Idx(1)])
t("bytes[i]", lambda: b"abc"[Idx(1)])
t("list[a:b]", lambda: [1, 2, 3, 4][Idx(1):Idx(3)])
t("str[a:b:c]", lambda: "abcdef"[Idx(1):Idx(5):Idx(2)])
t("tuple[::-1]", lambda: (1, 2, 3)[::Idx(-1)])
l = [0, 1, 2, 3]
l[Idx(0)] = "x"
l[Idx(1):Idx(3)] = ["y"]
del l[Idx(0)]
t("list stores", lambda: l)
t("seq * i", lambda: [1] * Idx(3))
t("i * str", lambda: Idx(2) * "ab")
t("hex", lambda: hex(Idx(255)))
t("bin", lambda: bin(Idx(5)))
t("oct", lambda: oct(Idx(8)))
t("chr", lambda: chr(Idx(65)))
t("insert", lambda: (lambda x: (x.insert(Idx(0), 9), x))([1]))
t("pop", lambda: [1, 2, 3].pop(Idx(0)))
t("int()", lambda: int(Num()))
t("float()", lambda: float(Num()))
t("int(idx)", lambda: int(Idx(4)))
t("bad index", lambda: [1][Bad()])
t("bad range", lambda: range(Bad()))
t("dict key keeps object", lambda: {Idx(1): "k"}.get(1))
t("no index", lambda: [1][object()])
t("no index slice", lambda: [1][object():])
