# Coroutines driven without an event loop.
def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value

async def add(a, b):
    return a + b

async def compute():
    x = await add(1, 2)
    y = await add(x, 10)
    return x * y

print(run(compute()))

c = add(1, 1)
print(type(c).__name__, repr(c).startswith("<coroutine object add at 0x"))
print(c.__name__, c.__qualname__, c.cr_running, c.cr_suspended, c.cr_await)
print(run(c))
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

async def waiter():
    return await ticks_coro()

async def ticks_coro():
    return "no ticks"

print(run(waiter()))

async def not_awaitable():
    await 5

try:
    run(not_awaitable())
except TypeError as e:
    print("TypeError:", e)

async def await_gen():
    def g():
        yield 1
    await g()

try:
    run(await_gen())
except TypeError as e:
    print("TypeError:", e)

# Driving by hand: values a coroutine passes out, send, throw, close.
async def inner():
    return 42

async def chain():
    v = await inner()
    try:
        w = await inner()
    finally:
        print("chain finally")
    return v + w

co = chain()
try:
    co.send(None)
except StopIteration as e:
    print("chain result", e.value)

co = chain()
try:
    co.throw(ValueError("thrown into a fresh coroutine"))
except ValueError as e:
    print("ValueError:", e)
print(co.cr_suspended)

co = chain()
co.close()
try:
    co.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

fresh = add(1, 2)
try:
    fresh.send(5)
except TypeError as e:
    print("TypeError:", e)
fresh.close()

# __await__ gives an iterator over the coroutine.
w = add(3, 4).__await__()
print(type(w).__name__)
try:
    next(w)
except StopIteration as e:
    print("await iterator result", e.value)

# A coroutine awaited twice.
async def twice(c):
    await c
    await c

try:
    run(twice(add(1, 1)))
except RuntimeError as e:
    print("RuntimeError:", e)

# Exceptions cross awaits with tracebacks and chaining.
async def fails():
    raise KeyError("deep")

async def catches():
    try:
        await fails()
    except KeyError as e:
        return "caught " + repr(e)

print(run(catches()))

async def stops():
    raise StopIteration

try:
    run(stops())
except RuntimeError as e:
    print("RuntimeError:", e)

# yield from a coroutine is refused in a plain generator.
pending = add(1, 2)
def plain():
    yield from pending

try:
    next(plain())
except TypeError as e:
    print("TypeError:", e)
pending.close()

# Async generators and async for.
async def agen(n):
    for i in range(n):
        yield i
        await inner()

async def consume():
    out = []
    async for v in agen(4):
        out.append(v)
    else:
        out.append("else")
    return out

print(run(consume()))

async def comprehension():
    return [v * 10 async for v in agen(3)]

print(run(comprehension()))

ag = agen(2)
print(type(ag).__name__, ag.__name__, repr(ag).startswith("<async_generator object agen at 0x"))
print(ag.__aiter__() is ag)

async def manual():
    it = agen(2)
    a = await it.__anext__()
    b = await it.__anext__()
    try:
        await it.__anext__()
    except StopAsyncIteration:
        return (a, b, "exhausted")

print(run(manual()))

async def bad_for():
    async for x in [1, 2]:
        pass

try:
    run(bad_for())
except TypeError as e:
    print("TypeError:", e)

async def bad_with():
    async with pending:
        pass

try:
    run(bad_with())
except TypeError as e:
    print("TypeError:", e)

async def sync_in_async():
    with 5:
        pass

try:
    run(sync_in_async())
except TypeError as e:
    print("TypeError:", e)

async def agen_stop():
    yield 1
    raise StopAsyncIteration

async def consume_stop():
    return [v async for v in agen_stop()]

try:
    run(consume_stop())
except RuntimeError as e:
    print("RuntimeError:", e)


# athrow and aclose.
async def closable():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("agen caught", e)
        yield "recovered"
    finally:
        print("agen finally")

async def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2

async def closing():
    g = closable()
    print(await g.__anext__())
    print(await g.athrow(ValueError("x")))
    a = g.aclose()
    print(type(a).__name__)
    print(await a)
    print(await g.aclose())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("exhausted")
    h = closable()
    print(await h.aclose(), "unstarted close")
    k = closable()
    await k.__anext__()
    try:
        await k.athrow(KeyError("k"))
    except KeyError as e:
        print("propagated", repr(e))
    s = stubborn()
    await s.__anext__()
    try:
        await s.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)
    return "closing done"

print(run(closing()))

async def reuse():
    g = closable()
    a = g.aclose()
    await a
    try:
        await a
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("athrow on a closed generator:", await g.athrow(ValueError))
    g2 = closable()
    n = g2.__anext__()
    await n
    try:
        await n
    except RuntimeError as e:
        print("RuntimeError:", e)
    await g2.aclose()
    h = closable()
    try:
        await h.athrow(ValueError("unstarted"))
    except ValueError as e:
        print("thrown into unstarted:", e)
    try:
        await h.__anext__()
    except StopAsyncIteration:
        print("then exhausted")
    return "reuse done"

print(run(reuse()))
