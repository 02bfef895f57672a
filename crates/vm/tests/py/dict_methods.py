# The methods of dict and its views, with edge cases and error texts.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


d = {"b": 2, "a": 1}
d["c"] = 3
d["a"] = 10
print(d, len(d), list(d), "a" in d, 1 in d)
print(d.keys(), d.values(), d.items())
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.get("a"), d.get("zz"), d.get("zz", 0))
print(d.setdefault("a", 99), d.setdefault("new", []), d)
d.setdefault("new", []).append(1)
print(d["new"])
print(d.pop("new"), d.pop("missing", "dflt"), d)
d.update({"x": 1}, y=2)
d.update([("z", 3)])
d.update(w=4)
print(d)
print(d.popitem(), d)
c = d.copy()
c["only in copy"] = 1
print("only in copy" in d, "only in copy" in c)
c.clear()
print(c, len(c))
print({1: "int", 1.0: "float", True: "bool"})
print({(1, 2): "tuple key", None: "none key", "": "empty"})
print(dict(), dict(a=1), dict([(1, 2)]), dict({"k": "v"}, k2="v2"), dict(zip("ab", [1, 2])))
keys = d.keys()
d["late"] = 0
print(keys, len(keys), "late" in keys)
print(d == {**d}, d != {}, {1: 2} == {1: 2.0})
print(sorted({"b": 1, "a": 2}), sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]))
order = {}
for k in "hello":
    order[k] = order.get(k, 0) + 1
print(order)
del order["h"]
order["h"] = 9
print(order, list(order)[::-1])
print({k: v for k, v in order.items() if v > 1})
print({1: "a"} | {2: "b"}, {1: "a", 2: "b"} | {1: "c"})
m = {1: "a"}
m |= {3: "c"}
print(m)
nested = {"a": {"b": {"c": [1, {"d": None}]}}}
print(nested, nested["a"]["b"]["c"][1]["d"])
t("missing key", lambda: {}["k"])
t("missing tuple key", lambda: {}[(1, 2)])
t("missing int key", lambda: {1: 2}[3])
t("unhashable", lambda: {}[[1]])
t("unhashable set", lambda: {[1]: 2})
t("pop missing", lambda: {}.pop("k"))
t("popitem empty", lambda: {}.popitem())
t("update bad", lambda: {}.update(5))
t("update elem", lambda: {}.update(["ab", "c"]))
t("dict bad", lambda: dict([1, 2]))
t("values compare", lambda: {1: 2}.values() == {1: 2}.values())
t("keys compare", lambda: ({1: 2}.keys() == {1: 3}.keys(), {1: 2}.items() == {1: 2}.items()))
t("view repr", lambda: repr({"a": [1]}.items()))
t("changed size", lambda: changed_size())
t("iter order", lambda: [k for k in {3: 0, 1: 0, 2: 0}])
t("get args", lambda: {}.get())
t("dict compare", lambda: {} < {})
t("self ref", lambda: self_ref())
t("bool keys", lambda: {0: "zero", False: "false", 0.0: "float"})


def changed_size():
    x = {1: 1, 2: 2}
    for k in x:
        x[k + 10] = 0


def self_ref():
    x = {}
    x["me"] = x
    return repr(x)
