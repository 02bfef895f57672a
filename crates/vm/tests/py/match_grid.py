# Every pattern kind against subjects of every builtin kind: which case matches, and what
# it binds.
subjects = [None, True, False, 0, 1, 1.0, -2, "", "ab", b"ab", [], [1], [1, 2], [1, 2, 3], (1, 2),
            (1, [2, 3]), {}, {"k": 1}, {"k": 1, "j": 2}, {1: "one"}, range(2), iter([1]), 2.5, "a"]


def classify(v):
    match v:
        case None:
            return "None"
        case True:
            return "True"
        case False:
            return "False"
        case 0 | -2:
            return "0|-2"
        case 1.0:
            return "1.0"
        case "":
            return "empty str"
        case b"ab":
            return "bytes"
        case [] if not isinstance(v, list):
            return "empty non-list seq"
        case []:
            return "empty list"
        case [x]:
            return f"one {x!r}"
        case [1, *rest] if len(rest) == 2:
            return f"1 then {rest}"
        case (a, [b, c]):
            return f"nested {a} {b} {c}"
        case [a, b]:
            return f"pair {a!r} {b!r}"
        case {"k": 1, "j": j}:
            return f"k and j={j}"
        case {"k": k, **others} if not others:
            return f"only k={k}"
        case {1: str(s)}:
            return f"int key {s}"
        case {}:
            return "other mapping"
        case str(s) if len(s) > 1:
            return f"long str {s}"
        case int(n) | float(n):
            return f"number {n!r}"
        case str():
            return "str"
        case _:
            return "other " + type(v).__name__


for v in subjects:
    print(repr(v) if not hasattr(v, "__next__") else "iterator", "->", classify(v))
