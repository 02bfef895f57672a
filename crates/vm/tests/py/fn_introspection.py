# Function attributes and code objects.
def plain(a, b=1, *args, c, d=4, **kw):
    x = a
    return x


def outer():
    def inner(y):
        return y

    return inner


lam = lambda q, r=2: q

print(plain.__name__, plain.__qualname__)
print(plain.__defaults__, plain.__kwdefaults__)
print(outer.__defaults__, outer.__kwdefaults__)
print(outer().__name__, outer().__qualname__)
print(lam.__name__, lam.__qualname__, lam.__defaults__)
print(plain.__module__)
c = plain.__code__
print(c.co_name, c.co_argcount, c.co_kwonlyargcount, c.co_posonlyargcount)
print(c.co_varnames)
print(c.co_filename.endswith("fn_introspection.py"), c.co_firstlineno)
print(outer().__code__.co_name, outer().__code__.co_firstlineno, outer().__code__.co_argcount)
print(lam.__code__.co_name, lam.__code__.co_varnames, lam.__code__.co_firstlineno)
print(outer.__code__.co_varnames, outer.__code__.co_qualname, outer().__code__.co_qualname)


def posonly(a, b, /, c):
    pass


print(posonly.__code__.co_posonlyargcount, posonly.__code__.co_argcount)


print(repr(plain).startswith("<function plain at 0x"))
print(repr(outer()).startswith("<function outer.<locals>.inner at 0x"))
print(type(plain).__name__, type(plain.__code__).__name__)
print(callable(plain), callable(lam), callable(plain.__code__))


def deco(tag):
    def wrap(fn):
        def inner(*a, **k):
            return (tag, fn.__name__, fn(*a, **k))

        return inner

    return wrap


@deco("t1")
@deco("t2")
def decorated(x):
    return x * 2


print(decorated(5), decorated.__name__, decorated.__qualname__)


def gen():
    yield 1


print(gen.__name__, gen.__code__.co_name)
print(plain.__defaults__ is plain.__defaults__)
try:
    plain.nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    plain.__code__.nope
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(plain, "__name__"), hasattr(plain, "nope"))
print(getattr(plain, "nope", "dflt"))
# `__code__` is the one code object the function was made from: every access gives it, and
# two functions made by one `def` share it.
print(plain.__code__ is plain.__code__, outer().__code__ is outer().__code__)
