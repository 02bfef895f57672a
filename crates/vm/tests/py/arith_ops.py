# Arithmetic on int, float and bool: operators, signs of // and %, true division, powers,
# comparisons across types, and the texts of the errors.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3)]
for a, b in pairs:
    print(a, b, a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b), a ** 2, -a, +a, ~a)
fpairs = [(7.5, 2), (-7.5, 2), (7.5, -2.0), (0.1, 0.2), (1e308, 10), (5, 0.5)]
for a, b in fpairs:
    print(a, b, a + b, a - b, a * b, a / b, a // b, a % b, a ** 2 if abs(a) < 1e100 else "big")
print(7 & 3, 7 | 8, 7 ^ 2, 1 << 10, 1024 >> 3, -1 >> 1, -8 >> 1, ~0, 5 & -2, -5 | 2)
print(True + 1, True * 2.5, False - 1, True / 2, True // 1, -True, ~True, True & False, True | 0)
print(type(True & True).__name__, type(True & 1).__name__, type(True + True).__name__)
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, 2 ** -1, 4 ** 0.5, (-8) ** 2, 10 ** 18 // 7)
print(1 == 1.0, 1 < 1.5, 2 > 1.5, 0.1 + 0.2 == 0.3, 1e16 + 1 == 1e16, -0.0 == 0.0, 3 >= 3.0)
nan = float("nan")
inf = float("inf")
print(nan == nan, nan != nan, nan < 1, inf > 10 ** 300, -inf < -1e308, inf == inf, inf - inf)
print(inf * 0, 1 / inf, -1 / inf, inf + inf, abs(-inf), nan + 1)
print(round(0.1 + 0.2, 10), 1e16, 1e15, 123456789012345678.0, 1.0e-4, 0.0001, 1e-5, 5e-324, 1.7976931348623157e308)
print(3 * 1.1, 0.1 * 3, 2.5 // 1, -2.5 // 1, 2.5 % 1, -2.5 % 1, 7 % -3.0, -7 % 3.0)
x = 5
x += 2.5
print(x, type(x).__name__)
y = 10
y //= 3
y **= 2
y %= 5
print(y)
t("int / 0", lambda: 1 / 0)
t("int // 0", lambda: 1 // 0)
t("int % 0", lambda: 1 % 0)
t("float / 0", lambda: 1.0 / 0)
t("float // 0.0", lambda: 1.0 // 0.0)
t("float % 0", lambda: 1.0 % 0)
t("divmod 0", lambda: divmod(1, 0))
t("0 ** -1", lambda: 0 ** -1)
t("0.0 ** -2", lambda: 0.0 ** -2)
t("float overflow", lambda: 1e308 * 10)
t("pow overflow", lambda: 10.0 ** 400)
t("shift negative", lambda: 1 << -1)
t("rshift negative", lambda: 1 >> -1)
t("float shift", lambda: 1.0 << 1)
t("float and", lambda: 1.0 & 1)
t("invert float", lambda: ~1.0)
t("str - int", lambda: "a" - 1)
t("None + 1", lambda: None + 1)
t("int + None", lambda: 1 + None)
t("list + int", lambda: [1] + 1)
t("dict | list", lambda: {} | [])
t("unary -str", lambda: -"a")
t("unary +None", lambda: +None)
t("compare none", lambda: None < 1)
t("compare list str", lambda: [1] < "a")
t("compare float str", lambda: 1.5 >= "a")
t("aug str -", lambda: aug_sub())
t("aug list +int", lambda: aug_list())


def aug_sub():
    s = "a"
    s -= "b"


def aug_list():
    l = [1]
    l += 5
