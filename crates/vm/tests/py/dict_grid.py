# dict methods and operators with every kind of key and update source: each line the
# result (or error) and the dict after.
def r(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ":" + str(e)


def mut(op):
    d = {"a": 1, "b": 2, 3: "c"}
    res = op(d)
    return (res, d)


keys = ["a", "z", 3, 3.0, True, None, (1,), [1]]
for k in keys:
    print(repr(k), r(lambda: mut(lambda d: d.get(k))), r(lambda: mut(lambda d: d.get(k, 0))), r(lambda: mut(lambda d: d.pop(k))),
          r(lambda: mut(lambda d: d.pop(k, "x"))), r(lambda: mut(lambda d: d.setdefault(k))), r(lambda: mut(lambda d: d.setdefault(k, 9))),
          r(lambda: mut(lambda d: d[k])), r(lambda: mut(lambda d: k in d)), r(lambda: mut(lambda d: d.__setitem__(k, 0) if False else d.update({k: 0}))),
          r(lambda: mut(lambda d: d.update([(k, 5)]))), r(lambda: mut(lambda d: d.update(k=7))))
for other in [{}, {"a": 9}, [("q", 1)], [["w", 2]], ["xy"], [(1, 2, 3)], 5, "ab", zip("ab", "cd")]:
    print(r(lambda: mut(lambda d: d.update(other))), r(lambda: dict(other)), r(lambda: mut(lambda d: d | other)), r(lambda: mut(lambda d: d == other)))
print(r(lambda: mut(lambda d: (d.popitem(), d.popitem(), d.popitem(), d.popitem()))))
print(r(lambda: mut(lambda d: (list(d.keys()), list(d.values()), list(d.items()), len(d.keys()), "a" in d.keys(), ("a", 1) in d.items(), 1 in d.values()))))
print(r(lambda: mut(lambda d: (d.copy() == d, d.copy() is d, d.clear(), d))))
print(r(lambda: mut(lambda d: repr((d.keys(), d.values(), d.items())))))
