//! The native recursion guard (CPython's `Py_EnterRecursiveCall` / `Py_LeaveRecursiveCall`):
//! one depth counter per OS thread, shared by every recursive path over user data (repr, str,
//! comparison, calls), so that no input can overflow the native stack, whichever of those
//! paths nest into each other.
//!
//! Two bounds, whichever comes first: the depth ([`LIMIT`], CPython 3.13's C recursion limit,
//! `Py_C_RECURSION_LIMIT`), and the room left on the thread's stack ([`STACK_MARGIN`]): a
//! thread with a small stack (a pool worker has 2 MiB; a debug build's frames are large) is
//! refused before it overflows rather than at a depth it cannot reach. The counter is per OS
//! thread, not per interpreter: what it protects is the thread's stack. Code that re-enters
//! the eval loop keeps its own, tighter bounds (the runtime's `sys.getrecursionlimit()`
//! and a wider margin), so that path fails with its own text first.

use std::cell::Cell;

use crate::exc::RECURSION_ERROR;
use crate::{PyErr, PyResult};

/// Nesting depth past which a guarded path raises `RecursionError` (CPython 3.13's
/// `Py_C_RECURSION_LIMIT`).
pub(crate) const LIMIT: u32 = 10_000;

/// Stack room a guarded path keeps free: one more level of object code needs a few KiB (a
/// debug build's repr and comparison frames), so this is a wide margin; it is below the
/// margin of the runtime's re-entry guard, whose levels are far larger.
pub(crate) const STACK_MARGIN: usize = 128 * 1024;

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
        let _ = DEPTH.try_with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// One level of a native function calling an object (CPython's `cfunction_call` guard), for
/// the eval loop's calls from native code: `RecursionError: maximum recursion depth exceeded
/// while calling a Python object` past 10,000 levels (CPython 3.13's `Py_C_RECURSION_LIMIT`)
/// or near the stack's end. The level is given back when the guard drops.
pub fn enter_native_call() -> PyResult<impl Drop> {
    enter(While::Call)
}

/// Enters one level, or `RecursionError` with `what`'s message when the thread is already
/// [`LIMIT`] levels deep or has less than [`STACK_MARGIN`] of stack left.
pub(crate) fn enter(what: While) -> PyResult<Level> {
    let n = DEPTH.try_with(Cell::get).unwrap_or(0);
    if n >= LIMIT || stack_room().is_some_and(|room| room < STACK_MARGIN) {
        return Err(PyErr::new(&RECURSION_ERROR, what.message()));
    }
    let _ = DEPTH.try_with(|d| d.set(n + 1));
    Ok(Level(()))
}

/// The stack left below the caller's frame (stacks grow down on every target this builds
/// for), or `None` when the stack's bounds cannot be known. For code that must refuse to go
/// deeper before it overflows the stack (the recursion guards). `stacker` answers: it knows
/// the thread's own stack and the segments the eval loop continues on when a re-entry runs
/// low (measuring from the thread's stack bounds there would be meaningless).
pub fn stack_room() -> Option<usize> {
    stacker::remaining_stack()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_depth_is_bounded_and_released() {
        // Levels held in a loop use no stack: the depth is what refuses.
        let mut levels = Vec::new();
        let err = loop {
            match enter(While::Repr) {
                Ok(l) => levels.push(l),
                Err(e) => break e,
            }
        };
        assert_eq!(levels.len(), LIMIT as usize);
        assert_eq!(
            err.to_string(),
            "RecursionError: maximum recursion depth exceeded while getting the repr of an object"
        );
        levels.clear();
        assert!(enter(While::Repr).is_ok());
    }

    #[test]
    fn this_threads_stack_is_found() {
        let room = stack_room().expect("known on this platform");
        assert!(room > STACK_MARGIN && room < 1 << 30, "{room}");
    }
}
