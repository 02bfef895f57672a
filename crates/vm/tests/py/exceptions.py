def risky(n):
    if n == 0:
        raise ValueError("zero")
    return 10 // n

for v in [2, 0, "x"]:
    try:
        print(risky(v))
    except ValueError as e:
        print("caught", type(e).__name__, e, e.args)
    except TypeError as e:
        print("type", e)
    else:
        print("no error")
    finally:
        print("finally", v)

try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise KeyError("k") from e
except KeyError as e:
    print(repr(e), type(e.__cause__).__name__, e.__suppress_context__)

try:
    try:
        [][1]
    except IndexError:
        {}["missing"]
except KeyError as e:
    print(repr(e), repr(e.__context__), e.__cause__)

def reraiser():
    try:
        raise RuntimeError("inner")
    except RuntimeError:
        raise

try:
    reraiser()
except RuntimeError as e:
    print("reraised", e)

def finally_return():
    try:
        return "try"
    finally:
        print("cleanup")

print(finally_return())

def loop_break():
    for i in range(5):
        try:
            if i == 2:
                break
        finally:
            print("f", i)
    return i

print(loop_break())

try:
    assert 1 == 2, "math is broken"
except AssertionError as e:
    print("assert", e)

try:
    assert False
except AssertionError as e:
    print("bare assert", repr(e))

nothing = None
errors = [lambda: 1 + "a", lambda: [1][3], lambda: {}["k"], lambda: undefined_name, lambda: int("zz"),
          lambda: (1).foo, lambda: 1 / 0, lambda: 1 % 0, lambda: 2.0 / 0, lambda: nothing(),
          lambda: [1, 2].index(5), lambda: "abc".index("z"), lambda: next(iter([])), lambda: len(3),
          lambda: sorted([1, "a"]), lambda: -"x", lambda: float("abc"), lambda: chr(-1), lambda: ord("ab")]
for f in errors:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)

try:
    raise ValueError
except ValueError as e:
    print("class raised", repr(e))

try:
    raise 5
except TypeError as e:
    print(e)

try:
    try:
        pass
    finally:
        raise OSError("in finally")
except OSError as e:
    print("finally raise", e)

def gen_exc():
    try:
        yield 1
    finally:
        print("gen finally")

for x in gen_exc():
    print("got", x)

e = ValueError("a", 2)
print(e.args, str(e), repr(e))
print(isinstance(KeyError(), LookupError), issubclass(ZeroDivisionError, ArithmeticError))
