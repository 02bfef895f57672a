# Wrong-type operations and int()/float() of bad text: the exception and CPython's text.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


one, text, none, lst, dct, tup = 1, "s", None, [1], {"k": 1}, (1,)
t("int + str", lambda: one + text)
t("str + int", lambda: text + one)
t("str - str", lambda: text - text)
t("list - list", lambda: lst - lst)
t("none + int", lambda: none + one)
t("int * none", lambda: one * none)
t("str * str", lambda: text * text)
t("list * float", lambda: lst * 1.5)
t("dict + dict", lambda: dct + dct)
t("int / str", lambda: one / text)
t("int // 0", lambda: one // 0)
t("int % 0", lambda: one % 0)
t("int / 0", lambda: one / 0)
t("float / 0", lambda: 1.5 / 0)
t("float // 0", lambda: 1.5 // 0.0)
t("float % 0", lambda: 1.5 % 0)
t("0 ** -1", lambda: 0 ** -1)
t("0.0 ** -1", lambda: 0.0 ** -1)
t("shift neg", lambda: one << -1)
t("shift float", lambda: one << 1.0)
t("unary str", lambda: -text)
t("invert float", lambda: ~1.5)
t("unary list", lambda: +lst)
t("not none", lambda: not none)
t("int < str", lambda: one < text)
t("none > none", lambda: none > none)
t("list < int", lambda: lst < one)
t("eq mixed", lambda: (one == text, none == 0, lst == tup, 1 == 1.0, "1" != 1))
t("call int", lambda: one())
t("call none", lambda: none())
t("subscript int", lambda: one[0])
t("subscript none", lambda: none["k"])
t("setitem str", lambda: set_str())
t("setitem int", lambda: set_int())
t("del int", lambda: del_int())
t("iter none", lambda: [x for x in none])
t("unpack int", lambda: unpack_int())
t("attr none", lambda: none.foo)
t("attr int", lambda: one.foo)
t("attr str", lambda: text.foo)
t("attr list set", lambda: set_attr())
t("in int", lambda: 1 in one)
t("in dict unhashable", lambda: [] in dct)
t("len none", lambda: len(none))
t("float overflow", lambda: 10.0 ** 400)
t("int to float", lambda: float(10 ** 400))
t("int from float str", lambda: int("1e5"))
for s in ["x", "", " ", "1.5", "0x10", "1 2", "12_", "_1", "1__2", "+", "0o8"]:
    t("int(%r)" % s, lambda: int(s))
for s, b in [("z", 10), ("10", 2), ("7", 7), ("ZZ", 36), ("0x", 16), ("12", 37), ("12", -1)]:
    t("int(%r, %d)" % (s, b), lambda: int(s, b))
for s in ["x", "", "1e", "1.5.5", "infinity", "-nan", "1_", "0x10", "1,5"]:
    t("float(%r)" % s, lambda: float(s))


def set_str():
    x = "abc"
    x[0] = "z"


def set_int():
    x = 5
    x[0] = 1


def del_int():
    x = 5
    del x[0]


def unpack_int():
    a, b = 5


def set_attr():
    x = []
    x.foo = 1
