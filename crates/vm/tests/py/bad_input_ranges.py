# Huge ranges: len, index, membership, iteration start, slicing, and their limits.
r = range(10 ** 18)
print(r, r[0], r[-1], r[10 ** 17], 10 ** 17 in r, -1 in r, r.index(12345))
it = iter(r)
print(next(it), next(it), next(it))
for i in r:
    if i == 3:
        break
print("broke at", i)
print(r[10 ** 18 - 5:], r[::10 ** 17], len(r[::10 ** 17]))
print(len(range(0, 10 ** 18, 7)), range(0, 10 ** 18, 7)[-1])
print(len(range(-10 ** 18, 10 ** 18 - 1)) == 2 * 10 ** 18 - 1)
try:
    r[10 ** 18]
except IndexError as e:
    print("IndexError:", e)
try:
    list(range(10 ** 18))
except MemoryError:
    print("MemoryError")
big = range(0, 2 ** 62, 2 ** 60)
print(list(big), len(big))
z = zip(range(10 ** 18), "abc")
print(list(z))
e = enumerate(range(10 ** 18, 10 ** 18 + 3))
print(list(e))
print(sum(range(10 ** 6)), max(range(10 ** 5)), any(x > 5 for x in range(10 ** 18)))
