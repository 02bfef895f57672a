# User exception classes: raise, except by base class, args, str, repr, attributes set in
# __init__, hierarchies, chaining, and the traceback of an uncaught one.

class AppError(Exception):
    """Base of the application's errors."""

class NotFound(AppError):
    def __init__(self, key, where="db"):
        super().__init__(f"{key} not found in {where}")
        self.key = key
        self.where = where

class Retry(AppError, RuntimeError):
    pass

class Plain(Exception):
    pass

try:
    raise NotFound("k1")
except AppError as e:
    print(type(e).__name__, e, repr(e), e.args, e.key, e.where, isinstance(e, Exception))

for cls in (AppError, Plain, Retry):
    for args in [(), ("one",), ("a", 2)]:
        e = cls(*args)
        print(cls.__name__, repr(str(e)), repr(e), e.args)

try:
    raise Retry("again")
except RuntimeError as e:
    print("caught as RuntimeError:", e, [c.__name__ for c in type(e).__mro__])

try:
    raise Plain
except Plain as e:
    print("bare class raised:", repr(e), e.args)

e = Plain("x")
e.extra = 5
print(e.extra, e.__dict__, vars(e))
e.args = ("y", 1)
print(e.args, str(e))

class WithStrArgs(ValueError):
    def __init__(self, a, b):
        self.a = a
        self.b = b
w = WithStrArgs(1, 2)
print(repr(w), w.args, w.a + w.b, str(w))

class KeyLike(KeyError):
    pass
print(str(KeyLike("k")), repr(KeyLike("k")))

try:
    try:
        raise NotFound("k2", where="cache")
    except NotFound as e:
        raise AppError("wrapped") from e
except AppError as e:
    print(e, "<-", repr(e.__cause__), e.__cause__.key)

def fails():
    raise NotFound("deep")
try:
    fails()
except NotFound as e:
    print(e.__traceback__ is not None, e.key)

try:
    raise AppError("with notes") 
except AppError as e:
    print(e.with_traceback(None) is e)

class NotAnException:
    pass
try:
    raise NotAnException()
except TypeError as e:
    print("TypeError:", e)
try:
    raise NotAnException
except TypeError as e:
    print("TypeError:", e)
try:
    try:
        pass
    except NotAnException:
        pass
    raise AppError("x")
except AppError:
    print("except with a non-exception class is only checked when reached")
try:
    try:
        raise AppError("y")
    except NotAnException:
        pass
except TypeError as e:
    print("TypeError:", e)

class Outer:
    class InnerError(Exception):
        pass

try:
    raise Outer.InnerError("nested")
except Exception as e:
    print(type(e).__qualname__, e)

raise NotFound("last", where="main")
