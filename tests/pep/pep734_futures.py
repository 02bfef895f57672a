# concurrent.futures.InterpreterPoolExecutor (CPython 3.14's name): calls run in a pool of
# isolated interpreters.
from concurrent.futures import Future, InterpreterPoolExecutor


def square(x):
    return x * x


def total(items, start=0):
    return sum(items, start)


def shape(d):
    return sorted(d), [type(v).__name__ for v in d.values()]


with InterpreterPoolExecutor(2) as ex:
    f = ex.submit(square, 7)
    print(isinstance(f, Future), f.result(), f.done())
    print(list(ex.map(square, range(10))))
    print(ex.submit(total, list(range(100)), start=1).result())
    print(ex.submit(shape, {'a': [1], 'b': {2}, 'c': (3,)}).result())
    g = ex.submit(square, 'x')
    try:
        g.result()
    except Exception as e:
        print(type(e).__name__, e.excinfo.type.__name__, e.excinfo.msg)
    print(g.done(), type(g.exception()).__name__)

ex = InterpreterPoolExecutor(1)
print(ex.submit(square, 3).result())
ex.shutdown()
try:
    ex.submit(square, 1)
except RuntimeError as e:
    print(type(e).__name__, e)
