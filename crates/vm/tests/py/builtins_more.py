# Builtins: exec/eval/compile, globals/locals/vars/dir, print(file=...), slices, unbound
# methods, sorting, min/max/sum/round, int/float conversions, bool and hash of core types.
print(sorted([3, 1, 2], reverse=True), sorted(["bb", "a", "ccc"], key=len), sorted([(1, "b"), (0, "z"), (1, "a")], key=lambda p: p[0]))
l = [5, 2, 8, 1]
l.sort()
print(l)
l.sort(key=lambda v: -v)
print(l)
l.sort(reverse=True, key=lambda v: v % 3)
print(l)
print(min([4, 2, 8]), max([4, 2, 8]), min(3, 1, 2), max("abc", "b", key=len), min([], default="empty"), max([1, -5, 3], key=abs))
print(min((x for x in [5, 4]), default=0), max([], key=len, default=None), min(["aa", "b", "c"], key=len))
print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.1] * 10), sum([[1], [2]], []), sum(range(101), start=-50))
print(round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(1.25, 1), round(0.125, 2), round(123.456, -1), round(15, -1), round(25, -1), round(7, 0))
print(round(1e300, 2), round(5e-324, 320), round(-1.5), type(round(2.0)).__name__, type(round(2.0, 0)).__name__, round(-25, -1))
print(int(3.99), int(-3.99), int(1e20), int("  -12  "), int(True), float("1e5"), float(" -1.5 "), float("inf"), float("-Infinity"), float("nan"))
print(float("1_000.5"), float(".5"), float("5."), float("+3"), float("1E-3"), float(7), float(2 ** 60))
for bad in ["", "1__0", "abc", "1e", "0x10", "- 1", "1.2.3", "_1"]:
    try:
        float(bad)
    except ValueError as e:
        print(e)
print(bool(0), bool(0.0), bool(""), bool(()), bool([]), bool({}), bool(None), bool(range(0)), bool(range(3)), bool(-1), bool("0"))
print(hash(0), hash(1), hash(-1), hash(1.5), hash(True), hash(None) == hash(None), hash((1, 2)) == hash((1, 2)), hash(2 ** 100), hash(-2.0), hash(float("inf")))
for v in [[], {}, set()]:
    try:
        hash(v)
    except TypeError as e:
        print(e)
print(str.lower("ABC"), str.upper("x"), str.join("-", ["a", "b"]), str.split("a b"), list.copy([1]), dict.get({"a": 1}, "a"))
ll = []
list.append(ll, 1)
list.extend(ll, [2, 3])
print(ll, dict.fromkeys("ab"), dict.fromkeys([1, 2], 0), dict.keys({"k": 1}), tuple.count((1, 1), 1), int.bit_length(255))
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, s.indices(5), slice(None, None, -1).indices(4), slice(3).indices(10), [0, 1, 2, 3, 4, 5][slice(1, None, 2)])
print(slice(-100, 100).indices(7), slice(None, -1, -2).indices(8), slice(1, 2) == slice(1, 2))
print(type(1), type("a"), type([]), type({}), type(()), type(None), type(1.0), type(True), type(len), type(range(1)), type(type), type({1}))
g = 5
print(eval("g + 1"), eval("x * 2", {"x": 21}), eval("y", {}, {"y": 3}), eval("[i for i in range(3)]"))
ns = {}
exec("a = 1\nb = a + 1\ndef f():\n    return b * 10\n", ns)
print(ns["a"], ns["b"], ns["f"](), sorted(k for k in ns if k != "__builtins__"), "__builtins__" in ns)
exec("print('exec prints', g)")
loc = {}
exec("z = 7", None, loc)
print(loc)
code = compile("1 + 2", "<expr>", "eval")
print(eval(code), type(code).__name__, code.co_filename if hasattr(code, "co_filename") else "-")
exec(compile("print('compiled', 3)", "<s>", "exec"))
try:
    eval("1 +")
except SyntaxError as e:
    print(type(e).__name__, e)
try:
    compile("x", "<s>", "bogus")
except ValueError as e:
    print(e)
def fn(p, q=2):
    r = p + q
    return sorted(locals().items())
print(fn(1), "g" in globals(), globals()["g"])
print(dir([])[:3] == sorted(dir([]))[:3], "append" in dir([]), "lower" in dir(""), "fn" in dir())
class_free = vars()
print("fn" in class_free, class_free is globals())
class_free = 1
print(eval("class_free"))
print(round(5, -10 ** 4), round(-12345, -2), round(2 ** 70, -20), round(15, -1), round(-25, -1), round(7, 2 ** 70), round(1.5, -400), round(-1.5, -400), round(1.5, 2 ** 70))
