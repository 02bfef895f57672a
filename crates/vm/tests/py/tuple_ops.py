# Tuples: building, indexing, slicing, comparison, hashing, methods and error texts.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


e = ()
one = (1,)
tp = (3, "a", None, 2.5, (1, 2))
print(e, one, tp, len(tp), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)))
print(tp[0], tp[-1], tp[1:3], tp[::-1], tp[10:], tp[-2:], tp[::2])
print((1, 2) + (3,), (1,) * 3, 2 * (0,), (1, 2) * 0, () * 5)
print((1, 2) == (1, 2), (1, 2) < (1, 3), (1,) < (1, 0), (2,) > (1, 9), () < (0,))
print((1, 2) != (1, 2.0), (1, "a") == (1, "a"), (1, [2]) == (1, [2]))
print(hash((1, 2)) == hash((1, 2)), hash(()) == hash(()), {(1, 2): "k"}[(1, 2)])
print((1, 2, 1).count(1), (1, 2, 1).index(2), (1, 2, 1).index(1, 1), (5,).count("5"))
print(3 in tp, "zz" in tp, (1, 2) in tp)
a, b, *c = tp
print(a, b, c)
print(min((3, 1, 2)), max((3, 1, 2)), sum((1, 2, 3)), sorted((3, 1, 2)), list(reversed((1, 2))))
print(tuple(x * x for x in range(4)))
nested = ((1, (2, (3, (4,)))),)
print(nested, nested[0][1][1][1][0])
print(repr((1,)), repr(("a",)), str((None, True)))
print(tuple(enumerate("ab")), tuple(zip((1, 2), "xy")))
x = (1, 2)
y = x
x += (3,)
print(x, y, x is y)
t("index oob", lambda: (1,)[1])
t("index type", lambda: (1,)[str("0")])
t("setitem", lambda: set_item())
t("delitem", lambda: del_item())
t("index missing", lambda: (1, 2).index(3))
t("count args", lambda: (1,).count())
t("concat list", lambda: (1,) + [2])
t("compare list", lambda: (1,) < [1])
t("compare mixed", lambda: (1, "a") < (1, 2))
t("hash unhashable", lambda: hash((1, [2])))
t("tuple(5)", lambda: tuple(5))
t("mul float", lambda: (1,) * 1.5)
t("no append", lambda: (1,).append(2))
t("big repeat", lambda: len((0,) * 100000))
t("neg repeat", lambda: (1, 2) * -3)


def set_item():
    v = (1, 2)
    v[0] = 5


def del_item():
    v = (1, 2)
    del v[0]
