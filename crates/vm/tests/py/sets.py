# set and frozenset: literals, comprehensions, constructors, operators, methods, and the
# iteration order CPython's table gives.
s = {3, 1, 2}
print(s, type(s).__name__, len(s), set(), frozenset(), frozenset({1}), {(1, 2), "a"} == {"a", (1, 2)})
print({x * 7 % 10 for x in range(20)}, {i for i in range(40, 0, -3)}, set("abracadabra") == set("abrcd"))
print(set([5, 3, 9, 1, 100, 64, 33]), set(range(50, 0, -7)), {-1, -2, 2 ** 61, 2 ** 64, 0.5, True})
print([1, *{8, 9}], {*[1, 2], *(2, 3)}, set({"k": 1, "j": 2}) == {"j", "k"}, sorted({"b", "a", "c"}))
a, b = {1, 2, 3, 4, 5}, {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b, b ^ a)
print(a.union(b, [10, 11]), a.intersection(b, {5}), a.difference(b, [1]), a.symmetric_difference([1, 9]))
print(a <= b, {4, 5} <= b, {4, 5} < b, b < b, b <= b, a >= {1, 2}, a > a, a == {5, 4, 3, 2, 1}, a != b)
print(a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint(b), a.isdisjoint([9]), {1} == [1])
f = frozenset([3, 1, 2])
print(f, f | {9}, {9} | f, f & {1, 5}, type(f | {9}).__name__, type({9} | f).__name__, f.copy() is f)
print(hash(frozenset()), hash(frozenset({1, 2, 3})), hash(frozenset({"a"})) == hash(frozenset(["a"])))
print(hash(frozenset(range(100))), hash(frozenset([frozenset([1]), 2])), hash(frozenset([-1, -2])))
d = {frozenset({1, 2}): "x", f: "f"}
print(d[frozenset([2, 1])], d[frozenset({1, 2, 3})], frozenset({1}) in {frozenset({1})}, {1} in {frozenset({1})})
t = set()
for i in range(12):
    t.add(i * 5)
t.discard(10)
t.remove(15)
print(t, t.pop(), t.pop(), t, len(t))
t.update([100, 3], (7,))
print(t)
t -= {0, 100}
print(t)
t |= {1, 2}
t &= {1, 2, 3, 7, 20, 25, 50}
print(t)
t ^= {1, 99}
print(t)
c = t.copy()
t.clear()
print(t, c, c is not t)
u = {1, 2, 3}
u.intersection_update([2, 3, 4], {3, 2})
print(u)
u.difference_update({2})
u.symmetric_difference_update([5, 3])
print(u)
fz = frozenset({1})
fz |= {2}
print(fz, type(fz).__name__)
big = set(range(1000))
big -= set(range(0, 1000, 2))
print(len(big), sum(big), min(big), max(big), list(big)[:8])
words = {"apple", "kiwi"}
print(len(words), "kiwi" in words, "pear" not in words, bool(set()), bool({0}))
print(sorted(set({3: 1, 1: 2}.keys()) | {2}), {1, 2} == frozenset({2, 1}), frozenset({1, 2}) == {1, 2})
for f in [lambda: {1}.remove(5), lambda: {1}.add([]), lambda: frozenset().add(1), lambda: {1} < [1], lambda: set(1), lambda: set([1], [2]), lambda: {1} | [1], lambda: set().pop(), lambda: hash({1}), lambda: {1}.union(1), lambda: set(a=1), lambda: frozenset(1, 2), lambda: {[1]}, lambda: {1}.update([[]]), lambda: {1}.discard([])]:
    try:
        print(f())
    except (KeyError, TypeError, AttributeError) as e:
        print(type(e).__name__, e)
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print("RuntimeError", e)
print(repr({"a"}), str(frozenset({None})), [{1}, frozenset()], {1: {2}}, set.add, set.union({1}, [2]))
d = {1: "a", 2: "b", 3: "c"}
print(d.keys() | {9}, d.keys() & {1, 7}, d.keys() - {1}, d.keys() ^ {1, 9}, {9} | d.keys(), d.keys() == {1, 2, 3}, d.items() & {(1, "a")})
print(type(d.keys() | set()).__name__, d.keys() <= {1, 2, 3, 4}, d.keys() & [2], {5: 0}.keys() | [6], d.keys() != {1})
