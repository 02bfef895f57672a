# type() of every core object, bool() and hash() of every core type, float() of text.
def gen():
    yield 1
objs = [1, 2 ** 70, True, 1.5, "s", b"b", (), [], {}, {1}, frozenset(), None, range(3), slice(1), len, print, gen, gen(), lambda: 0, iter([]), iter(()), iter(""), iter({}), iter(range(2)), iter({1}), {}.keys(), {}.values(), {}.items(), enumerate([]), zip(), map(len, []), filter(None, []), reversed([]), int, type, ..., NotImplemented if False else None, ValueError(), ValueError, [].append, "".join]
for o in objs:
    print(type(o).__name__, type(o) is o.__class__ if hasattr(o, "__class__") else "-")
for v in [0, 1, -1, 2 ** 64, 0.0, -0.0, 1.5, float("inf"), "", "a", b"", b"a", (), (1,), None, True, False, frozenset(), frozenset({1}), range(0), range(1, 5)]:
    print(repr(v), bool(v), hash(v) if not isinstance(v, (str, bytes)) or len(v) == 0 else "str-hash")
print(hash(range(1, 5)) == hash(range(1, 5)), hash(1.0) == hash(1), hash(1 / 3), hash(-2.5), hash(1e300), hash(2 ** 61 - 1), hash(3.0e-300))
print(hash(slice(1, 2)) == hash(slice(1, 2)), hash(len) == hash(len), hash(int) == hash(int), hash(...) == hash(...))
for t in ["1e500", "-1e500", "  +1.5e-3\n", "1_0.5", "iNfInItY", "-nan", "+inf", "\u0661\u0662.5", "1.", ".5e1", "0001.25", "1e-400", "4.9e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623159e308"]:
    print(repr(t), float(t))
for bad in ["1e", "e1", ".", "1_", "1__2", "0x1p3", "in f", "nann", "1.5j", "1e+-3", " ", "1 2"]:
    try:
        float(bad)
    except ValueError as e:
        print(e)
print(float(b"2.5"), float(True), float(-7), int(-0.5), int(2.5e15), int("٣"), int(b"12"), int(" 0x1F ", 0), int("0o17", 8))
