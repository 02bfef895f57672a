# Indexing and slicing: get, set and delete with every kind of bound and step, on list,
# tuple, str and range, and the error texts.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


L = list(range(10))
for a, b, c in [(None, None, None), (2, 5, None), (-3, None, None), (None, -3, None),
                (None, None, 2), (None, None, -1), (8, 2, -2), (-100, 100, None), (5, 2, None),
                (2, 8, 3), (-1, -11, -1), (None, None, -3), (100, None, -1), (3, 3, None)]:
    print(a, b, c, L[a:b:c], tuple(L)[a:b:c], "abcdefghij"[a:b:c], list(range(10)[a:b:c]))


def assign(target, key, value):
    x = list(range(6))
    if isinstance(key, tuple):
        a, b, c = key
        if target == "del":
            del x[a:b:c]
        else:
            x[a:b:c] = value
    elif target == "del":
        del x[key]
    else:
        x[key] = value
    return x


t("set idx", lambda: assign("set", 2, "x"))
t("set neg", lambda: assign("set", -1, "x"))
t("set slice grow", lambda: assign("set", (1, 3, None), "abcd"))
t("set slice shrink", lambda: assign("set", (1, 5, None), []))
t("set slice insert", lambda: assign("set", (3, 3, None), [9, 9]))
t("set slice tuple", lambda: assign("set", (0, 2, None), (7,)))
t("set slice range", lambda: assign("set", (4, None, None), range(3)))
t("set ext slice", lambda: assign("set", (None, None, 2), "abc"))
t("set ext neg", lambda: assign("set", (None, None, -2), [1, 2, 3]))
t("set ext bad len", lambda: assign("set", (None, None, 2), [1]))
t("set slice non-iter", lambda: assign("set", (1, 2, None), 5))
t("set oob", lambda: assign("set", 6, 0))
t("set neg oob", lambda: assign("set", -7, 0))
t("set bad key", lambda: assign("set", "a", 0))
t("set float key", lambda: assign("set", 1.0, 0))
t("del idx", lambda: assign("del", 0, None))
t("del neg", lambda: assign("del", -2, None))
t("del slice", lambda: assign("del", (1, 4, None), None))
t("del ext", lambda: assign("del", (None, None, 2), None))
t("del ext neg", lambda: assign("del", (None, None, -2), None))
t("del oob", lambda: assign("del", 9, None))
t("del bad key", lambda: assign("del", None, None))
t("get oob", lambda: L[10])
t("get neg oob", lambda: L[-11])
t("get float", lambda: L[1.5])
t("get none", lambda: L[None])
t("get str idx", lambda: "abc"[3])
t("get str key", lambda: "abc"[str("a")])
t("get tuple oob", lambda: (1, 2)[2])
t("step zero", lambda: L[::0])
t("slice bad", lambda: L["a":])
t("slice float", lambda: L[1.0:2])
t("slice big", lambda: (L[10 ** 20:], L[:-10 ** 20], L[::10 ** 20]))
t("bool index", lambda: (L[True], "ab"[False]))
t("range set", lambda: range_set())
t("dict slice", lambda: {}[1:2])


def range_set():
    r = range(3)
    r[0] = 1
