//! The recursion limit of code re-entering the statement language on one thread (a native
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
    /// The lowest usable address of this thread's stack, `0` until looked up, `1` when it
    /// cannot be known (then only the depth bounds).
    static STACK_LOW: Cell<usize> = const { Cell::new(0) };
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

/// Whether less than [`STACK_MARGIN`] is left below the caller's frame.
fn stack_is_low() -> bool {
    let low = STACK_LOW.try_with(|l| {
        if l.get() == 0 {
            l.set(stack_low().unwrap_or(1));
        }
        l.get()
    });
    let Ok(low) = low else { return false };
    if low <= 1 {
        return false;
    }
    let here = std::ptr::addr_of!(low) as usize;
    here.saturating_sub(low) < STACK_MARGIN
}

/// The lowest address of the calling thread's stack (stacks grow down on every target this
/// builds for), from `pthread_getattr_np`.
#[cfg(target_os = "linux")]
fn stack_low() -> Option<usize> {
    let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
    // SAFETY: `pthread_getattr_np` initialises `attr` for the calling thread on success; it
    // is destroyed below on that path only.
    if unsafe { libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) } != 0 {
        return None;
    }
    let mut addr: *mut libc::c_void = std::ptr::null_mut();
    let mut size: libc::size_t = 0;
    // SAFETY: `attr` was initialised above; `addr` and `size` are live locals it writes to.
    let r = unsafe { libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size) };
    // SAFETY: `attr` was initialised by `pthread_getattr_np` and is not used afterwards.
    unsafe { libc::pthread_attr_destroy(attr.as_mut_ptr()) };
    (r == 0 && !addr.is_null()).then_some(addr as usize)
}

#[cfg(not(target_os = "linux"))]
fn stack_low() -> Option<usize> {
    None
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
        assert!(stack_low().is_some_and(|l| l > 1));
        assert!(!stack_is_low());
    }
}
