//! The recursion limit of code re-entering the eval loop on one thread (a native
//! function that calls [`Interpreter::exec_in_run`](crate::Interpreter::exec_in_run), or
//! `Interpreter.exec` of another interpreter, which calls back, and so on): CPython's
//! `Py_EnterRecursiveCall`, which raises `RecursionError: maximum recursion depth exceeded`
//! near `sys.getrecursionlimit()` (1,000) instead of overflowing the C stack.
//!
//! Two bounds, whichever comes first: the depth (per OS thread, over every interpreter the
//! thread enters, since they share its stack), and the room left on the thread's stack, so
//! that a thread with a small stack (a pool worker has 2 MiB, a debug build's frames are
//! large) is refused before it overflows rather than at a depth it cannot reach.

use std::cell::Cell;

use subinterp_object::{PyErr, exc};

/// CPython's default `sys.getrecursionlimit()`.
pub(crate) const LIMIT: usize = 1000;

/// Room kept free on the stack: what one more level needs at most before it checks again
/// (measured: under 40 KiB per level in a debug build), with a wide margin.
const STACK_MARGIN: usize = 256 * 1024;

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// One level of re-entry; leaves it when dropped (also while unwinding).
#[must_use]
pub(crate) struct Level(());

impl Drop for Level {
    fn drop(&mut self) {
        let _ = DEPTH.try_with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Enters one more level, or raises `RecursionError` (CPython's text).
pub(crate) fn enter() -> Result<Level, PyErr> {
    let depth = DEPTH.try_with(Cell::get).unwrap_or(0);
    if depth >= LIMIT || stack_is_low() {
        return Err(PyErr::new(
            &exc::RECURSION_ERROR,
            "maximum recursion depth exceeded",
        ));
    }
    let _ = DEPTH.try_with(|d| d.set(depth + 1));
    Ok(Level(()))
}

/// Whether less than [`STACK_MARGIN`] is left below the caller's frame (never when the
/// stack's bounds cannot be known: then only the depth bounds). Measured on the segment the
/// caller runs on (runs continue on new segments when the thread's stack runs low).
fn stack_is_low() -> bool {
    subinterp_object::stack_room().is_some_and(|room| room < STACK_MARGIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_depth_is_bounded_and_released() {
        let mut levels = Vec::new();
        let err = loop {
            match enter() {
                Ok(l) => levels.push(l),
                Err(e) => break e,
            }
        };
        assert_eq!(levels.len(), LIMIT);
        assert_eq!(
            err.traceback_line(),
            "RecursionError: maximum recursion depth exceeded"
        );
        levels.clear();
        assert!(enter().is_ok());
    }

    #[test]
    fn this_threads_stack_is_found() {
        assert!(subinterp_object::stack_room().is_some());
        assert!(!stack_is_low());
    }
}
