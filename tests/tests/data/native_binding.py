# Calls of native functions with wrong arguments (tests/tests/native_binding.rs). Run by
# CPython 3.13 with `from test.support import interpreters` prepended for the expected output:
#   (echo "from test.support import interpreters"; cat native_binding.py) | python3.13 - > native_binding.out
# (Too many arguments to `Queue.put`/`get` are left out: 3.14, which the runtime follows, added
# their `block` parameter, so the counts in the text differ from 3.13's.)
import sys, _imp, importlib, _thread
def t(f, *a, **k):
    try:
        f(*a, **k)
    except TypeError as e:
        print(e)
t(interpreters.create, 1, 2, 3)
t(interpreters.create, x=1)
t(interpreters.get_current, 1)
t(interpreters.get_main, 1)
t(interpreters.list_all, x=1)
q = interpreters.create_queue()
t(q.empty, 1)
t(q.full, 1)
t(q.qsize, x=1)
t(q.put)
t(q.put_nowait)
t(q.get_nowait, 1)
i = interpreters.get_current()
t(i.is_running, 1)
t(i.close, 1)
t(sys.getswitchinterval, 1)
t(sys.getswitchinterval, x=1)
t(sys.setswitchinterval, 1, 2)
t(sys.setswitchinterval, interval=1)
t(sys.exit, x=1)
t(_imp.is_builtin)
t(_imp.is_builtin, 'a', 'b')
t(_imp.is_builtin, name='a')
t(_imp.is_frozen, 1)
t(importlib.import_module)
t(importlib.reload)
t(_thread.interrupt_main, x=1)
print(sys.getswitchinterval)
print(_imp.is_builtin)
