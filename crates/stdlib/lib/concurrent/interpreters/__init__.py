"""Subinterpreters High Level Module (PEP 734), over the runtime's native `interpreters`."""

import interpreters as _native

from interpreters import (
    InterpreterError, InterpreterNotFoundError, NotShareableError,
    is_shareable,
)
from ._crossinterp import ExcInfo as _ExcInfo
from ._queues import (
    create as create_queue,
    Queue, QueueEmpty, QueueFull,
)

__all__ = [
    'get_current', 'get_main', 'create', 'list_all', 'is_shareable',
    'Interpreter',
    'InterpreterError', 'InterpreterNotFoundError', 'ExecutionFailed',
    'NotShareableError',
    'create_queue', 'Queue', 'QueueEmpty', 'QueueFull',
]


_EXEC_FAILURE_STR = """
{superstr}

Uncaught in the interpreter:

{formatted}
""".strip()


class ExecutionFailed(InterpreterError):
    """An unhandled exception happened during execution.

    This is raised from Interpreter.exec() and Interpreter.call().
    """

    def __init__(self, excinfo):
        msg = excinfo.formatted
        if not msg:
            if excinfo.type and excinfo.msg:
                msg = f'{excinfo.type.__name__}: {excinfo.msg}'
            else:
                msg = excinfo.type.__name__ or excinfo.msg
        super().__init__(msg)
        self.excinfo = excinfo

    def __str__(self):
        formatted = self.excinfo.errdisplay
        if formatted is None:
            return super().__str__()
        return _EXEC_FAILURE_STR.format(
            superstr=super().__str__(),
            formatted=formatted,
        )


def _failed(excinfo):
    return ExecutionFailed(_ExcInfo(*excinfo))


def create():
    """Return a new (idle) Python interpreter."""
    return _wrap(_native.create())


def list_all():
    """Return all existing interpreters."""
    return [_wrap(h) for h in _native._list_all()]


def get_current():
    """Return the currently running interpreter."""
    return _wrap(_native.get_current())


def get_main():
    """Return the main interpreter."""
    return _wrap(_native.get_main())


# One Interpreter object per interpreter id (CPython keeps them in a WeakValueDictionary).
_known = {}


def _wrap(handle):
    id = handle.id
    try:
        return _known[id]
    except KeyError:
        pass
    self = object.__new__(Interpreter)
    self._h = handle
    self._id = id
    _known[id] = self
    return self


class Interpreter:
    """A single Python interpreter.

    Attributes:

    "id" - the unique process-global ID number for the interpreter
    "whence" - indicates where the interpreter was created

    If the interpreter wasn't created by this module
    then any method that modifies the interpreter will fail,
    i.e. .close(), .prepare_main(), .exec(), and .call()
    """

    def __new__(cls, id, /):
        # There is only one instance for any given ID.
        if not isinstance(id, int):
            raise TypeError(f'id must be an int, got {id!r}')
        id = int(id)
        try:
            return _known[id]
        except KeyError:
            pass
        for handle in _native._list_all():
            if handle.id == id:
                return _wrap(handle)
        raise InterpreterNotFoundError(f'unrecognized interpreter ID {id}')

    def __repr__(self):
        return f'{type(self).__name__}({self.id})'

    def __hash__(self):
        return hash(self._id)

    @property
    def id(self):
        return self._id

    @property
    def whence(self):
        return self._h.whence

    def is_running(self):
        """Return whether or not the identified interpreter is running."""
        return self._h.is_running()

    # Everything past here is available only to interpreters created by
    # interpreters.create().

    def close(self):
        """Finalize and destroy the interpreter.

        Attempting to destroy the current interpreter results
        in an InterpreterError.
        """
        self._h.close()
        _known.pop(self._id, None)

    def prepare_main(self, ns=None, /, **kwargs):
        """Bind the given values into the interpreter's __main__.

        The values must be shareable, or lists, dicts and sets of such values
        (which arrive as copies).
        """
        ns = dict(ns, **kwargs) if ns is not None else kwargs
        _native._prepare_main(self._h, ns)

    def exec(self, code, /):
        """Run the given source code in the interpreter.

        This is essentially the same as calling the builtin "exec"
        with this interpreter, using the __dict__ of its __main__
        module as both globals and locals.

        There is no return value.

        If the code raises an unhandled exception then an ExecutionFailed
        exception is raised, which summarizes the unhandled exception.
        The actual exception is discarded because objects cannot be
        shared between interpreters.

        This blocks the current Python thread until done.  During
        that time, the previous interpreter is allowed to run
        in other threads.
        """
        excinfo = _native._exec(self._h, code)
        if excinfo is not None:
            raise _failed(excinfo)

    def call(self, callable, /, *args, **kwargs):
        """Call the object in the interpreter with given args/kwargs.

        The function's code, defaults and closure values are sent to the
        interpreter (its globals there are that interpreter's __main__),
        the arguments and the return value cross as copies.

        If the callable raises an exception then the error display
        (including full traceback) is sent back between the interpreters
        and an ExecutionFailed exception is raised, much like what
        happens with Interpreter.exec().
        """
        ok, result = _native._call(self._h, callable, args, kwargs)
        if not ok:
            raise _failed(result)
        return result

    def call_in_thread(self, callable, /, *args, **kwargs):
        """Return a new thread that calls the object in the interpreter.

        The return value and any raised exception are discarded.
        """
        return _native._call_in_thread(self._h, callable, args, kwargs)
