# Every binary operator over pairs of ints, floats and bools (signs, zeros, infinities):
# each line is one pair, the results joined by '|' (errors by type and text).
vals = [0, 1, -1, 7, -7, 3, 40, True, False, 0.0, -0.0, 2.5, -2.5, 1e300, float("inf"), float("nan")]
ops = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "<", "<=", "==", "!=", ">", ">="]
funcs = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    # A negative base to a fractional power is complex, which is not run yet.
    "**": lambda a, b: "complex" if a < 0 and isinstance(b, float) and b == b
    and abs(b) != float("inf") and b % 1 != 0 else a ** b,
    "<<": lambda a, b: a << b,
    ">>": lambda a, b: a >> b,
    "&": lambda a, b: a & b,
    "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def r(f, a, b):
    try:
        return repr(f(a, b))
    except (ArithmeticError, TypeError, ValueError) as e:
        return type(e).__name__[:4] + ":" + str(e)[:22]


for a in vals:
    for b in vals:
        print(repr(a), repr(b), "|".join([r(funcs[op], a, b) for op in ops]))
