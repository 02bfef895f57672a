//! Stopping running Python from outside: [`Interpreter::interrupt`] and
//! `_thread.interrupt_main()`. Both set one bit of the interpreter's eval breaker; the next
//! eval-breaker check of a thread running Python in that interpreter (a backward jump, a
//! call, a generator resume; or native code's [`check`](crate::check)) clears it and raises
//! `KeyboardInterrupt` there, as CPython's default `SIGINT` handler does at its next check
//! after `PyErr_SetInterrupt`.

use subinterp_gil::EvalBreaker;
use subinterp_object::{Py, PyErr, PyResult, exc};

use crate::{Error, Interpreter};

/// The breaker bit of a pending interrupt (the first bit the GIL crate leaves to upper
/// layers; CPython keeps it as its signals-pending bit plus the tripped `SIGINT` flag).
const INTERRUPT: u32 = EvalBreaker::FIRST_FREE_BIT;

impl Interpreter {
    /// Raises `KeyboardInterrupt` in Python code running in this interpreter, from any
    /// thread (the GIL is not needed): at the next eval-breaker check of a thread running
    /// the interpreter's code, whichever checks first (native code polling
    /// [`check`](crate::check) gets it as an [`Error::Py`]), so a `while True: pass` in an `exec`
    /// on another thread ends and that `exec` returns the `KeyboardInterrupt` as its error.
    /// Code can catch it (`except KeyboardInterrupt`, `except BaseException`, `finally`),
    /// but not with `except Exception`. The interpreter stays usable; to end it, call
    /// [`end`](Self::end) once the `exec` has returned (a running interpreter cannot end).
    ///
    /// When no code runs, the interrupt stays pending until code does (as a signal does in
    /// CPython); several interrupts before a check raise once. CPython has no API to stop a
    /// sub-interpreter's loop from outside (its signals reach only the main interpreter's
    /// main thread): this is an addition, see `docs/behavior/lifecycle.md`.
    ///
    /// An ended interpreter: [`Error::NotFound`].
    pub fn interrupt(&self) -> Result<(), Error> {
        if self.is_ended() {
            return Err(Error::NotFound(self.id()));
        }
        self.gil_interp().breaker().set(INTERRUPT);
        Ok(())
    }
}

/// The eval breaker's part for interrupts (called by [`check`](crate::check), the loop's
/// slow path and native code's, with `py` attached to the interpreter `breaker` belongs to):
/// a pending interrupt is taken and raised as `KeyboardInterrupt()`.
pub(crate) fn take_interrupt(py: Py<'_>, breaker: &EvalBreaker) -> PyResult<()> {
    if !breaker.contains(INTERRUPT) || !breaker.clear(INTERRUPT) {
        return Ok(());
    }
    let e = py.new_exception(&exc::KEYBOARD_INTERRUPT.get(py), &[])?;
    Err(PyErr::from_value(&e))
}
