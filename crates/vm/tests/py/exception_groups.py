for args in [(), ("m",), (1, [ValueError()]), ("m", 5), ("m", []), ("m", [1]), ("m", [KeyboardInterrupt()])]:
    try:
        ExceptionGroup(*args)
    except Exception as e:
        print(type(e).__name__, e)
for args in [("m", 5), ("m", [1])]:
    try:
        BaseExceptionGroup(*args)
    except Exception as e:
        print(type(e).__name__, e)
print(type(BaseExceptionGroup("m", [ValueError()])).__name__, type(BaseExceptionGroup("m", [KeyboardInterrupt()])).__name__)
eg = ExceptionGroup("msg", [ValueError(1), TypeError(2), ExceptionGroup("inner", [KeyError(3)])])
print(str(eg)); print(repr(eg)); print(eg.args, eg.message, eg.exceptions)
print(ExceptionGroup("one", [ValueError(1)]))
m, r = eg.split(ValueError); print(repr(m), repr(r))
print(repr(eg.subgroup(lambda e: isinstance(e, KeyError))))
print(repr(eg.subgroup(Exception)) , eg.subgroup(Exception) is eg)
print(eg.split(OSError))
print(repr(eg.derive([ValueError(9)])))
try:
    eg.split(5)
except TypeError as e: print(e)
try:
    try: raise eg
    except* ValueError as e: print("caught", repr(e))
    except* (KeyError, TypeError) as e: print("caught2", repr(e))
except Exception as e:
    print("escaped", repr(e))
try:
    try: raise ValueError("naked")
    except* ValueError as e: print("naked caught", repr(e), repr(e.exceptions[0]))
except Exception as e: print("??", e)
try:
    try: raise eg
    except* ValueError: raise
except ExceptionGroup as e: print("reraised", repr(e))
try:
    try: raise eg
    except* ValueError: raise RuntimeError("new")
except ExceptionGroup as e: print("raised", repr(e), repr(e.exceptions[0].__context__))
try:
    try: raise ValueError(1)
    except* ValueError: raise
except ExceptionGroup as e: print("naked reraise", repr(e))
try:
    try: raise ValueError(1)
    except* TypeError: pass
except ValueError as e: print("naked unmatched", repr(e))
try:
    try: raise eg
    except* ExceptionGroup: pass
except TypeError as e: print(e)
try:
    try: raise eg
    except* 5: pass
except TypeError as e: print(e)
print(isinstance(eg, Exception))

# sys.exc_info()-like state: the handled exception inside except* is the matched part.
def handled_part():
    seen = []
    try:
        raise ExceptionGroup("g", [ValueError("a"), KeyError("b")])
    except* ValueError:
        try:
            raise RuntimeError("inside")
        except RuntimeError as e:
            seen.append(repr(e.__context__))
    except* KeyError:
        pass
    return seen

print(handled_part())

# Nested except* statements and a rest that propagates.
try:
    try:
        raise ExceptionGroup("outer", [ValueError(1), ExceptionGroup("mid", [TypeError(2), OSError(3)])])
    except* TypeError as e:
        print("inner caught", repr(e))
except* OSError as e:
    print("outer caught", repr(e))
except* ValueError as e:
    print("outer caught", repr(e))

# except* with a tuple and an unmatched clause.
try:
    raise ExceptionGroup("t", [IndexError(1)])
except* (KeyError, IndexError) as e:
    print("tuple caught", repr(e.exceptions))
except* ZeroDivisionError:
    print("never")

# split with a predicate that raises.
def boom(e):
    raise ValueError("predicate failed")

try:
    eg.split(boom)
except ValueError as e:
    print(e)

# Groups are exceptions: plain except catches them.
try:
    raise ExceptionGroup("plain", [ValueError()])
except Exception as e:
    print("plain except:", e)

try:
    raise BaseExceptionGroup("base", [KeyboardInterrupt()])
except BaseExceptionGroup as e:
    print("base group:", e, type(e).__name__)
eg = ExceptionGroup("m", [ValueError(1)])
print(f"{eg}", str(eg), "%s" % eg, format(eg), f"{eg!s}", f"{eg!r}", "{}".format(eg))
try: ExceptionGroup("m", [ValueError()], x=1)
except Exception as e: print(type(e).__name__, e)
try: ExceptionGroup(message="m", exceptions=[ValueError()])
except Exception as e: print(type(e).__name__, e)

# Deep nesting: a split 5000 levels down works, 20000 levels is a RecursionError.
deep = ValueError(1)
for i in range(5000):
    deep = ExceptionGroup("x", [deep])
print(deep.split(TypeError)[0], deep.split(ValueError)[0] is deep)
for i in range(15000):
    deep = ExceptionGroup("x", [deep])
try:
    deep.split(TypeError)
except RecursionError as e:
    print(e)

print(isinstance(eg, BaseExceptionGroup), isinstance(eg, ExceptionGroup), isinstance(eg, Exception))
print(issubclass(ExceptionGroup, BaseExceptionGroup), issubclass(ExceptionGroup, Exception))
print(issubclass(BaseExceptionGroup, Exception), isinstance(BaseExceptionGroup("b", [KeyboardInterrupt()]), Exception))
