# Control flow: if/elif/else, loops with else, break/continue, comprehensions, walrus,
# chained comparisons, conditional expressions, augmented assignment, del, assert.
def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "big"


print([classify(n) for n in (-1, 0, 5, 50)])
for i in range(5):
    if i == 3:
        break
else:
    print("not reached")
for i in range(3):
    pass
else:
    print("for else", i)
for i in []:
    print("never")
else:
    print("empty for else")
n = 0
while n < 5:
    n += 1
    if n % 2:
        continue
    print("even", n)
else:
    print("while else", n)
while True:
    n -= 1
    if n < 2:
        break
print("after break", n)
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        if i == j:
            continue
        print("pair", i, j)
print([x * y for x in range(3) for y in range(3) if x != y if x + y > 1])
print({k: v for k, v in zip("abc", range(3))})
print(sorted({x % 3 for x in range(10)}) if False else [x % 3 for x in range(5)])
print(list(x * 2 for x in range(4)), sum(x for x in range(101)))
gen = (i for i in range(3))
print(next(gen), list(gen), list(gen))
print([[j for j in range(i)] for i in range(4)])
total = 0
print([total := total + v for v in (1, 2, 3)], total)
if (m := len("hello")) > 3:
    print("walrus", m)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 == 2, 1 == 1.0 != 2, "a" < "b" <= "b")


def noisy(v):
    print("eval", v)
    return v


print(noisy(1) < noisy(0) < noisy(5))
print(noisy(1) < noisy(2) < noisy(3))
print("yes" if 0 else "no", "yes" if [1] else "no", 1 if 0 else 2 if 0 else 3)
print(0 or "" or None or "last", 1 and 2 and 3, [] and 1, 0 or 0.0)
print(not 0, not [1], not None)
x = 10
x += 5
x -= 3
x *= 2
x //= 5
x **= 3
x %= 7
x <<= 4
x >>= 1
x |= 1
x &= 0xFF
x ^= 0xF0
print(x)
f = 7.0
f /= 2
print(f)
s = "ab"
s *= 3
s += "!"
print(s)
lst = [1]
alias = lst
lst += [2, 3]
lst *= 2
print(lst, alias is lst)
t = (1,)
t_alias = t
t += (2,)
print(t, t_alias)
d = {"k": [0]}
d["k"][0] += 5
d["n"] = d.get("n", 0) + 1
print(d)
a = [0, 1, 2, 3, 4, 5]
del a[0]
del a[1:3]
del a[::2]
print(a)
d = {"x": 1, "y": 2}
del d["x"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)
v = 1
del v
try:
    v
except NameError as e:
    print("NameError:", e)
assert True, "never"
try:
    assert 1 == 2, "one is not two"
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert False
except AssertionError as e:
    print("AssertionError:", repr(e), e.args)
try:
    assert [], ("tuple", 1)
except AssertionError as e:
    print("AssertionError:", e.args)
i = 0
while i < 3:
    i += 1
    try:
        if i == 2:
            continue
        print("body", i)
    finally:
        print("finally", i)
for i in range(3):
    try:
        break
    finally:
        print("break finally", i)
