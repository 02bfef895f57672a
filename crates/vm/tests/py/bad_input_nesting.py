# Deeply nested data: repr, str, equality and len of structures thousands of levels deep,
# and self-referencing containers.
def nest_list(n):
    v = []
    for _ in range(n):
        v = [v]
    return v


def nest_dict(n):
    v = {}
    for _ in range(n):
        v = {"k": v}
    return v


def nest_tuple(n):
    v = ()
    for _ in range(n):
        v = (v,)
    return v


for name, make in [("list", nest_list), ("dict", nest_dict), ("tuple", nest_tuple)]:
    shallow = make(50)
    print(name, len(repr(shallow)), repr(make(3)))
    deep = make(100000)
    for op in ("repr", "str", "eq"):
        try:
            if op == "repr":
                repr(deep)
            elif op == "str":
                str(deep)
            else:
                deep == make(100000)
            print(name, op, "ok")
        except RecursionError as e:
            print(name, op, "RecursionError:", e)
    print(name, "still usable:", len(deep), make(2))
a = [1]
a.append(a)
print(a, str(a))
d = {}
d["self"] = d
d["list"] = [d]
print(d)
t = ([],)
t[0].append(t)
print(t)
m = [[1, 2]] * 3
m[0].append(3)
print(m)
