//! Running Python source in an interpreter (`Interpreter.exec(code)`), and
//! [`ExecError`], the error of every cross-interpreter operation (exec, call, prepare_main,
//! share): an exception inside comes back as [`ExecutionFailed`] holding a snapshot of plain
//! strings, never as an object of the other interpreter.
//!
//! | CPython | here |
//! |---|---|
//! | `interp.exec(code)` (prints to `sys.stdout`) | [`Interpreter::exec`] (the process's stdout) |
//! | `interp.exec(code)` with `sys.stdout` redirected | [`Interpreter::exec_to`], [`Interpreter::exec_capture`] |
//! | `ExecutionFailed(excinfo)` | [`ExecError::Failed`] |
//! | `InterpreterError('interpreter already running')`, ... | [`ExecError::Interp`] |
//! | `ValueError('_interpreters.exec(): bad script text (too short)')`, ... | [`ExecError::Invalid`] |
//! | `NotShareableError`, `OverflowError('try sending as bytes')` | [`ExecError::NotShareable`] |

use std::io::Write;

use subinterp_compile::Mode;
use subinterp_object::{PyErr, StaticType, exc};
use subinterp_xi::{ExcSnapshot, ExecutionFailed, ShareError};

use crate::exc::INTERPRETER_ERROR;
use crate::{Error, Interpreter, Run, host};

/// `interpreters.ExecutionFailed` (base `InterpreterError`): an uncaught exception in another
/// interpreter, as the exception class code running in an interpreter sees it.
pub static EXECUTION_FAILED: StaticType =
    StaticType::exception("ExecutionFailed", "interpreters", &INTERPRETER_ERROR);

/// `interpreters.NotShareableError` (base `ValueError`). CPython makes one heap class per
/// interpreter; one static class serves every interpreter here.
pub static NOT_SHAREABLE_ERROR: StaticType =
    StaticType::exception("NotShareableError", "interpreters", &exc::VALUE_ERROR);

/// Why a cross-interpreter operation failed. `Display` is CPython's `Type: message`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// An exception escaped the code run in the interpreter (`interpreters.ExecutionFailed`,
    /// whose `str()` is the snapshot's `formatted`, then the remote traceback). Whatever ran
    /// before it stays done.
    #[error("ExecutionFailed: {0}")]
    Failed(Box<ExecutionFailed>),
    /// The interpreter could not run it (not found, "interpreter already running", ...).
    #[error(transparent)]
    Interp(#[from] Error),
    /// A value that cannot cross, refused where it was converted, before anything was bound
    /// or run (`NotShareableError` / `OverflowError` with CPython's texts).
    #[error("{ty}: {0}", ty = .0.python_type())]
    NotShareable(#[from] ShareError),
    /// Bad arguments, refused in the caller (CPython's `ValueError`/`TypeError` texts).
    #[error("{0}")]
    Invalid(Box<PyErr>),
    /// Building a value in the target failed: `InterpreterError: failed to apply namespace to
    /// __main__`; CPython's `__context__` (the target's exception) is the snapshot.
    #[error("InterpreterError: failed to apply namespace to __main__")]
    ApplyFailed(Box<ExcSnapshot>),
}

impl ExecError {
    /// The Python exception type CPython raises in the caller.
    pub fn py_type(&self) -> &str {
        match self {
            ExecError::Failed(_) => "ExecutionFailed",
            ExecError::Interp(e) => e.py_type(),
            ExecError::NotShareable(e) => e.python_type(),
            ExecError::Invalid(e) => e.type_name(),
            ExecError::ApplyFailed(_) => "InterpreterError",
        }
    }

    /// The exception's message (`str(exc)`): [`Display`](std::fmt::Display) without the type.
    pub fn message(&self) -> String {
        match self {
            ExecError::Failed(f) => f.to_string(),
            ExecError::Interp(e) => e.message(),
            ExecError::NotShareable(e) => e.to_string(),
            ExecError::Invalid(e) => e.message().to_owned(),
            ExecError::ApplyFailed(_) => "failed to apply namespace to __main__".to_owned(),
        }
    }

    /// The snapshot of the uncaught exception, for [`ExecError::Failed`].
    pub fn execution_failed(&self) -> Option<&ExecutionFailed> {
        match self {
            ExecError::Failed(f) => Some(f),
            _ => None,
        }
    }

    /// The line a scenario transcript prints for this error: for an uncaught exception the
    /// exception itself as a scenario prints it (`Type: message`, `Type` alone
    /// for an empty message: `ImportError: module _testsinglephase does not support loading
    /// in subinterpreters`), otherwise the caller-side error (`InterpreterError: interpreter
    /// already running`).
    pub fn transcript_line(&self) -> String {
        match self {
            ExecError::Failed(f) => {
                let s = &f.excinfo;
                if s.msg().is_empty() {
                    s.type_name().to_owned()
                } else {
                    format!("{}: {}", s.type_name(), s.msg())
                }
            }
            other => other.to_string(),
        }
    }

    /// The exception CPython raises for this error in the calling interpreter (for code that
    /// runs in an interpreter and reports errors as exceptions).
    pub fn into_pyerr(self) -> PyErr {
        match self {
            ExecError::Failed(f) => PyErr::new(&EXECUTION_FAILED, f.to_string()),
            ExecError::Interp(e) => e.into_pyerr(),
            ExecError::NotShareable(e) => share_pyerr(&e),
            ExecError::Invalid(e) => *e,
            ExecError::ApplyFailed(_) => {
                PyErr::new(&INTERPRETER_ERROR, "failed to apply namespace to __main__")
            }
        }
    }

    pub(crate) fn invalid(e: PyErr) -> ExecError {
        ExecError::Invalid(Box::new(e))
    }
}

/// A [`ShareError`] as the exception CPython raises.
pub(crate) fn share_pyerr(e: &ShareError) -> PyErr {
    let ty: &'static StaticType = match e {
        ShareError::NotShareable { .. } | ShareError::Unknown => &NOT_SHAREABLE_ERROR,
        ShareError::Overflow => &exc::OVERFLOW_ERROR,
        ShareError::Recursion => &exc::RECURSION_ERROR,
    };
    PyErr::new(ty, e.to_string())
}

/// The snapshot of exception `e` with `display`, its traceback text (CPython's
/// `_PyXI_excinfo_InitFromException`: type, qualified name, module, `str(e)`).
pub(crate) fn snapshot_of(e: &PyErr, display: Option<String>) -> ExcSnapshot {
    ExcSnapshot::new(
        e.type_name(),
        e.type_name(),
        e.module(),
        e.message(),
        display,
    )
}

/// An uncaught exception as [`ExecError::Failed`].
pub(crate) fn failed(excinfo: ExcSnapshot) -> ExecError {
    ExecError::Failed(Box::new(ExecutionFailed { excinfo }))
}

/// What [`Interpreter::exec_capture`] returns: everything the code printed, and how it ended.
#[derive(Debug)]
pub struct Captured {
    /// The text written to standard output (`print`, native modules' reports), up to the
    /// failure if there was one.
    pub output: String,
    /// `Ok` when the whole script ran.
    pub result: Result<(), ExecError>,
}

/// The checks `_interpreters.exec` makes on a script before switching (CPython's texts).
pub(crate) fn check_script(source: &str) -> Result<(), ExecError> {
    if source.is_empty() {
        return Err(ExecError::invalid(PyErr::value_error(
            "_interpreters.exec(): bad script text (too short)",
        )));
    }
    if source.contains('\0') {
        return Err(ExecError::invalid(PyErr::value_error(
            "source code string cannot contain null bytes",
        )));
    }
    Ok(())
}

impl Interpreter {
    /// Runs the Python program `source` in this interpreter's `__main__` on the calling OS
    /// thread (`Interpreter.exec(code)`), printing to the process's standard output. The
    /// source is compiled as CPython's `_interpreters.exec` does (`exec` mode, file name
    /// `<string>`; bare expressions print nothing) through the process-wide compile cache,
    /// and run by the eval loop. Names bound stay in `__main__` for the next call.
    ///
    /// Refused like [`run`](Self::run) ("interpreter already running" while another thread
    /// runs `__main__`, `InterpreterNotFoundError` once ended). An uncaught exception (a
    /// syntax error in `source` included) comes back as [`ExecError::Failed`] with a snapshot
    /// of type, message and CPython's traceback text; the statements before it stay done.
    ///
    /// ```
    /// use subinterp_runtime::{InterpreterConfig, Runtime};
    ///
    /// let rt = Runtime::new()?;
    /// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
    /// sub.exec("def f(n):\n    return n * 2\nx = f(20)")?;
    /// let out = sub.exec_capture("x\nprint(len('ab'), x == 40)\nd = {}\nd['k']");
    /// assert_eq!(out.output, "2 True\n");
    /// let err = out.result.unwrap_err();
    /// assert_eq!(err.transcript_line(), "KeyError: 'k'");
    /// assert!(err.to_string().ends_with(
    ///     "Traceback (most recent call last):\n  File \"<string>\", line 4, in <module>\nKeyError: 'k'"
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exec(&self, source: &str) -> Result<(), ExecError> {
        self.exec_to(source, &mut std::io::stdout())
    }

    /// As [`exec`](Self::exec), writing what the code prints to `out` (the scenario runner's
    /// transcript). A failing `out` raises `OSError` inside, like a broken `sys.stdout`.
    pub fn exec_to(&self, source: &str, out: &mut dyn Write) -> Result<(), ExecError> {
        check_script(source)?;
        self.run(|cx| host::exec_in(cx, source, Mode::Exec, out))?
    }

    /// As [`exec_to`](Self::exec_to), compiled in CPython's interactive mode (`single`, what
    /// the REPL does with one statement): an expression statement prints its value's `repr`
    /// and a line break, `None` prints nothing. Scenario statement lines run this way.
    ///
    /// ```
    /// use subinterp_runtime::{InterpreterConfig, Runtime};
    ///
    /// let rt = Runtime::new()?;
    /// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
    /// let mut out = Vec::new();
    /// sub.exec_interactive_to("x = 40; x + 2; None; 'a'", &mut out)?;
    /// assert_eq!(String::from_utf8_lossy(&out), "42\n'a'\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exec_interactive_to(&self, source: &str, out: &mut dyn Write) -> Result<(), ExecError> {
        check_script(source)?;
        self.run(|cx| host::exec_in(cx, source, Mode::Single, out))?
    }

    /// As [`exec`](Self::exec), returning what the code printed together with the outcome.
    pub fn exec_capture(&self, source: &str) -> Captured {
        let mut buf = Vec::new();
        let result = self.exec_to(source, &mut buf);
        Captured {
            output: String::from_utf8_lossy(&buf).into_owned(),
            result,
        }
    }

    /// Runs `source` from inside the run `cx` of this same interpreter on this thread (for
    /// native code that already runs in it), writing to the current output sink. Unlike
    /// [`exec`](Self::exec) it does not claim `__main__` (the caller's run holds it).
    ///
    /// A run of another interpreter is [`Error::ForeignToken`] (the code would otherwise run
    /// in that run's `__main__`). Re-entering deeper than the recursion limit (1,000, as
    /// `sys.getrecursionlimit()`) raises `RecursionError` in the statement that re-entered.
    pub fn exec_in_run(&self, cx: &mut Run<'_>, source: &str) -> Result<(), ExecError> {
        if cx.interpreter() != self {
            return Err(Error::ForeignToken {
                token: cx.interpreter().id(),
                target: self.id(),
            }
            .into());
        }
        check_script(source)?;
        host::exec_in_current(cx, source, Mode::Exec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot as the exec path makes one for an exception raised at `line`.
    fn snapshot(e: &PyErr, line: u32) -> ExcSnapshot {
        let display = format!(
            "Traceback (most recent call last):\n  File \"<string>\", line {line}, in <module>\n{}",
            e.traceback_line()
        );
        snapshot_of(e, Some(display))
    }

    fn check(e: ExecError, expect: (&str, &str)) {
        assert_eq!((e.py_type(), e.to_string().as_str()), expect);
        assert_eq!(format!("{}: {}", e.py_type(), e.message()), expect.1);
    }

    #[test]
    fn errors_print_as_cpython_raises_them() {
        check(
            ExecError::Interp(Error::AlreadyRunning),
            (
                "InterpreterError",
                "InterpreterError: interpreter already running",
            ),
        );
        check(
            ShareError::NotShareable { repr: "[1]".into() }.into(),
            (
                "NotShareableError",
                "NotShareableError: [1] does not support cross-interpreter data",
            ),
        );
        check(
            check_script("").unwrap_err(),
            (
                "ValueError",
                "ValueError: _interpreters.exec(): bad script text (too short)",
            ),
        );
        check(
            check_script("a\0").unwrap_err(),
            (
                "ValueError",
                "ValueError: source code string cannot contain null bytes",
            ),
        );
        let f = failed(snapshot(&PyErr::value_error("bad"), 2));
        assert_eq!(f.transcript_line(), "ValueError: bad");
        check(
            f,
            (
                "ExecutionFailed",
                "ExecutionFailed: ValueError: bad\n\nUncaught in the interpreter:\n\n\
                 Traceback (most recent call last):\n  File \"<string>\", line 2, in <module>\n\
                 ValueError: bad",
            ),
        );
    }

    #[test]
    fn snapshot_keeps_the_module_of_non_builtin_classes() {
        let e = Error::AlreadyRunning.into_pyerr();
        let s = snapshot(&e, 1);
        assert_eq!(
            s.formatted(),
            "interpreters.InterpreterError: interpreter already running"
        );
        assert_eq!(
            failed(s).transcript_line(),
            "InterpreterError: interpreter already running"
        );
        // `raise Exception`: the transcript prints the bare name.
        let bare = failed(snapshot(&PyErr::new(&exc::EXCEPTION, ""), 1));
        assert_eq!(bare.transcript_line(), "Exception");
        assert!(
            bare.to_string()
                .starts_with("ExecutionFailed: Exception: \n\n")
        );
    }
}
