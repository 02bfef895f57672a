# The methods of str, list, dict and tuple ordinary programs call, and `%`/format corners.
s = "  Hello, World  "
print(s.strip(), s.lstrip(), s.rstrip(), s.strip(" Hd"), "xxaxx".strip("x"), s.split(","), "a,b,,c".split(","), "a b  c".split(), "a b c".split(None, 1), "a,b,c".rsplit(",", 1))
print("Hello".upper(), "Hello".lower(), "hello world".title(), "hello".capitalize(), "HeLLo".swapcase(), "ß".casefold(), "abc".center(9, "*"), "ab".ljust(5) + "|", "ab".rjust(5), "42".zfill(5), "-42".zfill(6))
print("a-b-c".replace("-", "+"), "a-b-c".replace("-", "", 1), "hello".find("l"), "hello".rfind("l"), "hello".find("z"), "hello".index("e"), "hello".rindex("l"), "hello".count("l"), "aaa".count("aa"))
print("hello".startswith("he"), "hello".endswith(("x", "lo")), "hello".startswith("l", 2), "a.b.c".partition("."), "a.b.c".rpartition("."), "x".partition("."), "l1\nl2\r\nl3".splitlines(), "l1\nl2\n".splitlines(True))
print("123".isdigit(), "abc".isalpha(), " \t".isspace(), "ABC".isupper(), "abc".islower(), "a1".isalnum(), "".isdigit(), "Ab Cd".istitle(), "x1".isidentifier(), "½".isnumeric(), "12".isdecimal(), "abc".isascii(), "ab\tc".expandtabs(4))
print("prefix_x".removeprefix("prefix_"), "x.py".removesuffix(".py"), "-".join(["a", "b"]), ",".join("abc"), "{} {}".format(1, 2), "{0}{1}{0}".format("a", "b"), "{x}-{y}".format(x=1, y=2), "{:>5}|{:<5}|{:^5}".format(1, 2, 3))
print("{:08.3f}".format(3.14159), "{:,}".format(1234567), "{:x} {:X} {:o} {:b} {:#x}".format(255, 255, 8, 5, 255), "{:e}".format(12345.678), "{:.2%}".format(0.256), "{!r} {!s}".format("a", "b"), "{0[1]}".format([5, 6]), "{:{w}}|".format(7, w=4))
print("%s %r %d %5.2f %-4d| %x %o %e %%" % ("s", "r", 42, 3.14159, 7, 255, 8, 1234.5), "%(a)s-%(b)d" % {"a": "x", "b": 3}, "%c%c" % (65, "b"), "%+d % d %05d %.3s" % (5, 5, 42, "abcdef"), "%i" % 3.9, "%s" % (1,), "%s" % [1, 2])
t = str.maketrans("ab", "xy")
print("aabbc".translate(t), "hello"[1:4], "hello"[::-1], "abc" * 2, "a" < "b", "abc" in "xabcx", ord("€"), chr(8364), "é".upper(), "straße".upper(), "İ".lower() == "i̇")
l = [3, 1, 2]
l.append(4); l.extend([5, 6]); l.insert(0, 0); l.insert(-1, 9); l.insert(100, 7)
print(l, l.pop(), l.pop(0), l.index(9), l.count(1), l)
l.remove(9); l.reverse()
print(l, l.copy(), l[::2], sorted(l), l.clear(), l)
m = [1, 2, 3, 2]
print(m.index(2, 2), [1, [2]] == [1, [2]], [1, 2] < [1, 3], [] or "empty", m * 2, m + [9], 2 in m, m[-1], m[1:3], list(reversed(m)), [x for x in m if x > 1])
d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), d.setdefault("c", 3), d.setdefault("a", 9), d, list(d.keys()), list(d.values()), list(d.items()), d.pop("b"), d.pop("z", None), d)
d.update({"x": 1}, y=2); d.update([("z", 3)])
print(d, d.popitem(), d, len(d), "a" in d, {**d, "q": 0}, d | {"w": 1}, d.copy() == d, dict(a=1, b=2), dict([(1, 2)]), dict(d, k=5))
d.clear()
print(d, (1, 2, 2).count(2), (1, 2, 3).index(3), (1, 2) + (3,), (1,) * 3, tuple([1, 2]), (1, 2) < (1, 3), max((1, 2), (1, 3)))
for f in [lambda: [].pop(), lambda: [1].remove(5), lambda: [1].index(5), lambda: {}.popitem(), lambda: {}["k"], lambda: "abc".index("z"), lambda: (1,).index(5), lambda: "a".join([1]), lambda: "%d" % "x", lambda: "%s %s" % (1,), lambda: "{}".format(), lambda: "{:d}".format("x"), lambda: "x".center(), lambda: "ab".split(""), lambda: {}.pop("k")]:
    try:
        print(f())
    except (IndexError, ValueError, KeyError, TypeError) as e:
        print(type(e).__name__, e)
