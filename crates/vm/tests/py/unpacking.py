# Unpacking: targets, starred, nested, in for loops, and the error texts.
a, b = 1, 2
a, b = b, a
print(a, b)
(c, d), e = (3, 4), 5
print(c, d, e)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
head, *mid, tail = range(5)
print(head, mid, tail)
x, *y = (1,)
print(x, y)
[p, [q, *r]] = [1, (2, 3, 4)]
print(p, q, r)
for k, v in {"a": 1, "b": 2}.items():
    print(k, v)
for i, (m, n) in enumerate([(1, 2), (3, 4)]):
    print(i, m, n)
for *a, b in [(1, 2, 3), (4, 5)]:
    print(a, b)
l = [0, 0, 0]
l[0], l[2] = "x", "z"
print(l)
d = {}
d["a"], d["b"] = 1, 2
print(d)
s1 = s2 = [7]
print(s1 is s2)
print([*range(3), *"ab", *(9,)])
print((*[1, 2], 3))
print({**{"a": 1}, "b": 2, **{"a": 3}})
print(*[1, 2], *"xy", sep="-")
one, = [1]
print(one)
[] = []
() = ()


def attempt(src):
    try:
        exec_unpack(src)
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)


def exec_unpack(kind):
    if kind == 1:
        a, b = [1, 2, 3]
    elif kind == 2:
        a, b, c = [1, 2]
    elif kind == 3:
        a, b = 1
    elif kind == 4:
        a, *b, c = [1]
    elif kind == 5:
        a, b = "abc"
    elif kind == 6:
        (a, b), c = [1, 2], 3, 4
    elif kind == 7:
        a, b = None
    elif kind == 8:
        a, = []
    elif kind == 9:
        a, b = {"x": 1}
    elif kind == 10:
        a, b = range(10)
    elif kind == 11:
        a, b, *c = (1,)
    elif kind == 12:
        a, b = iter([1, 2, 3])
    elif kind == 13:
        a, *b = 5


for kind in range(1, 14):
    attempt(kind)
