"""CPython 3.14's `concurrent.futures.InterpreterPoolExecutor` emulated on CPython 3.13 for
regen.sh: a thread pool whose every worker thread owns one interpreter, calls made with the
shim's `Interpreter.call`."""

import threading
from concurrent.futures import ThreadPoolExecutor

import interpreters313


class InterpreterPoolExecutor(ThreadPoolExecutor):
    def __init__(self, max_workers=None):
        super().__init__(max_workers)
        self._local = threading.local()
        self._interps = []

    def _interp(self):
        interp = getattr(self._local, 'interp', None)
        if interp is None:
            interp = self._local.interp = interpreters313.create()
            self._interps.append(interp)
        return interp

    def submit(self, fn, /, *args, **kwargs):
        return super().submit(lambda: self._interp().call(fn, *args, **kwargs))

    def shutdown(self, wait=True, *, cancel_futures=False):
        super().shutdown(wait, cancel_futures=cancel_futures)
        for interp in self._interps:
            interp.close()
        self._interps = []
