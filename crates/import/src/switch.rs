//! Running code in the main interpreter from an import in any interpreter (CPython 3.13's
//! `switch_to_main_interpreter` / `switch_back_from_main_interpreter`, reference §3.5), and
//! running extension code that may panic.
//!
//! The switch is the GIL crate's [`MainSwitch`](subinterp_gil::MainSwitch): a fresh main thread
//! state for this switch only, attached over the caller's (whose GIL is released meanwhile if
//! it has its own), switched back on every path including unwinding. Unlike CPython, main's
//! import lock is taken for the duration, and errors cross back by value.

use std::panic::{AssertUnwindSafe, catch_unwind};

use subinterp_gil::{Attached, park_after_lost_gil};
use subinterp_object::{Py, PyErr, PyResult, exc};

use crate::state::{ImportCx, MainRef};

/// Runs `f` with a token of the main interpreter on this thread, then returns to the caller's
/// interpreter. `f` is `Send`, so it cannot capture a handle of the caller's interpreter,
/// whose GIL may be released while `f` runs; what it returns must be `Send` too (unbound
/// references, errors, plain data).
///
/// If the caller's GIL cannot be taken back (its interpreter was force-ended while this thread
/// was in main, so the switch back or the unwinding of a failed lock acquire could not resume
/// it), this thread parks for good ([`park_after_lost_gil`]): returning, even with an error,
/// would let the caller's token scope drop objects without their GIL, which
/// `Objects::with_gil`'s contract forbids.
pub(crate) fn in_main<R: Send>(
    cx: &mut ImportCx<'_>,
    f: impl for<'m> FnOnce(Py<'m>) -> R + Send,
) -> PyResult<R> {
    let main = cx.main;
    let r = switched(cx.tstate, main, f);
    if !cx.tstate.holds_gil() {
        park_after_lost_gil();
    }
    r
}

/// The body of [`in_main`]: every way out of it (including a failed switch there) has tried
/// to resume `tstate`; the caller checks whether that worked.
fn switched<R: Send>(
    tstate: &mut Attached,
    main: MainRef<'_>,
    f: impl for<'m> FnOnce(Py<'m>) -> R + Send,
) -> PyResult<R> {
    let mut sw = tstate
        .switch_to_main(main.interp)
        .map_err(|e| PyErr::new(&exc::RUNTIME_ERROR, e.to_string()))?;
    let guard = main.state.lock.acquire(&mut sw)?;
    // SAFETY: `sw` is an attached thread state of the main interpreter on this thread (the
    // caller's own, or a temporary one attached over it), so this thread holds main's GIL,
    // which serialises main's heap, until `sw` ends, after this call returns. Tokens of the
    // suspended caller stay unused meanwhile: `f` is `Send` and cannot hold any.
    let r = unsafe { main.objects.with_gil(f) };
    drop(guard);
    sw.switch_back()
        .map_err(|e| PyErr::new(&exc::RUNTIME_ERROR, e.to_string()))?;
    Ok(r)
}

/// Runs extension code, turning a panic into `SystemError("<what> panicked: <message>")` so
/// no panic crosses the import API.
pub(crate) fn catch<T>(what: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(PyErr::new(
                &exc::SYSTEM_ERROR,
                format!("{what} panicked: {msg}"),
            ))
        }
    }
}

/// An error raised in main, as the importing interpreter gets it: by value (class and
/// message, and an `ImportError`'s `name` and `path`) when the class is a builtin one; a class that main created is an object of
/// main's heap, which an interpreter with its own heap cannot use, so there it becomes a
/// `SystemError` naming it.
pub(crate) fn transfer(e: PyErr, shares_main_heap: bool, name: &str) -> PyErr {
    match e.static_type() {
        Some(t) if t.is_subtype(&exc::IMPORT_ERROR) => {
            PyErr::import_error_subclass(t, e.message(), e.import_name(), e.import_path())
        }
        Some(t) => PyErr::new(t, e.message()),
        None if shares_main_heap => e,
        None => PyErr::new(
            &exc::SYSTEM_ERROR,
            format!("initialization of {name} raised {}", e.traceback_line()),
        ),
    }
}
