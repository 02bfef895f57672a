# match: every pattern kind (class patterns on builtin types, since classes come later).
RED = "red"
consts = {"limit": 10}


def m(v):
    match v:
        case None:
            return "none"
        case True:
            return "true"
        case False:
            return "false"
        case 0:
            return "int zero"
        case -1:
            return "minus one"
        case 1.5:
            return "float"
        case "s" | "t":
            return "or str"
        case b"bytes":
            return "bytes"
        case []:
            return "empty seq"
        case [x]:
            return f"one {x}"
        case [1, 2, *rest]:
            return f"starts 1 2 rest={rest}"
        case [*front, "end"]:
            return f"ends front={front}"
        case (a, b, c):
            return f"three {a} {b} {c}"
        case {"kind": "pt", "x": px, **others}:
            return f"pt {px} others={others}"
        case {"kind": k}:
            return f"kind {k}"
        case {}:
            return "any mapping"
        case int(n) if n > 100:
            return f"big int {n}"
        case int():
            return "some int"
        case str() as s if len(s) > 3:
            return f"long str {s}"
        case str(s):
            return f"short str {s}"
        case float(f):
            return f"other float {f}"
        case (1 | 2 | 3) as small:
            return f"small {small}"
        case _:
            return "wildcard"


for v in [None, True, False, 0, -1, 1.5, "s", "t", b"bytes", [], [9], (9,), [1, 2],
          [1, 2, 3, 4], ["a", "end"], ("x", "y", "z"), {"kind": "pt", "x": 1, "y": 2},
          {"kind": "other"}, {"q": 1}, {}, 500, 7, "longer", "ab", 2.5, range(3), "end",
          [1, 2, 3], (4, 5, 6, 7), 1.0, 0.0]:
    print(repr(v), "->", m(v))


def value_pattern(v):
    match v:
        case consts.get:
            return "never"
        case _ if v == RED:
            return "red by guard"
    return "no"


print(value_pattern("red"), value_pattern("blue"))


class_probe = [
    (int, 5), (str, "x"), (list, [1]), (tuple, (1,)), (dict, {}), (bool, True),
    (float, 1.0), (range, range(1)), (int, True),
]
for ty, v in class_probe:
    match v:
        case bool():
            kind = "bool"
        case int():
            kind = "int"
        case float() | str():
            kind = "float|str"
        case list() | tuple():
            kind = "sequence"
        case _:
            kind = "other"
    print(ty.__name__, repr(v), kind)


def seq_kinds(v):
    match v:
        case "abc":
            return "str literal"
        case [a, [b, c]]:
            return f"nested {a} {b} {c}"
        case [_, _, _, *_]:
            return "3 or more"
        case [*_]:
            return "any seq"
    return "not a sequence"


for v in ["abc", "xy", [1, [2, 3]], [1, 2, 3, 4], (1,), {1: 2}, iter([1]), range(2)]:
    print(type(v).__name__, seq_kinds(v))


def capture_binding(v):
    match v:
        case [x, y] if x == y:
            pass
        case [x, y]:
            x = -x
        case other:
            return other
    return x, y


print(capture_binding([1, 1]), capture_binding([1, 2]), capture_binding("z"))
match {"a": 1, "b": 2}:
    case {"a": 1, **kw}:
        print("rest", kw)
match 42:
    case int(real=r):
        print("keyword attr", r)
match [1, 2]:
    case list((a, b)) if False:
        pass
    case list():
        print("list()")
try:
    match 5:
        case int(1, 2):
            pass
except TypeError as e:
    print("TypeError:", e)
