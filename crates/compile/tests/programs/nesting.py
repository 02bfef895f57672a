def mixed(items):
    result = []
    for item in items:
        try:
            with ctx(item) as c:
                for sub in c:
                    try:
                        if sub:
                            continue
                        result.append(sub)
                    except ValueError:
                        break
                    finally:
                        result.append(None)
                else:
                    return result
        except (KeyError, IndexError) as e:
            if e:
                return None
            continue
        finally:
            while False:
                break
    return [r for r in result if r]


def gen_with_finally():
    try:
        yield 1
        return 2
    finally:
        print("closing")


async def nested_async(xs):
    async with a() as x, b() as y:
        async for z in xs:
            try:
                await z
            except Exception:
                return x
    return y
