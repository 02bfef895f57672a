"""Execute computations asynchronously: `Future` and `InterpreterPoolExecutor` (CPython
3.14's names), the executor backed by the runtime's pool of isolated interpreters."""

from ._base import (
    FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED,
    CancelledError, TimeoutError, BrokenExecutor,
    Future, Executor, wait, as_completed,
)
from .interpreter import InterpreterPoolExecutor

__all__ = [
    'FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED',
    'CancelledError', 'TimeoutError', 'BrokenExecutor',
    'Future', 'Executor', 'wait', 'as_completed',
    'InterpreterPoolExecutor',
]
