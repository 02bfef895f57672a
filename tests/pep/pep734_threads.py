# Interpreter.call_in_thread, and an interpreter that cannot be closed while a call runs in it.
from concurrent import interpreters
from concurrent.interpreters import ExecutionFailed, InterpreterError

a = interpreters.create()
q = interpreters.create_queue()
r = interpreters.create_queue()


def waiter(q, r):
    r.put('waiting')
    return q.get()


t = a.call_in_thread(waiter, q, r)
print(r.get(timeout=5))
print(a.is_running(), t.is_alive())
try:
    a.close()
except InterpreterError as e:
    print(type(e).__name__, e)
q.put([1])
t.join()
print(t.is_alive(), a.is_running())


def uses_global():
    return q


try:
    a.call(uses_global)
except ExecutionFailed as e:
    print(type(e).__name__, e.excinfo.formatted)
a.close()
print([i.id for i in interpreters.list_all()])
