def produce():
    yield 1
    yield 1 / 0

def consume():
    total = 0
    for v in produce():
        total += v
    return total

print(consume())
