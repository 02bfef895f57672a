def describe(cmd):
    match cmd:
        case None:
            return "none"
        case 0 | 1:
            return "small"
        case [x, y, *rest]:
            return x, y, rest
        case {"key": value, **others}:
            return value, others
        case Point(x=0, y=py) if py > 0:
            return py
        case Point(px, 0):
            return px
        case str() as s:
            return s
        case Color.RED:
            return "red"
        case _:
            return "other"
