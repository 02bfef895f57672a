"""Common code between the queues and the interpreters: the unbound-item markers and the
snapshot of an exception that escaped another interpreter (``excinfo``)."""

import interpreters as _native

from interpreters import UNBOUND, UNBOUND_ERROR, UNBOUND_REMOVE, ItemInterpreterDestroyed

__all__ = [
    'UNBOUND', 'UNBOUND_ERROR', 'UNBOUND_REMOVE', 'ItemInterpreterDestroyed',
    'ExcType', 'ExcInfo',
]


class ExcType:
    """The type of an exception raised in another interpreter, by name only."""

    def __init__(self, name, qualname, module):
        self.__name__ = name
        self.__qualname__ = qualname
        self.__module__ = module

    def __repr__(self):
        return (f'namespace(__name__={self.__name__!r}, '
                f'__qualname__={self.__qualname__!r}, __module__={self.__module__!r})')


class ExcInfo:
    """A snapshot of an uncaught exception of another interpreter: its type, message,
    formatted ``Type: message`` line and traceback display."""

    def __init__(self, name, qualname, module, msg, formatted, errdisplay):
        self.type = ExcType(name, qualname, module)
        self.msg = msg
        self.formatted = formatted
        self.errdisplay = errdisplay

    def __repr__(self):
        return (f'namespace(type={self.type!r}, msg={self.msg!r}, '
                f'formatted={self.formatted!r}, errdisplay={self.errdisplay!r})')
