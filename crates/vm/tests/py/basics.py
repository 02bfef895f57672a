x = 1 + 2 * 3
print(x, x // 2, x % 4, -x // 4, -x % 4, x / 2)
print("hello" + " " + "world", "ab" * 3, len("héllo"))
a = [1, 2, 3]
a.append(4)
print(a, a[1:3], a[::-1], a[-1], len(a))
t = (1, "two", 3.0, None, True)
print(t, t[1], t[-2:])
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, d["b"], list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
print(1 < 2 < 3, 1 < 2 > 3, 1 == 1.0, 2 ** 10, 2 ** -1, 7 // -2, 7 % -2)
print(True + True, not 0, 3 and 4, 0 or "x", None is None)
print(int("42") + 1, float("2.5"), str(12), bool([]), bool([0]))
print(abs(-3), abs(-2.5), min(3, 1, 2), max([4, 9, 2]), sum(range(10)))
print(divmod(17, 5), divmod(-17, 5), pow(2, 10), pow(2, 10, 1000), round(2.5), round(3.5), round(2.675, 2))
print(sorted([3, 1, 2]), sorted("bca", reverse=True), sorted([-3, 1, 2], key=abs))
print(list(reversed([1, 2, 3])), list(enumerate("ab", 1)), list(zip([1, 2], "xy")))
print(list(map(lambda v: v * v, range(4))), list(filter(None, [0, 1, 2, 0])))
print(any([0, 1]), all([1, 0]), chr(65), ord("a"), hex(255), bin(5), oct(8))
print(isinstance(1, int), isinstance(True, int), isinstance("s", (int, str)), type(1.5))
print(repr("it's"), repr('say "hi"'), str(None), repr([1, "a"]))
s = "  Hello, World  "
print(s.strip(), s.lower(), s.upper(), s.split(","), "-".join(["a", "b"]))
print("a,b,,c".split(","), "a b  c".split(), "x".join("abc"), "abc".replace("b", "B"))
print("hello".find("l"), "hello".count("l"), "hello".startswith("he"), "hello".endswith(("x", "lo")))
print("abc".title(), "ABC".isupper(), "123".isdigit(), "hi".center(6, "*"), "7".zfill(3))
print("{} {}!".format("hi", "there"), "{0}{1}{0}".format("a", "b"), "{x:>4}".format(x=7))
print("%s is %d years, %.2f%%" % ("Tom", 30, 99.5), "%5s|%-5s|" % ("a", "b"))
x, y = 1, 2
x, y = y, x
first, *rest = [1, 2, 3]
print(x, y, first, rest)
(p, q), r = (1, 2), 3
print(p, q, r)
del d["a"]
print(d)
n = 10
n += 5
n -= 1
n *= 2
print(n, n >> 1, n << 2, n & 6, n | 1, n ^ 3, ~n)
print(3.0, 1e16, 1.5e-7, 0.1 + 0.2, 1 / 3, -0.0, float("inf"))
print([1, 2] + [3], (1,) + (2,), [0] * 3, 3 * "ab")
