# try/except/else/finally, raise, raise from, bare raise, and the chaining attributes.
def describe(e):
    return (type(e).__name__, str(e), repr(e.__cause__), repr(e.__context__),
            e.__suppress_context__)


def flow(kind):
    log = []
    try:
        log.append("try")
        if kind == "raise":
            raise ValueError("v")
        if kind == "return":
            return log
    except ValueError as e:
        log.append("except " + str(e))
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


print(flow("raise"), flow("ok"), flow("return"))


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"


print(finally_overrides())
try:
    try:
        raise KeyError("inner")
    except KeyError:
        raise ValueError("outer")
except ValueError as e:
    print(describe(e))
try:
    try:
        raise KeyError("inner")
    except KeyError as k:
        raise ValueError("outer") from k
except ValueError as e:
    print(describe(e))
try:
    try:
        raise KeyError("inner")
    except KeyError:
        raise ValueError("outer") from None
except ValueError as e:
    print(describe(e))
try:
    raise RuntimeError("x") from TypeError("cause")
except RuntimeError as e:
    print(describe(e), describe(e.__cause__))
try:
    raise IndexError
except IndexError as e:
    print(repr(e), e.args, describe(e))
try:
    raise ValueError(1, "two")
except ValueError as e:
    print(str(e), repr(e), e.args)
try:
    raise ValueError()
except ValueError as e:
    print(repr(str(e)), repr(e))


def reraiser():
    try:
        1 / 0
    except ZeroDivisionError:
        print("handling")
        raise


try:
    reraiser()
except ZeroDivisionError as e:
    print("reraised", describe(e))
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
try:
    raise ValueError from 5
except TypeError as e:
    print("TypeError:", e)
try:
    try:
        raise ValueError("a")
    finally:
        print("finally runs")
except ValueError as e:
    print("caught after finally", e)
try:
    try:
        raise ValueError("first")
    finally:
        raise KeyError("second")
except KeyError as e:
    print(describe(e))
try:
    [][1]
except (KeyError, IndexError) as e:
    print("tuple clause", type(e).__name__, e)
try:
    {}["missing"]
except LookupError as e:
    print("base class clause", type(e).__name__, e)
try:
    int("x")
except Exception as e:
    print("Exception clause", type(e).__name__)
e = "kept?"
try:
    raise ValueError
except ValueError as e:
    pass
try:
    e
except NameError as err:
    print("NameError:", err)
err = ValueError("manual")
err.__cause__ = KeyError("set")
print(err.__suppress_context__, describe(err))
err.__context__ = TypeError("ctx")
print(describe(err))
try:
    err.__cause__ = 5
except TypeError as x:
    print("TypeError:", x)
print(isinstance(ValueError(), Exception), issubclass(KeyError, LookupError))
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(bool, int))
nested = []
for i in range(3):
    try:
        try:
            if i:
                raise ValueError(i)
        except ValueError:
            nested.append("inner")
            raise
        else:
            nested.append("else")
    except ValueError:
        nested.append("outer")
print(nested)
try:
    try:
        raise TypeError("t")
    except TypeError as t:
        try:
            raise ValueError("v")
        except ValueError as v:
            print("context", repr(v.__context__))
        raise
except TypeError as e:
    print("after nested handler", repr(e), repr(e.__context__))
