# Iteration over every builtin iterable kind: list(), the iterator protocol, unpacking,
# enumerate/zip/map/filter/reversed/sorted/min/max/sum/any/all, and membership
# (reversed() of a dict or its views is left out: not there yet).
srcs = [[], [3, 1, 2], (), (2, 1), "", "cba", {}, {"b": 1, "a": 2}, range(0), range(3), range(5, 0, -2),
        {"k": 1}.keys(), {"k": 1}.values(), {"k": 1}.items(), 5, None]


def r(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ":" + str(e)


def unpack2(s):
    a, b = s
    return a, b


def star(s):
    a, *b = s
    return a, b


for s in srcs:
    print(r(lambda: s), r(lambda: list(s)), r(lambda: tuple(iter(s))), r(lambda: unpack2(s)), r(lambda: star(s)))
    print("  ", r(lambda: list(enumerate(s, 1))), r(lambda: list(zip(s, s))), r(lambda: list(map(repr, s))),
          r(lambda: list(filter(None, s))), r(lambda: list(reversed(s)) if not type(s).__name__.startswith("dict") else "-"), r(lambda: sorted(s)))
    print("  ", r(lambda: min(s)), r(lambda: max(s, default="d")), r(lambda: sum(s)), r(lambda: any(s)),
          r(lambda: all(s)), r(lambda: 1 in s), r(lambda: len(s)), r(lambda: bool(s)))
