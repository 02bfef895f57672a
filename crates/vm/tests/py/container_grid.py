# Operators over pairs of containers and scalars: equality, ordering, membership,
# concatenation and repetition, each line one pair (errors by type and text).
vals = [[], [1, 2], [1, [2]], (), (1, 2), "", "ab", {}, {1: 2}, 0, 2, None, 1.5,
        range(2), True]
ops = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
    "+": lambda a, b: a + b,
    "*": lambda a, b: a * b,
    "|": lambda a, b: a | b,
}


def r(f, a, b):
    try:
        return repr(f(a, b))
    except (TypeError, ValueError, KeyError) as e:
        return type(e).__name__[:4] + ":" + str(e)


for a in vals:
    for b in vals:
        print(repr(a), repr(b), "|".join([r(f, a, b) for f in ops.values()]))
