# Builtins over iterables: range, iter, next, enumerate, zip, map, filter, reversed, sorted,
# min, max, sum, any, all, len, with their error texts.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


t("range", lambda: (list(range(5)), list(range(2, 5)), list(range(10, 0, -3)), list(range(0)),
                    list(range(5, 2)), range(3), range(1, 5, 2), len(range(0, 10, 3))))
t("range index", lambda: (range(10)[3], range(10)[-1], range(0, 20, 5)[1:3], range(10)[::-2]))
t("range ops", lambda: (5 in range(10), 10 in range(10), range(3) == range(0, 3), range(0) == range(2, 2),
                        range(10).index(4), range(10).count(3), range(1, 10, 2).start,
                        range(1, 10, 2).stop, range(1, 10, 2).step, bool(range(0))))
t("range step 0", lambda: range(1, 2, 0))
t("range float", lambda: range(1.5))
t("range args", lambda: range())
t("range oob", lambda: range(3)[3])
t("range index missing", lambda: range(3).index(5))
t("iter next", lambda: (next(iter([1, 2])), next(iter([]), "dflt"), list(iter("ab"))))
t("next empty", lambda: next(iter([])))
t("next non-iter", lambda: next([1]))
t("iter int", lambda: iter(5))
t("exhausted", lambda: exhausted())
t("enumerate", lambda: (list(enumerate("ab")), list(enumerate("ab", 10)), list(enumerate([], 1)),
                        list(enumerate("x", start=-1))))
t("zip", lambda: (list(zip()), list(zip("ab")), list(zip("abc", [1, 2])), list(zip("a", "b", "c")),
                  dict(zip("ab", range(2)))))
t("zip non-iter", lambda: zip(1))
t("map", lambda: (list(map(abs, [-1, 2])), list(map(lambda a, b: a + b, [1, 2], [10, 20, 30])),
                  list(map(str, range(3)))))
t("map non-callable", lambda: list(map(5, [1])))
t("map args", lambda: map(abs))
t("filter", lambda: (list(filter(None, [0, 1, "", "a", None])), list(filter(lambda x: x % 2, range(6)))))
t("reversed", lambda: (list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(3))),
                       list(reversed((1, 2)))))
t("reversed int", lambda: reversed(5))
t("sorted", lambda: (sorted([3, 1, 2]), sorted("cba"), sorted([3, 1, 2], reverse=True),
                     sorted(["bb", "a", "ccc"], key=len), sorted([]), sorted({3: 1, 1: 2})))
t("sorted mixed", lambda: sorted([1, "a"]))
t("sorted no args", lambda: sorted())
t("sorted key error", lambda: sorted([1, 0], key=lambda x: 1 / x))
t("min max", lambda: (min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("abc"), min([], default=0),
                      max([1, 3, 2], key=lambda x: -x), min("b", "a", key=str.upper)))
t("min empty", lambda: min([]))
t("max empty", lambda: max(()))
t("min no args", lambda: min())
t("max int", lambda: max(5))
t("max mixed", lambda: max(1, "a"))
t("sum", lambda: (sum([]), sum([1, 2, 3]), sum([1.5, 2]), sum([1, 2], 10), sum(range(101)),
                  sum([[1], [2]], []), sum([0.1] * 10)))
t("sum str", lambda: sum(["a", "b"], ""))
t("sum mixed", lambda: sum([1, "a"]))
t("any all", lambda: (any([]), all([]), any([0, 1]), all([1, 0]), any(x > 2 for x in range(5)),
                      all(x < 5 for x in range(5))))
t("len", lambda: (len(""), len("héllo"), len([1]), len((1, 2)), len({1: 2}), len(range(5))))
t("len int", lambda: len(5))
t("len iter", lambda: len(iter([])))
t("len args", lambda: len())
t("iterator repr", lambda: [type(iter(x)).__name__ for x in ([], (), "", {}, range(1))])
t("map repr", lambda: type(map(abs, [])).__name__ + " " + type(zip()).__name__)


def exhausted():
    it = iter([1])
    return (list(it), list(it), next(it, None))
t("dunder next", lambda: dunder_next())
t("dunder next end", lambda: iter(()).__next__())
t("dunder next args", lambda: iter(()).__next__(1))
t("shared next", lambda: [iter(x).__next__() for x in ([1], (2,), "c", range(4, 5), {5: 0})])
t("hasattr next", lambda: (hasattr(iter([]), "__next__"), hasattr(iter([]), "__iter__"), hasattr([], "__next__")))


def dunder_next():
    it = iter([1, 2])
    return it.__next__(), it.__iter__() is it, next(it)
