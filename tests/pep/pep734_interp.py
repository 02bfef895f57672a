# concurrent.interpreters (PEP 734, CPython 3.14's names): interpreters, exec, prepare_main.
from concurrent import interpreters
from concurrent.interpreters import (
    ExecutionFailed, InterpreterError, InterpreterNotFoundError, NotShareableError,
)

main = interpreters.get_main()
print(main, main.id, main.whence, main.is_running())
print(interpreters.get_current() is main)

a = interpreters.create()
print(a, a.whence, a.is_running())
print([i.id for i in interpreters.list_all()])
print(interpreters.list_all()[1] is a, interpreters.Interpreter(a.id) is a)
print(hash(a) == hash(a.id))
print(issubclass(ExecutionFailed, InterpreterError), issubclass(InterpreterError, Exception))
print(issubclass(InterpreterNotFoundError, InterpreterError))
print(issubclass(NotShareableError, ValueError))

print(interpreters.is_shareable(1), interpreters.is_shareable('s'),
      interpreters.is_shareable((1, b'x', None)), interpreters.is_shareable([1]),
      interpreters.is_shareable({}))

a.exec('x = 6 * 7')
a.exec('print("in a:", x)')
a.exec('''
def f(n):
    return n * 2
total = 0
for i in range(5):
    total += f(i)
print("total", total)
''')

# Uncaught exceptions come back as ExecutionFailed with a snapshot.
try:
    a.exec('1/0')
except ExecutionFailed as e:
    print(type(e).__name__)
    print(e.excinfo.type.__name__, e.excinfo.type.__module__, repr(e.excinfo.msg))
    print(e.excinfo.formatted)
    print(e)
try:
    a.exec('def g():\n    raise KeyError("k")\ng()')
except ExecutionFailed as e:
    print(e.excinfo.type.__name__, e.excinfo.msg, e.excinfo.formatted)
    print(e.excinfo.errdisplay)
try:
    a.exec('x = 1 +')
except ExecutionFailed as e:
    # (excinfo.msg of a SyntaxError lacks CPython's "(<string>, line 1)" here: not compared)
    print(type(e).__name__, e.excinfo.type.__name__, e.excinfo.errdisplay)
print('still usable:', end=' ')
a.exec('print(x)')

# prepare_main: shareable values, and plain containers that arrive as copies.
a.prepare_main(name='spam', n=3, t=(1, 'x', None))
a.prepare_main({'b': b'bytes'}, f=1.5)
a.exec('print(name, n, t, b, f)')
data = [1, [2, 3], {'k': (4, 5)}]
a.prepare_main(lst=data, st={1, 2}, fs=frozenset({'z'}), d={'a': {'b': [None]}})
a.exec('print(lst, sorted(st), fs, d, type(lst).__name__)')
a.exec('lst.append(99)')
print(data)
try:
    a.prepare_main(x=print)
except NotShareableError as e:
    print(type(e).__name__, e)
try:
    a.prepare_main(x=[1, (2, [print])])
except NotShareableError as e:
    print(type(e).__name__, e)

# Misuse.
try:
    main.exec('1')
except InterpreterError as e:
    print(type(e).__name__, e)
try:
    main.close()
except InterpreterError as e:
    print(type(e).__name__, e)
try:
    interpreters.Interpreter('1')
except TypeError as e:
    print(type(e).__name__, e)
try:
    interpreters.Interpreter(99)
except InterpreterNotFoundError as e:
    print(type(e).__name__, e)

b = interpreters.create()
print(b, [i.id for i in interpreters.list_all()])
a.close()
print([i.id for i in interpreters.list_all()])
try:
    a.exec('1')
except InterpreterNotFoundError as e:
    print(type(e).__name__, e)
b.close()
print([i.id for i in interpreters.list_all()])
