# A generator keeps its own handled exception across yields.
def handler():
    try:
        raise KeyError("k")
    except KeyError:
        yield 1
        try:
            raise ValueError("inner")
        except ValueError as e:
            print("context inside:", repr(e.__context__))
        yield 2
        raise

g = handler()
print(next(g))
try:
    raise TypeError("caller")
except TypeError as e:
    print("caller context:", e.__context__)
print(next(g))
try:
    next(g)
except KeyError as e:
    print("re-raised in generator:", repr(e))

# A generator handling nothing sees its caller's exception as context.
def plain():
    yield 1
    raise IndexError("from gen")

p = plain()
next(p)
try:
    raise OSError("outer")
except OSError:
    try:
        next(p)
    except IndexError as e:
        print("context from caller:", repr(e.__context__))

# A bare raise inside a generator with nothing handled.
def bare():
    yield 1
    raise

b = bare()
next(b)
try:
    raise ZeroDivisionError("handled by caller")
except ZeroDivisionError:
    try:
        next(b)
    except ZeroDivisionError as e:
        print("bare raise sees caller's:", e)

# An exception propagating out of a delegate keeps its own context.
def inner():
    try:
        raise KeyError("a")
    except KeyError:
        yield "in"
        raise ValueError("b")

def outer():
    try:
        raise TypeError("t")
    except TypeError:
        yield from inner()

o = outer()
print(next(o))
try:
    next(o)
except ValueError as e:
    print("delegate context:", repr(e.__context__))

# throw and close are delegated to a yield from sub-generator.
def sub():
    try:
        yield "sub 1"
        yield "sub 2"
    except ValueError as e:
        print("sub caught", e)
        yield "sub recovered"
    finally:
        print("sub finally")
    return "sub result"

def main():
    r = yield from sub()
    print("main got", r)
    yield "main done"

m = main()
print(next(m))
print(m.throw(ValueError("x")))
print(next(m))
print(list(m))

m = main()
next(m)
m.close()
print("closed main")

def sub2():
    yield 1
    return 7

def main2():
    try:
        r = yield from sub2()
        yield r
    except KeyError:
        yield "main2 caught"

m = main2()
next(m)
print(m.throw(KeyError("y")))

# Closing a delegate that refuses.
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("ignoring exit")
    yield 2

def wrap():
    yield from stubborn()

w = wrap()
next(w)
try:
    w.close()
except RuntimeError as e:
    print("RuntimeError:", e)

# close() returns the return value (3.13).
def returns_on_close():
    try:
        yield 1
    except GeneratorExit:
        return "bye"

r = returns_on_close()
next(r)
print("close returned", r.close())
print("close again", r.close())

# A generator dropped while suspended is closed: its finally and with exits run.
def dropped():
    try:
        yield 1
        yield 2
    finally:
        print("dropped generator finally")

d = dropped()
next(d)
del d
print("after del")

for v in dropped():
    break
print("after break")

def nested_drop():
    try:
        yield from dropped()
    finally:
        print("outer finally")

n = nested_drop()
next(n)
n = None
print("after rebinding")

def consume():
    g = dropped()
    next(g)
    return "returned"

print(consume())

# Unstarted generators are not run when dropped.
def never():
    print("never runs")
    yield

never()
print("unstarted dropped")

# gi_running and re-entry.
def reenter():
    yield me.gi_running
    next(me)

me = reenter()
print(next(me))
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)

def attrs():
    yield 1

a = attrs()
print(a.__name__, a.__qualname__, a.gi_running, a.gi_suspended, a.gi_yieldfrom)
next(a)
print(a.gi_suspended)

def outer_attrs():
    yield from a2

a2 = attrs()
oa = outer_attrs()
next(oa)
print(oa.gi_yieldfrom is a2)

def f():
    def local():
        yield
    return local()

print(f().__qualname__)

# PEP 479 in generator expressions.
def stopper(x):
    raise StopIteration("stop")

try:
    list(stopper(x) for x in range(3))
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))

it = iter([])
try:
    print(list(next(it) for _ in range(2)))
except RuntimeError as e:
    print("RuntimeError:", e)

def gen_returns():
    return 5
    yield

try:
    next(gen_returns())
except StopIteration as e:
    print("StopIteration value", e.value)

# throw into a just-started generator, and the throw signature.
def fresh():
    print("never")
    yield 1

fg = fresh()
try:
    fg.throw(ValueError("early"))
except ValueError as e:
    print("thrown early:", e)
print(list(fg))

g = fresh()
try:
    g.throw(3)
except TypeError as e:
    print("TypeError:", e)

def catcher():
    try:
        yield
    except Exception as e:
        yield type(e).__name__ + ": " + str(e)

c = catcher()
next(c)
print(c.throw(KeyError))

# StopIteration thrown into a generator that never ran passes through unchanged.
try:
    fresh().throw(StopIteration)
except BaseException as e:
    print(type(e).__name__, "from a fresh generator")
