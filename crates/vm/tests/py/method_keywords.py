# Methods of builtin types called with keyword arguments: the ones that take them, and the
# text of the ones that do not.
calls = {
    "str.upper": lambda: "a".upper(x=1),
    "list.copy": lambda: [].copy(x=1),
    "dict.keys": lambda: {}.keys(a=1),
    "list.append": lambda: [].append(x=1),
    "str.find": lambda: "a".find(sub="a"),
    "str.rfind": lambda: "a".rfind(sub="a"),
    "str.split ok": lambda: "a b".split(sep=" ", maxsplit=1),
    "str.rsplit ok": lambda: "a b".rsplit(maxsplit=0),
    "str.splitlines ok": lambda: "a\nb".splitlines(keepends=True),
    "str.replace ok": lambda: "aa".replace("a", "b", count=1),
    "str.encode ok": lambda: "a".encode(encoding="utf-8"),
    "str.expandtabs ok": lambda: "\t".expandtabs(tabsize=2),
    "list.sort ok": lambda: sorted([2, 1], key=None, reverse=True),
    "dict.get": lambda: {}.get(key=1),
    "list.index": lambda: [].index(value=1),
    "tuple.index": lambda: ().index(value=1),
    "str.join": lambda: "a".join(iterable=[]),
    "str.strip": lambda: "a".strip(chars="a"),
    "str.lstrip": lambda: "a".lstrip(chars="a"),
    "str.center": lambda: "a".center(width=3),
    "str.zfill": lambda: "a".zfill(width=3),
    "str.startswith": lambda: "a".startswith(prefix="a"),
    "str.endswith": lambda: "a".endswith(suffix="a"),
    "str.partition": lambda: "a".partition(sep="a"),
    "str.rpartition": lambda: "a".rpartition(sep="a"),
    "str.removeprefix": lambda: "a".removeprefix(prefix="a"),
    "list.pop": lambda: [].pop(index=0),
    "list.insert": lambda: [].insert(0, object=1),
    "dict.pop": lambda: {}.pop(key=1),
    "dict.setdefault": lambda: {}.setdefault(key=1),
    "tuple.count": lambda: (1,).count(value=1),
    "str.count": lambda: "x".count(x="x"),
    "str.index": lambda: "x".index(sub="x"),
    "str.isdigit": lambda: "1".isdigit(x=1),
    "str.format_map": lambda: "".format_map(mapping={}),
}
for name, f in calls.items():
    try:
        print(name, "=>", repr(f()))
    except TypeError as e:
        print(name, "TypeError:", e)
