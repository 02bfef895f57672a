"""Cross-interpreter queues: the runtime's native queue objects. Items cross as copies built
in the receiving interpreter (lists, dicts and sets included), without pickle."""

import interpreters as _native

from interpreters import (
    Queue, QueueError, QueueNotFoundError, QueueEmpty, QueueFull,
    ItemInterpreterDestroyed,
)
from ._crossinterp import UNBOUND, UNBOUND_ERROR, UNBOUND_REMOVE

__all__ = [
    'UNBOUND', 'UNBOUND_ERROR', 'UNBOUND_REMOVE',
    'create',
    'Queue',
    'QueueError', 'QueueNotFoundError', 'QueueEmpty', 'QueueFull',
    'ItemInterpreterDestroyed',
]


def create(maxsize=0, *, unbounditems=UNBOUND):
    """Return a new cross-interpreter queue.

    "unbounditems" sets the default for what get() returns for an item whose
    interpreter was destroyed (UNBOUND, UNBOUND_ERROR or UNBOUND_REMOVE).
    """
    return _native.create_queue(maxsize, unbounditems=unbounditems)
