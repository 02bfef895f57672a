"""`Future`, `Executor`, `wait` and `as_completed` over the runtime's pool tasks."""

import time as _time

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'

_PENDING = 'PENDING'
_RUNNING = 'RUNNING'
_FINISHED = 'FINISHED'


class Error(Exception):
    """Base class for all future-related exceptions."""


class CancelledError(Error):
    """The Future was cancelled."""


TimeoutError = TimeoutError


class BrokenExecutor(RuntimeError):
    """Raised when a executor has become non-functional after a severe failure."""


class Future:
    """The result of a call run by an executor.

    A future made by an InterpreterPoolExecutor holds the runtime's task: result() waits
    for it without holding the GIL.
    """

    def __init__(self, task=None, failed=None):
        self._task = task
        self._failed = failed
        self._state = _PENDING if task is not None else _FINISHED
        self._result = None
        self._exception = None
        self._callbacks = []

    def __repr__(self):
        self._poll()
        if self._state == _FINISHED:
            if self._exception is not None:
                return (f'<{type(self).__name__} at {id(self):#x} state=finished '
                        f'raised {type(self._exception).__name__}>')
            return (f'<{type(self).__name__} at {id(self):#x} state=finished '
                    f'returned {type(self._result).__name__}>')
        return f'<{type(self).__name__} at {id(self):#x} state={self._state.lower()}>'

    def _poll(self):
        if self._state != _FINISHED and self._task.done():
            self._settle(None)

    def _settle(self, timeout):
        if self._state == _FINISHED:
            return
        ok, value = self._task.result(timeout)
        if ok:
            self._result = value
        else:
            self._exception = self._failed(value)
        self._state = _FINISHED
        callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            fn(self)

    def cancel(self):
        """A call already queued on the pool cannot be taken back: False."""
        return False

    def cancelled(self):
        return False

    def running(self):
        self._poll()
        return self._state != _FINISHED

    def done(self):
        self._poll()
        return self._state == _FINISHED

    def add_done_callback(self, fn):
        self._poll()
        if self._state == _FINISHED:
            fn(self)
        else:
            self._callbacks.append(fn)

    def result(self, timeout=None):
        """The call's return value; its ExecutionFailed if it raised."""
        self._settle(timeout)
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self, timeout=None):
        self._settle(timeout)
        return self._exception


class Executor:
    """An abstract class of executors."""

    def submit(self, fn, /, *args, **kwargs):
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """Returns an iterator equivalent to map(fn, iter), the calls made by the executor."""
        end_time = None if timeout is None else timeout + _time.monotonic()
        fs = [self.submit(fn, *args) for args in zip(*iterables)]

        def result_iterator():
            for f in fs:
                if end_time is None:
                    yield f.result()
                else:
                    yield f.result(end_time - _time.monotonic())
        return result_iterator()

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    """Waits for the futures; returns (done, not_done) sets."""
    fs = set(fs)
    if return_when == ALL_COMPLETED or timeout is None:
        for f in fs:
            f.exception(timeout)
        return set(fs), set()
    done = {f for f in fs if f.done()}
    return done, fs - done


def as_completed(fs, timeout=None):
    """The futures in the order they were given, each once it is done."""
    for f in list(fs):
        f.exception(timeout)
        yield f
