def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc

c = counter()
c(); c()
print(c(), counter()())

def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]

print([f(10) for f in make_adders()])

def late():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]

print(late())

total = 0
def add_global(v):
    global total
    total += v

add_global(5)
add_global(6)
print(total)

def nested():
    x = "outer"
    def mid():
        def inner():
            return x
        return inner()
    return mid()

print(nested())

def cell_contents():
    y = 42
    def g():
        return y
    return g.__closure__[0].cell_contents

print(cell_contents())

def unbound():
    def g():
        return z
    try:
        g()
    except NameError as e:
        print("NameError:", e)
    z = 1

unbound()

def local_before():
    try:
        print(q)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    q = 2

local_before()
squares = {k: k * k for k in range(4)}
evens = [x for x in range(10) if x % 2 == 0]
pairs = [(a, b) for a in range(3) for b in range(a)]
print(squares, evens, pairs)
print(sum(x * x for x in range(5)), list(x for x in "ab"))
if (n := len(evens)) > 3:
    print("walrus", n)
print([y for x in range(5) if (y := x * 2) > 4])
