a = 2 ** 64
print(a, a - 1, -a, a * a, a // 3, a % 7, -a // 3, -a % 7)
print(2 ** 100 + 1, (2 ** 100) // (2 ** 50), 10 ** 30 // -7, 10 ** 30 % -7)
print(9223372036854775807 + 1, -9223372036854775808 - 1, 3037000500 * 3037000500)
print(abs(-(10 ** 25)), int("123456789012345678901234567890"), int("-0x" + "f" * 20, 16))
print(1 << 100, (1 << 100) >> 98, (10 ** 20) & 0xFFFF, (10 ** 20) | 1, ~(10 ** 20))
print(pow(3, 200, 10 ** 9 + 7), pow(7, -1, 13), 2 ** 0.5)
f = 1
for i in range(1, 31):
    f *= i
print(f, len(str(f)), str(f)[:10])
print(10 ** 20 == 10 ** 20, 10 ** 20 > 10 ** 19, 10 ** 20 < 1.0e21, float(10 ** 20), 10 ** 20 / 10 ** 10)
print(divmod(10 ** 20, 7), divmod(-(10 ** 20), 7), round(123456789012345678901, -5))
print(isinstance(10 ** 20, int), hex(2 ** 70), bin(2 ** 65), f"{2 ** 70:,}", f"{10**20:_}")
print(sum([10 ** 18] * 20), max(10 ** 20, 5), sorted([10 ** 20, -(10 ** 20), 0]))
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(int(3.9), int(-3.9), int("  42  "), int("1_000"), int("0b101", 0), int("z", 36))
for bad in ["", "1 2", "0x", "_1"]:
    try:
        int(bad)
    except ValueError as e:
        print(e)
try:
    1 // 0
except ZeroDivisionError as e:
    print(e)
try:
    (10 ** 20) % 0
except ZeroDivisionError as e:
    print(e)
