"""CPython 3.13's `test.support.interpreters` under CPython 3.14's names
(`concurrent.interpreters`), for regen.sh only: it gives the expected output of the PEP 734
programs. Where 3.13 lacks a 3.14 behaviour the programs use (call with arguments and a return
value, containers crossing to prepare_main), it is emulated with 3.13's pieces: the function's
code crosses marshalled and is rebuilt over the target's __main__, values cross pickled. What
may cross is what subinterp carries: shareable values and plain lists, dicts, sets and
frozensets of them; anything else is NotShareableError with CPython's text."""

import marshal
import pickle

from test.support import interpreters as _i
from test.support.interpreters import queues as _q
from test.support.interpreters import (
    InterpreterError, InterpreterNotFoundError, NotShareableError, ExecutionFailed,
    is_shareable, list_all, get_current, get_main, Interpreter,
)
from test.support.interpreters.queues import Queue as _Queue313, QueueEmpty, QueueFull

__all__ = [
    'get_current', 'get_main', 'create', 'list_all', 'is_shareable',
    'Interpreter',
    'InterpreterError', 'InterpreterNotFoundError', 'ExecutionFailed',
    'NotShareableError',
    'create_queue', 'Queue', 'QueueEmpty', 'QueueFull',
]

_PLAIN = (list, dict, set, frozenset)


def _check(obj):
    """NotShareableError unless `obj` is shareable or a plain container of such values."""
    if type(obj) in _PLAIN or type(obj) is tuple:
        items = obj.items() if type(obj) is dict else obj
        for item in items:
            if type(obj) is dict:
                _check(item[0])
                _check(item[1])
            else:
                _check(item)
        return
    if isinstance(obj, _Queue313) or is_shareable(obj):
        return
    raise NotShareableError(f'{obj} does not support cross-interpreter data')


_put313, _put_nowait313, _get313 = _Queue313.put, _Queue313.put_nowait, _Queue313.get


def _put(self, obj, block=True, timeout=None, *, unbounditems=None):
    _check(obj)
    if not block:
        return self.put_nowait(obj, unbounditems=unbounditems)
    return _put313(self, obj, timeout, unbound=unbounditems)


def _put_nowait(self, obj, *, unbounditems=None):
    _check(obj)
    return _put_nowait313(self, obj, unbound=unbounditems)


def _get(self, block=True, timeout=None):
    if not block:
        return self.get_nowait()
    return _get313(self, timeout)


# 3.14's `put`/`get` signatures on 3.13's queue (patched, not subclassed: only the exact
# class is shareable).
Queue = _Queue313
Queue.put, Queue.put_nowait, Queue.get = _put, _put_nowait, _get


def create_queue(maxsize=0, *, unbounditems=_q.UNBOUND):
    fmt = _q._PICKLED
    unbound = _q._serialize_unbound(unbounditems)
    unboundop, = unbound
    qid = _q._queues.create(maxsize, fmt, unboundop)
    return Queue(qid, _fmt=fmt, _unbound=unbound)


class _Queues:
    UNBOUND = _q.UNBOUND
    UNBOUND_ERROR = _q.UNBOUND_ERROR
    UNBOUND_REMOVE = _q.UNBOUND_REMOVE
    ItemInterpreterDestroyed = _q.ItemInterpreterDestroyed
    QueueError = _q.QueueError
    QueueNotFoundError = _q.QueueNotFoundError
    QueueEmpty = QueueEmpty
    QueueFull = QueueFull
    Queue = Queue
    create = staticmethod(create_queue)


_queues = _Queues


def create():
    interp = _i.create()
    # A 3.13 interpreter must import the queues module before a queue can reach it.
    interp.exec('import test.support.interpreters.queues')
    return interp


_RUN = '''
def _shim_run():
    import marshal, pickle, types
    code, name, qualname, defaults, kwdefaults, closure, args, kwargs = pickle.loads(_shim_payload)
    cells = None if closure is None else tuple(types.CellType(v) for v in closure)
    f = types.FunctionType(marshal.loads(code), globals(), name, defaults, cells)
    f.__kwdefaults__ = kwdefaults
    f.__qualname__ = qualname
    return f(*args, **kwargs)
_shim_q.put(_shim_run())
del _shim_run, _shim_payload, _shim_q
'''


def _prepare_main(self, ns=None, /, **kwargs):
    ns = dict(ns, **kwargs) if ns is not None else kwargs
    plain = {}
    for name, value in ns.items():
        _check(value)
        if is_shareable(value) or isinstance(value, _Queue313):
            plain[name] = value
        else:
            self.exec(f'import pickle; {name} = pickle.loads({pickle.dumps(value)!r})')
    if plain:
        _Interpreter_prepare_main(self, plain)


def _call(self, f, /, *args, **kwargs):
    closure = None
    if f.__closure__ is not None:
        closure = []
        for name, cell in zip(f.__code__.co_freevars, f.__closure__):
            value = cell.cell_contents
            try:
                _check(value)
            except NotShareableError as e:
                raise NotShareableError(
                    f"{e} (closure variable '{name}' of function '{f.__qualname__}')") from None
            closure.append(value)
    for value in (f.__defaults__, f.__kwdefaults__, args, kwargs):
        _check(value)
    payload = pickle.dumps((marshal.dumps(f.__code__), f.__name__, f.__qualname__,
                            f.__defaults__, f.__kwdefaults__, closure, args, kwargs))
    q = create_queue()
    _Interpreter_prepare_main(self, _shim_payload=payload, _shim_q=q)
    self.exec(_RUN)
    result = q.get()
    _check(result)
    return result


def _call_in_thread(self, f, /, *args, **kwargs):
    import threading
    t = threading.Thread(target=lambda: _call(self, f, *args, **kwargs))
    t.start()
    return t


_Interpreter_prepare_main = Interpreter.prepare_main
Interpreter.prepare_main = _prepare_main
Interpreter.call = _call
Interpreter.call_in_thread = _call_in_thread
