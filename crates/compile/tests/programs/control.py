def loops(xs):
    total = 0
    for x in xs:
        if x < 0:
            continue
        if x > 100:
            break
        total += x
    else:
        total = -1
    i = 0
    while i < 10:
        i += 1
        if i == 5:
            break
    else:
        pass
    return total if total > 0 else None


def conditions(a, b, c):
    if a and b or not c:
        return 1
    elif a < b < c:
        return 2
    elif a is None or b is not None:
        return 3
    elif a in (1, 2) and b not in [3, 4]:
        return 4
    return a or b and c


assert loops([1, 2]), "message"
assert conditions(1, 2, 3)
