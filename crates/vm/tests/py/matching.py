def describe(subject):
    match subject:
        case 0 | 1:
            return "bit"
        case int(n) if n < 0:
            return f"negative {n}"
        case int() | float():
            return "number"
        case "":
            return "empty string"
        case str(s):
            return "text " + s
        case []:
            return "empty list"
        case [x]:
            return f"one: {x}"
        case [x, y, *rest] if not rest:
            return f"pair {x} {y}"
        case [first, *_, last]:
            return f"from {first} to {last}"
        case {"type": "point", "x": x, "y": y}:
            return f"point {x},{y}"
        case {"type": kind, **others}:
            return f"{kind} with {sorted(others)}"
        case (a, (b, c)):
            return f"nested {a} {b} {c}"
        case None:
            return "none"
        case _:
            return "something else"

for s in [0, 1, -4, 2.5, 7, "", "hi", [], [9], [1, 2], [1, 2, 3, 4], (1, 2, 3),
          {"type": "point", "x": 1, "y": 2}, {"type": "box", "w": 1, "h": 2}, None, {"a": 1}, ("q", ("r", "s"))]:
    print(repr(s), "->", describe(s))

match 10 ** 20:
    case int(big):
        print("big int", big)

command = "go north"
match command.split():
    case ["go", direction]:
        print("going", direction)
    case _:
        print("unknown")
try:
    match 5:
        case int(a, b):
            pass
except TypeError as e:
    print(e)
