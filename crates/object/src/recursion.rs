//! The native recursion guard (CPython's `Py_EnterRecursiveCall` / `Py_LeaveRecursiveCall`):
//! one depth counter per OS thread, shared by every recursive path over user data (repr, str,
//! comparison, calls), so that no input can overflow the native stack, whichever of those
//! paths nest into each other.
//!
//! The counter is per OS thread, not per interpreter: what it protects is the thread's stack.
//! The limit is far below CPython's (about 10,000 C levels in 3.13) because it must hold on a
//! 2 MiB stack (the pool's workers) in a debug build, where a repr or comparison level costs a
//! few KiB of stack.

use std::cell::Cell;

use crate::exc::RECURSION_ERROR;
use crate::{PyErr, PyResult};

/// Nesting depth past which a guarded path raises `RecursionError`.
pub(crate) const LIMIT: u32 = 200;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// What the guarded path was doing, as CPython's messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum While {
    /// `repr()` of a container or exception.
    Repr,
    /// `str()` of an exception.
    Str,
    /// `==`, `<`, ... of containers.
    Compare,
    /// Calling a native function.
    Call,
}

impl While {
    fn message(self) -> &'static str {
        match self {
            While::Repr => "maximum recursion depth exceeded while getting the repr of an object",
            While::Str => "maximum recursion depth exceeded while getting the str of an object",
            While::Compare => "maximum recursion depth exceeded in comparison",
            While::Call => "maximum recursion depth exceeded while calling a Python object",
        }
    }
}

/// One level of a guarded path; leaving it (dropping the guard) gives the level back.
#[must_use]
pub(crate) struct Level(());

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Enters one level, or `RecursionError` with `what`'s message when the thread is already
/// [`LIMIT`] levels deep.
pub(crate) fn enter(what: While) -> PyResult<Level> {
    DEPTH.with(|d| {
        let n = d.get();
        if n >= LIMIT {
            return Err(PyErr::new(&RECURSION_ERROR, what.message()));
        }
        d.set(n + 1);
        Ok(Level(()))
    })
}
