def add(a, b=10, *args, c=5, **kw):
    return a + b + c + sum(args) + sum(kw.values())

print(add(1), add(1, 2), add(1, 2, 3, 4), add(1, c=0), add(1, x=100, y=1000))
print(add(*[1, 2], **{"c": 3}), add(a=7))

def po(a, b, /, c, *, d):
    return (a, b, c, d)

print(po(1, 2, 3, d=4), po(1, 2, c=3, d=4))

def check(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except TypeError as e:
        print("TypeError:", e)

def f2(a, b):
    return a

def f3(a, b=1):
    pass

def kwo(*, k):
    pass

check(f2, 1, 2, 3)
check(f2, 1)
check(f2)
check(f2, 1, 2, x=3)
check(f2, 1, a=3)
check(f3, 1, 2, 3)
check(kwo)
check(kwo, 1)
check(po, 1, 2, 3)
check(po, a=1, b=2, c=3, d=4)
check(lambda: 0, 1)
check(lambda x, y, z: 0)

def outer():
    def inner(x):
        return x + 1
    return inner

print(outer()(1), outer.__name__, outer().__qualname__, add.__defaults__, add.__kwdefaults__)
print(add.__code__.co_argcount, add.__code__.co_varnames)

def deco(fn):
    def wrapper(*a, **k):
        print("calling", fn.__name__)
        return fn(*a, **k)
    return wrapper

@deco
def greet(name):
    return "hello " + name

print(greet("bob"))

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

print(fact(20), fact(30))

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print([fib(i) for i in range(15)], fib(100))

square = lambda v: v * v
print(square(7), (lambda *a: a)(1, 2), (lambda **k: sorted(k))(b=1, a=2))

def defaults_shared(x, acc=[]):
    acc.append(x)
    return acc

defaults_shared(1)
print(defaults_shared(2))
print(callable(add), callable(1), repr(print), type(add))
