def gen(n):
    for i in range(n):
        received = yield i
        if received:
            yield from other(received)
    return n


async def coro(session):
    async with session as s:
        data = await s.get()
    async for item in s:
        print(item)
    return [x async for x in s]


async def agen():
    yield 1
