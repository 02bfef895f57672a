# print with sep, end and flush; str and repr of containers and the values print shows.
print()
print("a", "b", "c")
print("a", "b", sep="")
print("a", "b", sep="--", end="!\n")
print("no newline", end="")
print(" continued")
print(1, 2.5, None, True, [1, "x"], (1,), {"k": (2, 3)}, sep=" | ")
print("flush", flush=True)
print(*range(5))
print(*"abc", sep=",")
print("x", sep=None, end=None)
print("multi\nline")
print("tab\there", "unicode é ✓ 😀")
print(-0.0, 1e16, 1.5e-7, 0.1 + 0.2, 1 / 3, 2 / 1, 10 ** 20, -(10 ** 20))
print([1.0, -2.5], ("a", 'b"c', "d'e"), {1: "one"}, [[], [[]]], {}, ())
print(repr("quote's"), str("quote's"))
for bad in [dict(sep=1), dict(end=2), dict(foo=1)]:
    try:
        print("x", **bad)
    except TypeError as e:
        print("TypeError:", e)
