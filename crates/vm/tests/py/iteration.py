def gen():
    x = yield
    while x:
        x = yield x * 2
g = gen()
next(g)
print(g.send(3), g.send(5))
try:
    g.send(0)
except StopIteration:
    print("stopped")
def inner():
    yield 1
    return 2
def outer():
    v = yield from inner()
    yield v
print(list(outer()))
it = iter(range(3))
for a in it:
    for b in it:
        print(a, b)
print(list(zip(range(3), range(10), "abcd")))
print(list(map(pow, [2, 3], [3, 2])))
print(sum([0.1] * 10), sum([[1], [2]], []))
def rec(n):
    if n: yield from rec(n - 1)
    yield n
print(list(rec(4)))
g2 = (i for i in range(3))
print(next(g2), list(g2), list(g2))
print(repr(gen.__name__), type(g).__name__)
l = [3, 1, 2]
print(sorted(l, key=lambda v: -v), l)
print(list(enumerate(reversed("abc"))))
print("".join(reversed("hello")), "a b c".split(" ", 1), "  x y ".split())
words = "one two three two".split()
print(words.count("two"), words.index("three"), "-".join(sorted(set_ := words)))
print(all([]), any([]), max([1, 5, 3], key=lambda v: -v), min(3, 1, key=lambda v: v))
