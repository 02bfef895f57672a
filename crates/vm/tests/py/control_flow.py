def f():
    try:
        return 1
    finally:
        print("fin")
print(f())
def g():
    for i in range(3):
        try:
            continue
        finally:
            print("cont", i)
g()
def h():
    try:
        raise ValueError("a")
    except ValueError:
        try:
            raise TypeError("b")
        except TypeError as e:
            print(repr(e.__context__))
    print("after")
h()
x = 5
del x
try:
    x
except NameError as e:
    print(e)
def nest():
    try:
        try:
            1/0
        finally:
            print("inner finally")
    except ZeroDivisionError:
        print("outer caught")
nest()
print([i for i in range(3) if i], {i: str(i) for i in "ab"})
a = b = [1]
a += [2]
print(a, b, a is b)
t = (1, 2)
t += (3,)
print(t)
s = "x"
s *= 3
print(s)
print(f"{'nested' + '!'!r:>12}", f"{3.0:g}", f"{12345:,}", f"{-0.0}")
def kw(*, a=1, b): return a, b
print(kw(b=2))
print(sorted({3: 'c', 1: 'a'}.items()))
import_error = None
try:
    import nosuchmod
except ImportError as e:
    print(type(e).__name__, e)
print(divmod(7.5, 2), 7.5 // 2, -7.5 % 2, 2 ** 0.5, 10 / 4, round(0.5), round(-1.5))
print(max(1, 2.5), min("b", "a"), abs(-0), int(True), float(7), str(1e100))
print(list(range(-5, 5, 3)), range(3) == range(0, 3), [] == [], [1, 2] < [1, 3])
e = None
try:
    raise KeyError("x")
except KeyError as e:
    pass
try:
    e
except NameError as err:
    print("e deleted:", err)
