import itertools as it
from itertools import *

def show(name, x, n=None):
    if n is not None:
        x = islice(x, n)
    print(name, list(x))

print(count(), count(5), count(1, 2), count(1.5, 0.5), count(step=3), count(True), count(0, True), count(2**70))
c = count(10, -3)
print(next(c), next(c), c)
show("count float", count(0.1, 0.1), 5)
show("cycle", cycle("abc"), 8)
show("cycle empty", cycle([]))
print(repeat("a"), repeat("a", 3), repeat(1, -1), repeat(None, times=2))
r = repeat(7, 2)
print(next(r), r, list(r), r)
show("repeat", repeat("x", 4))
show("accumulate", accumulate([1, 2, 3, 4, 5]))
show("accumulate mul", accumulate([1, 2, 3, 4, 5], lambda a, b: a * b))
show("accumulate max", accumulate([3, 1, 4, 1, 5, 9, 2, 6], max))
show("accumulate init", accumulate([1, 2, 3], initial=100))
show("accumulate empty init", accumulate([], initial=5))
show("accumulate str", accumulate("abc"))
show("chain", chain("ab", [1, 2], (), range(3)))
show("chain empty", chain())
show("from_iterable", chain.from_iterable(["ab", "cd", [5]]))
print(chain, chain.from_iterable.__name__, type(chain()), type(count()), type(islice([], 0)))
print(repr(chain()).split(" at ")[0], repr(permutations("a")).split(" at ")[0], repr(tee([1])[0]).split(" at ")[0])
show("compress", compress("ABCDEF", [1, 0, 1, 0, 1, 1]))
show("compress short", compress("ABCDEF", [0, 1]))
show("dropwhile", dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1]))
show("takewhile", takewhile(lambda x: x < 5, [1, 4, 6, 4, 1]))
show("filterfalse", filterfalse(lambda x: x % 2, range(10)))
show("filterfalse None", filterfalse(None, [0, 1, "", "a", None, [], [0]]))
show("islice 2", islice("ABCDEFG", 2))
show("islice 2 4", islice("ABCDEFG", 2, 4))
show("islice 2 None", islice("ABCDEFG", 2, None))
show("islice 0 None 2", islice("ABCDEFG", 0, None, 2))
show("islice None", islice("ABCDEFG", None))
show("islice count", islice(count(), 3, 20, 5))
show("islice big", islice(range(5), 10))
it1 = iter(range(10))
show("islice consumed", islice(it1, 3))
print(list(it1))
show("pairwise", pairwise("ABCDEFG"))
show("pairwise short", pairwise("A"))
show("starmap", starmap(pow, [(2, 5), (3, 2), (10, 3)]))
show("zip_longest", zip_longest("ABCD", "xy", fillvalue="-"))
show("zip_longest 3", zip_longest([1, 2], [3], [4, 5, 6]))
show("zip_longest none", zip_longest())
show("batched", batched("ABCDEFG", 3))
show("batched exact", batched(range(6), 2))
show("product", product("ab", range(3)))
show("product repeat", product(range(2), repeat=3))
show("product empty", product())
show("product with empty", product("ab", []))
show("product mixed", product("ab", "cd", repeat=2))
show("permutations", permutations("ABCD", 2))
show("permutations full", permutations(range(3)))
show("permutations 0", permutations([], 0))
show("permutations too big", permutations("ab", 3))
show("combinations", combinations("ABCD", 2))
show("combinations 3", combinations(range(5), 3))
show("combinations 0", combinations([], 0))
show("combinations too big", combinations("ab", 3))
show("cwr", combinations_with_replacement("ABC", 2))
show("cwr 3", combinations_with_replacement(range(3), 3))
show("cwr empty", combinations_with_replacement([], 1))
show("cwr 0", combinations_with_replacement([], 0))
print(len(list(permutations(range(6)))), len(list(combinations(range(10), 4))), len(list(product(range(4), repeat=4))))
print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, g in groupby("AAAABBBCCD")])
print([(k, list(g)) for k, g in groupby([1, 2, 3, 4, 5, 6, 7], key=lambda x: x // 3)])
print([(k, len(list(g))) for k, g in groupby(sorted("mississippi"))])
gb = groupby("aabbcc")
k1, g1 = next(gb)
k2, g2 = next(gb)
print(k1, list(g1), k2, list(g2), next(gb)[0])
a, b = tee(range(5))
print(next(a), next(a), list(b), list(a))
x, y, z = tee("abc", 3)
print(list(x), list(y), list(z), tee([1], 0), type(tee([1])[0]))
t1, t2 = tee(count())
print([next(t1) for _ in range(5)], next(t2))
print(sum(islice(count(1), 100)), list(map(len, batched(range(10), 4))))
print(list(zip(count(), "abc")), dict(zip("ab", repeat(0))))
print(7 in count(), 3 in islice(count(), 2))
cy = cycle([1, 2])
print([next(cy) for _ in range(5)])
ch = chain([1], [2])
print(iter(ch) is ch, next(ch), list(ch), list(ch))

tests = ['count("a")', 'count(1, "a")', 'count(1, 2, 3)', 'repeat()', 'repeat(1, "a")',
         'islice(range(10), -1)', 'islice(range(10), "a")', 'islice(range(10))',
         'islice(range(10), 1, 2, 0)', 'islice(range(10), 1, 2, 3, 4)', 'islice([1], "a", 2)',
         'islice(range(3), 1.5)', 'cycle()', 'cycle(1)', 'accumulate([1, 2], initial=None, x=1)',
         'accumulate([1], None, 5)', 'accumulate()', 'groupby()', 'groupby([1], 1, 2)',
         'pairwise(1)', 'pairwise()', 'batched([1], 0)', 'batched([1])',
         'list(batched("abc", 2, strict=True))', 'permutations([1], -1)',
         'permutations([1], "a")', 'combinations([1])', 'combinations([1], -1)',
         'combinations([1], "a")', 'combinations_with_replacement([1], -2)',
         'product(repeat=-1)', 'product(x=1)', 'product([1], repeat="a")', 'product(1)',
         'tee([1], -1)', 'tee()', 'tee([1], "a")', 'zip_longest(1)',
         'zip_longest([1], foo=1)', 'starmap(1)', 'list(starmap(pow, [1]))',
         'compress(1)', 'compress([1], [1], [1])', 'takewhile(1)', 'dropwhile(None)',
         'filterfalse()', 'chain(x=1)', 'list(chain(1))', 'chain.from_iterable(1)',
         'list(chain.from_iterable([1]))', 'next(count(1, None))']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
