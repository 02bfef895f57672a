def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "done"

print(list(countdown(3)))
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)

def echo():
    received = yield "ready"
    while True:
        received = yield "got " + str(received)

e = echo()
print(e.send(None), e.send(1), e.send("two"))

def delegate():
    r = yield from countdown(2)
    print("sub returned", r)
    yield from [10, 20]

print(list(delegate()))

def squares(n):
    for i in range(n):
        yield i * i

print(sum(squares(5)), max(squares(4)), list(zip(squares(3), "abc")))

def closing():
    try:
        yield 1
        yield 2
    finally:
        print("closed")

c = closing()
print(next(c))
c.close()
print(list(c))

def thrower():
    try:
        yield 1
    except ValueError as exc:
        yield "handled " + str(exc)

t = thrower()
next(t)
print(t.throw(ValueError("boom")))

def fresh():
    yield 1

try:
    fresh().send(5)
except TypeError as exc:
    print(exc)

def stop_inside():
    raise StopIteration
    yield

try:
    list(stop_inside())
except RuntimeError as exc:
    print("RuntimeError:", exc)

gen = (x * 2 for x in range(3))
print(gen.__next__(), list(gen))
print(type(countdown(1)).__name__)

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

out = []
for v in fib():
    if v > 100:
        break
    out.append(v)
print(out)
