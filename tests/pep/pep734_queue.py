# concurrent.interpreters queues (PEP 734, CPython 3.14's names).
from concurrent import interpreters
from concurrent.interpreters import _queues, NotShareableError, QueueEmpty, QueueFull

q = interpreters.create_queue()
print(q, q.maxsize, q.empty(), q.qsize())
print(isinstance(q, interpreters.Queue), issubclass(QueueEmpty, _queues.QueueError))
q.put(1)
q.put([1, 2, 3])
q.put({'a': [1], 'b': (2, {3})})
q.put_nowait(('t', frozenset({1})))
print(q.qsize(), q.empty())
print(q.get(), q.get(), q.get(), q.get_nowait())
try:
    q.get_nowait()
except QueueEmpty as e:
    print(type(e).__name__, e)
try:
    q.get(timeout=0)
except QueueEmpty as e:
    print(type(e).__name__, e)
try:
    q.get(block=False)
except QueueEmpty as e:
    print(type(e).__name__, e)
try:
    q.put(print)
except NotShareableError as e:
    print(type(e).__name__, e)
try:
    q.put({'k': [print]})
except NotShareableError as e:
    print(type(e).__name__, e)
print(q.qsize())

bounded = interpreters.create_queue(2)
print(bounded.maxsize)
bounded.put('x')
bounded.put('y', timeout=1)
print(bounded.full(), bounded.qsize())
try:
    bounded.put_nowait('z')
except QueueFull as e:
    print(type(e).__name__, e)
try:
    bounded.put('z', block=False)
except QueueFull as e:
    print(type(e).__name__, e)
print(bounded.get(), bounded.get(), bounded.empty())

# Between interpreters.
a = interpreters.create()
a.prepare_main(q=q, n=3)
a.exec('q.put(["from a", n, {"nested": [1.5, None]}])')
print(q.get())
items = list(range(100))
q.put(items)
a.exec('got = q.get(); print("a got", len(got), sum(got), type(got).__name__)')
q.put({'to': 'a'})
a.exec('print("a got", q.get())')

# Items of an interpreter that is closed before they are taken.
a.exec('q.put(1); q.put(2)')
a.close()
print(q.qsize())
got = q.get()
print(got is _queues.UNBOUND, q.get() is _queues.UNBOUND, q.empty())
