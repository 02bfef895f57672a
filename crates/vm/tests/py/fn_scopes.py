# Closures, cells, global, nonlocal, decorators, lambdas.
def counter():
    n = 0

    def inc(by=1):
        nonlocal n
        n += by
        return n

    return inc


c1, c2 = counter(), counter()
print(c1(), c1(), c1(5), c2())
print(c1.__closure__ is not None, len(c1.__closure__), c1.__closure__[0].cell_contents)
print(counter.__closure__)

g = 1


def set_global():
    global g, fresh
    g = g + 1
    fresh = "made"


set_global()
print(g, fresh)


def read_global():
    return g * 10


print(read_global())


def shadow():
    g = 99
    return g


print(shadow(), g)


def unbound_local():
    print(g)
    g = 2


try:
    unbound_local()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


def free_unbound():
    def inner():
        return v

    try:
        inner()
    except NameError as e:
        print(type(e).__name__ + ":", e)
    v = 1
    return inner()


print(free_unbound())
try:
    undefined_name
except NameError as e:
    print("NameError:", e)


def deleted_local():
    x = 1
    del x
    try:
        x
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)


deleted_local()
fns = [lambda: i for i in range(3)]
print([f() for f in fns])
fns = [lambda i=i: i for i in range(3)]
print([f() for f in fns])


def make_adders():
    return [lambda x, k=k: x + k for k in (10, 20)]


print([a(1) for a in make_adders()])


def three_levels():
    a = 1

    def mid():
        b = 2

        def inner():
            nonlocal a
            a += b
            return a

        return inner

    f = mid()
    f()
    return f(), a


print(three_levels())


def trace(fn):
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(args)
        return fn(*args, **kwargs)

    return wrapper, calls


def base(x, y=2):
    return x**y


wrapped, log = trace(base)
print(wrapped(3), wrapped(2, y=5), log)


def deco_with_args(n):
    def deco(fn):
        def w(*a):
            return [fn(*a) for _ in range(n)]

        return w

    return deco


@deco_with_args(3)
def hello(name):
    return "hi " + name


print(hello("ann"))
print((lambda *a, **k: (a, sorted(k)))(1, 2, z=3, a=4))
print((lambda x: (lambda y: x + y))(1)(2))
compose = lambda f, g: lambda x: f(g(x))
print(compose(str, abs)(-5) + "!")
x = 5
print([x for x in range(3)], x)
print((y := 10), y)


def walrus_scope():
    data = [1, 2, 3]
    if any((hit := v) > 1 for v in data):
        return hit


print(walrus_scope())
