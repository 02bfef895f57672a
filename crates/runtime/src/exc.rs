//! The runtime's exception classes (`interpreters.InterpreterError`,
//! `interpreters.InterpreterNotFoundError`: static builtin types in CPython too), and turning a
//! facade [`Error`] into the Python exception CPython would raise.

use subinterp_object::{PyErr, StaticType, exc};

use crate::Error;

/// `interpreters.InterpreterError` (base `Exception`).
pub static INTERPRETER_ERROR: StaticType =
    StaticType::exception("InterpreterError", "interpreters", &exc::EXCEPTION);

/// `interpreters.InterpreterNotFoundError` (base `InterpreterError`).
pub static INTERPRETER_NOT_FOUND_ERROR: StaticType = StaticType::exception(
    "InterpreterNotFoundError",
    "interpreters",
    &INTERPRETER_ERROR,
);

impl Error {
    /// The Python exception CPython raises for this error (the class by
    /// [`py_type`](Error::py_type), the message by [`message`](Error::message)), for code that
    /// runs in an interpreter and reports errors as exceptions. A creation failure keeps only
    /// its outermost link (`InterpreterError: interpreter creation failed`); its causes stay
    /// available on the [`Error`] itself.
    pub fn into_pyerr(self) -> PyErr {
        if let Error::Py(e) = self {
            return *e;
        }
        let ty: &'static StaticType = match &self {
            Error::NotFound(_) => &INTERPRETER_NOT_FOUND_ERROR,
            Error::AlreadyRunning
            | Error::Running
            | Error::DestroyCurrent
            | Error::Unrecognized { .. }
            | Error::CreationFailed(_) => &INTERPRETER_ERROR,
            Error::Finalizing(_) => &exc::PYTHON_FINALIZATION_ERROR,
            Error::Os(_) => &exc::OS_ERROR,
            Error::Panicked(_) | Error::Tstate(_) => &exc::SYSTEM_ERROR,
            _ => &exc::RUNTIME_ERROR,
        };
        PyErr::new(ty, self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use subinterp_object::InterpId;

    fn check(e: Error, expect: &str) {
        let py = e.into_pyerr();
        assert_eq!(py.traceback_line(), expect);
    }

    #[test]
    fn errors_become_cpythons_exceptions() {
        check(
            Error::NotFound(InterpId::new(3)),
            "interpreters.InterpreterNotFoundError: unrecognized interpreter ID 3",
        );
        check(
            Error::AlreadyRunning,
            "interpreters.InterpreterError: interpreter already running",
        );
        check(
            Error::Restricted(crate::Restriction::Exec),
            "RuntimeError: exec not supported for isolated subinterpreters",
        );
        check(
            Error::Finalizing(crate::FinalizingOp::Thread),
            "PythonFinalizationError: can't create new thread at interpreter shutdown",
        );
        check(Error::from(PyErr::value_error("bad")), "ValueError: bad");
        assert!(INTERPRETER_NOT_FOUND_ERROR.is_subtype(&INTERPRETER_ERROR));
        assert!(
            Error::NotFound(InterpId::new(1))
                .into_pyerr()
                .is(&INTERPRETER_ERROR)
        );
    }
}
