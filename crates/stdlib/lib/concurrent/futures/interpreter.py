"""`InterpreterPoolExecutor`: calls run in a pool of isolated interpreters (the runtime's
pool), the function's code, arguments and return value crossing as in
`Interpreter.call`."""

import os

import interpreters as _native

from concurrent.interpreters import ExecutionFailed
from concurrent.interpreters._crossinterp import ExcInfo
from ._base import Executor, Future


def _failed(excinfo):
    return ExecutionFailed(ExcInfo(*excinfo))


class InterpreterPoolExecutor(Executor):
    """An executor whose workers are isolated interpreters, each on its own thread."""

    def __init__(self, max_workers=None, thread_name_prefix='', initializer=None, initargs=()):
        if max_workers is None:
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None:
            raise NotImplementedError('initializer is not supported')
        self._max_workers = max_workers
        self._pool = _native._pool_new(max_workers)
        self._shutdown = False

    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:
            raise RuntimeError('cannot schedule new futures after shutdown')
        return Future(self._pool.submit(fn, args, kwargs), _failed)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._shutdown = True
        self._pool.shutdown(cancel_futures)
