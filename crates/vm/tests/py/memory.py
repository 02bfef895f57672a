# Impossible sizes are MemoryErrors, not aborts or endless loops.
cases = [
    lambda: list(range(10**18)),
    lambda: "x" * 10**13,
    lambda: [0] * 10**13,
    lambda: (1,) * 10**13,
    lambda: tuple(range(2**62)),
]
for i, case in enumerate(cases):
    try:
        case()
    except MemoryError as err:
        print(i, "MemoryError", repr(err))
print(len(range(10**18)), range(10**18)[-1], 10**18 - 1 in range(10**18))
