"""Generator pipelines: chained generators with filters, `yield from` over a recursive tree
walk, generator expressions fed to sum/max/any, and send() into a running total."""
import sys

SMALL = sys.argv[1:] == ["small"]


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def squares(src):
    for x in src:
        yield x * x


def only(pred, src):
    for x in src:
        if pred(x):
            yield x


def tree(depth):
    if depth == 0:
        return (0, None, None)
    return (depth, tree(depth - 1), tree(depth - 1))


def walk(node):
    if node is None:
        return
    value, left, right = node
    yield from walk(left)
    yield value
    yield from walk(right)


def running_total():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x


def main():
    n = 5_000 if SMALL else 300_000
    piped = sum(only(lambda v: v % 3 == 1, squares(numbers(n))))
    depth = 8 if SMALL else 15
    walked = list(walk(tree(depth)))
    acc = running_total()
    next(acc)
    for v in walked:
        acc.send(v)
    try:
        acc.send(None)
    except StopIteration as stop:
        final = stop.value
    print("pipeline sum:", piped)
    print(f"tree of depth {depth}: {len(walked)} nodes, max {max(walked)}, total {final}")
    print("any over 10:", any(v > 10 for v in walked), "first:", walked[:8])


main()
