# Deep recursion ends in RecursionError and the program continues; the limit can be caught
# at several depths, through lambdas, methods called by builtins, and mutual recursion.
def down(n):
    return down(n + 1)


def mutual_a(n):
    return mutual_b(n + 1)


def mutual_b(n):
    return mutual_a(n + 1)


for f in (down, mutual_a):
    try:
        f(0)
    except RecursionError as e:
        print(f.__name__, "RecursionError:", e)
lam = lambda n: lam(n + 1)
try:
    lam(0)
except RecursionError as e:
    print("lambda RecursionError:", e)


def via_key(n):
    return sorted([1, 2], key=lambda v: via_key(n + 1))


try:
    via_key(0)
except RecursionError as e:
    print("through sorted(key=) RecursionError:", e)


def via_map(n):
    return list(map(via_map, [n + 1]))


try:
    via_map(0)
except RecursionError as e:
    print("through map RecursionError:", e)


def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n


d = depth(0)
print("caught inside at a depth over 900:", d > 900)


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print("still works after:", fact(20), len(str(fact(300))))
total = 0
for i in range(3):
    try:
        down(0)
    except RecursionError:
        total += 1
print("three more times:", total)
