from contextlib import (
    ExitStack,
    closing,
    contextmanager,
    nullcontext,
    suppress,
    ContextDecorator,
    AbstractContextManager,
)


@contextmanager
def tag(name):
    print("<%s>" % name)
    try:
        yield name.upper()
    finally:
        print("</%s>" % name)


with tag("a") as t:
    print("inside", t)

print(tag.__name__)


@contextmanager
def catching():
    try:
        yield
    except ValueError as e:
        print("caught in generator:", e)


with catching():
    raise ValueError("boom")
print("after suppressed")

try:
    with tag("b"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))


@contextmanager
def no_yield():
    if False:
        yield


try:
    with no_yield():
        pass
except RuntimeError as e:
    print("RuntimeError", e)


@contextmanager
def two_yields():
    yield 1
    yield 2


try:
    with two_yields():
        pass
except RuntimeError as e:
    print("RuntimeError", e)


@contextmanager
def reraise_other():
    try:
        yield
    except ZeroDivisionError:
        raise ValueError("converted")


try:
    with reraise_other():
        1 / 0
except ValueError as e:
    print("ValueError", e, type(e.__context__).__name__)


@tag("deco")
def decorated(x):
    print("in decorated", x)
    return x * 2


print(decorated(21))
print(decorated(1))

with suppress(KeyError, IndexError):
    {}["x"]
print("suppressed KeyError")
try:
    with suppress(KeyError):
        [][1]
except IndexError as e:
    print("IndexError", e)


class Res:
    def __init__(self, n):
        self.n = n

    def close(self):
        print("closing", self.n)


with closing(Res(1)) as r:
    print("using", r.n)

with nullcontext(42) as v:
    print("null", v)
with nullcontext() as v:
    print("null", v)


class CM:
    def __init__(self, n):
        self.n = n

    def __enter__(self):
        print("enter", self.n)
        return self.n

    def __exit__(self, *exc):
        print("exit", self.n, exc[0].__name__ if exc[0] else None)
        return False


with ExitStack() as stack:
    vals = [stack.enter_context(CM(i)) for i in range(3)]
    stack.callback(print, "callback", "args", sep="-")
    print("vals", vals)

with ExitStack() as stack:
    stack.enter_context(CM("x"))
    keep = stack.pop_all()
print("popped")
keep.close()

try:
    with ExitStack() as stack:
        stack.enter_context(CM("e"))
        raise ValueError("in stack")
except ValueError as e:
    print("ValueError", e)


class Suppressor:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        print("suppressing", exc[0].__name__)
        return True


with ExitStack() as stack:
    stack.enter_context(Suppressor())
    raise KeyError("gone")
print("stack suppressed")

try:
    with ExitStack() as stack:
        stack.enter_context(object())
except TypeError as e:
    print("TypeError", e)


class mycontext(ContextDecorator):
    def __enter__(self):
        print("Starting")
        return self

    def __exit__(self, *exc):
        print("Finishing")
        return False


@mycontext()
def function():
    print("The bit in the middle")


function()
print(AbstractContextManager.__subclasshook__(CM), AbstractContextManager.__subclasshook__(int))
