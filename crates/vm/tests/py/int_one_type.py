# Every int value is an `int`, whatever its size; big and small forms of one value are equal,
# hash alike (CPython's modulus 2**61 - 1) and are the same dict and set key.
big = 10 ** 20
print(type(big) is int, type(2 ** 63) is int, type(-(2 ** 63)) is int, isinstance(big, int))
print(type(big).__name__, type(2 ** 64 - 2 ** 64) is int, (2 ** 64 - 2 ** 64) == 0)
m = -(2 ** 63)
print(m, m + 1, m - 1, type(m) is int, m == -9223372036854775808, m // -1)
for v in [2 ** 61 - 1, 2 ** 61, 2 ** 61 + 5, -(2 ** 61), -(2 ** 61) - 1, 2 ** 64, -(2 ** 64), 10 ** 30, -(10 ** 30), m, 2 ** 200 + 1]:
    print(hash(v), hash(-v))
print(hash(2.0 ** 70) == hash(2 ** 70), hash(-(2.0 ** 64)) == hash(-(2 ** 64)))
d = {big: "big", 2 ** 64: "two64", 1: "one"}
print(d[10 ** 20], d[2 ** 32 * 2 ** 32], (2 ** 70 // 2 ** 70) in d, d.get(2 ** 64 + 0))
k = 2 ** 64 // 2 ** 10
print(k in {2 ** 54: 1}, {2 ** 70 - 2 ** 70 + 3: "x"}[3], [10 ** 20].count(10 ** 20))
print(10 ** 20 == 1e20, 2 ** 64 == 2.0 ** 64, 2 ** 64 + 1 == 2.0 ** 64, 2 ** 64 > 2.0 ** 64)
print(10 ** 400 > 1e308, -(10 ** 400) < -1e308, 10 ** 400 < float("inf"), 10 ** 400 == float("nan"))
print((2 ** 64).bit_length(), (-(2 ** 64)).bit_length(), (0).bit_length(), (255).bit_length())
print(bool(2 ** 64), not (2 ** 64), 1 if 10 ** 20 else 0)
# True division is correctly rounded, also for big operands.
print(10 ** 30 / 7, (2 ** 64 + 1) / 2, 10 ** 400 / 10 ** 399, -(10 ** 30) / 3, 2 ** 1100 / 2 ** 1099)
print((2 ** 53 + 1) / 1, (2 ** 54 + 3) / 2, 1 / 2 ** 1074, 1 / 2 ** 1075, 3 / 2 ** 1076, 10 ** 50 / 10 ** 60)
print(123456789123456789123456789 / 1000000007, 2 ** 1023 * 3 // 2 / 1)
for f in [lambda: 10 ** 400 / 3, lambda: float(10 ** 400), lambda: 10 ** 400 + 1.0, lambda: 10 ** 400 * 0.5]:
    try:
        print(f())
    except OverflowError as e:
        print("OverflowError:", e)
print(float(2 ** 64), float(-(2 ** 70)), float(2 ** 1023), int(1e300) == 10 ** 300, int(2.0 ** 80))
# The 4300-digit limit of decimal conversions.
n = int("7" * 4300)
print(len(str(n)), len(repr(-n)), str(n)[:5])
for f in [lambda: int("1" * 5000), lambda: int("1_" * 4300 + "1"), lambda: str(10 ** 4300), lambda: f"{10 ** 4300}", lambda: "%d" % 10 ** 4300, lambda: format(10 ** 5000, ",")]:
    try:
        f()
    except ValueError as e:
        print("ValueError:", e)
print(len(hex(10 ** 5000)), int("f" * 5000, 16) > 0)
print(int(float("1e30")), int(-2.5e20), round(2.5e20), round(1e16 + 1.0))
# int methods.
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"), (-1).to_bytes(2, "big", signed=True))
print((2 ** 70).to_bytes(9), (0).to_bytes(0), (255).to_bytes(1), (-128).to_bytes(1, signed=True))
print(int.from_bytes(b"\xff\xff", "big", signed=True), int.from_bytes([1, 2, 3], "little"))
print(int.from_bytes(b"\x00" * 20 + b"\x01"), int.from_bytes(b"\x80", signed=True), int.from_bytes(b"\x01" * 12))
print((255).bit_count(), (-(2 ** 70)).bit_count(), True.bit_length(), (5).conjugate(), (6).as_integer_ratio())
for f in [lambda: (256).to_bytes(1, "big"), lambda: (-1).to_bytes(1, "big"), lambda: (1).to_bytes(1, "middle"), lambda: (1).to_bytes(-1), lambda: int.from_bytes(b"\x01", "mid"), lambda: int.from_bytes(5), lambda: (1).to_bytes(1, "big", True), lambda: (128).to_bytes(1, signed=True)]:
    try:
        print(f())
    except (OverflowError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
