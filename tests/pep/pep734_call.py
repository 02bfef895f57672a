# Interpreter.call: a function of the caller runs in another interpreter (3.14's names).
from concurrent import interpreters
from concurrent.interpreters import ExecutionFailed, NotShareableError


def add(a, b=10, *, c=100):
    return a + b + c


def describe(items, **kw):
    return {'n': len(items), 'sum': sum(items), 'kw': sorted(kw), 'kind': type(items).__name__}


def fails(x):
    return {'k': 1}[x]


def where():
    import sys
    return __name__, 'main_value' in globals()


interp = interpreters.create()
print(interp.call(add, 1))
print(interp.call(add, 1, 2))
print(interp.call(add, 1, 2, c=3))
print(interp.call(describe, [1, 2, 3], x=1, y=[2]))
print(interp.call(describe, list(range(100))))
print(interp.call(lambda: [1, {'a': (2, 3)}, {4}]))
interp.prepare_main(main_value=1)
print(interp.call(where))

scale = 3
offsets = [1, 2]


def make_closure():
    factor = 7
    data = {'w': [5]}

    def inner(x):
        return x * factor + data['w'][0]
    return inner


print(interp.call(make_closure(), 2))

try:
    interp.call(fails, 'missing')
except ExecutionFailed as e:
    print(type(e).__name__, e.excinfo.type.__name__, e.excinfo.msg, e.excinfo.formatted)


def unshareable_closure():
    p = print

    def uses_p():
        return p
    return uses_p


try:
    interp.call(unshareable_closure())
except NotShareableError as e:
    print(type(e).__name__, e)
try:
    interp.call(add, print)
except NotShareableError as e:
    print(type(e).__name__, e)
try:
    interp.call(lambda: print)
except NotShareableError as e:
    print(type(e).__name__, e)
except ExecutionFailed as e:
    print('ExecutionFailed', e.excinfo.type.__name__)

q = interpreters.create_queue()


def producer(q, n):
    for i in range(n):
        q.put([i, i * i])
    return 'done'


t = interp.call_in_thread(producer, q, 3)
t.join()
print([q.get() for _ in range(3)])
interp.close()
