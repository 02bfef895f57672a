//! The facade's one error type, [`Error`], with CPython's exception types and texts, and the
//! creation-failure chain ([`SubCreationFailed`], [`CreateError`]).

use std::any::Any;
use std::fmt;
use std::sync::Mutex;

use subinterp_config::ConfigError;
use subinterp_gil::TstateError;
use subinterp_object::{InterpId, PyErr};

/// Everything the facade can report. `Display` prints what CPython would (`Type: message`)
/// where CPython has the case; [`py_type`](Error::py_type) and [`message`](Error::message) give
/// the two parts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The interpreter does not exist (never did, was ended, or was abandoned in a forked
    /// child): `InterpreterNotFoundError("unrecognized interpreter ID <n>")`.
    #[error("InterpreterNotFoundError: unrecognized interpreter ID {0}")]
    NotFound(InterpId),
    /// Another thread runs the interpreter's `__main__` (or this thread does, further up):
    /// `InterpreterError("interpreter already running")`.
    #[error("InterpreterError: interpreter already running")]
    AlreadyRunning,
    /// Ending an interpreter whose `__main__` is running, or main from elsewhere:
    /// `InterpreterError("interpreter running")`.
    #[error("InterpreterError: interpreter running")]
    Running,
    /// Ending the interpreter the calling thread runs in:
    /// `InterpreterError("cannot destroy the current interpreter")`.
    #[error("InterpreterError: cannot destroy the current interpreter")]
    DestroyCurrent,
    /// A restricted operation (the high-level API's `restrict=True`) on an interpreter that
    /// the facade's `new_interpreter` did not create, main included:
    /// `InterpreterError("cannot <op> unrecognized interpreter <id>")`.
    #[error("InterpreterError: cannot {op} unrecognized interpreter {id}")]
    Unrecognized {
        /// CPython's verb, e.g. `destroy`.
        op: &'static str,
        /// The interpreter.
        id: InterpId,
    },
    /// Creating a sub-interpreter failed: `InterpreterError("interpreter creation failed")`,
    /// whose source chain is CPython's `__context__` chain.
    #[error("InterpreterError: interpreter creation failed")]
    CreationFailed(#[source] SubCreationFailed),
    /// A feature the interpreter's config does not allow (`RuntimeError`).
    #[error("RuntimeError: {0}")]
    Restricted(Restriction),
    /// The interpreter is shutting down (`PythonFinalizationError`).
    #[error("PythonFinalizationError: {0}")]
    Finalizing(FinalizingOp),
    /// The OS refused a thread (CPython's `ThreadError`, an alias of `RuntimeError`).
    #[error("RuntimeError: can't start new thread")]
    ThreadStart(#[source] std::io::Error),
    /// `fork()` or `waitpid()` failed (`OSError`).
    #[error("OSError: {0}")]
    Os(#[source] std::io::Error),
    /// The runtime is not initialized (before [`Runtime::initialize`](crate::Runtime::initialize)
    /// or after [`Runtime::finalize`](crate::Runtime::finalize)).
    #[error("RuntimeError: Py_Initialize must be called first")]
    NotInitialized,
    /// The closure panicked. The panic was stopped at the interpreter boundary, the GIL
    /// released, and the interpreter is usable again; the payload is handed back.
    #[error("{0}")]
    Panicked(Panic),
    /// A Python exception raised by the runtime's own work (setting up modules, importing).
    #[error("{0}")]
    Py(Box<PyErr>),
    /// A thread-state rule of the GIL layer (CPython's fatal errors, as values).
    #[error("SystemError: {0}")]
    Tstate(#[from] TstateError),
    /// An operation that needs to run outside every interpreter was called from inside one
    /// (finalizing, forking): it would pull the interpreter out from under the code up the
    /// stack.
    #[error("RuntimeError: {0} must be called outside Interpreter::run")]
    InsideRun(&'static str),
    /// This thread already runs interpreter `running`; entering `target` needs the explicit
    /// scoped switch ([`Interpreter::run_from`](crate::Interpreter::run_from)).
    #[error(
        "RuntimeError: cannot enter interpreter {target} while this thread runs interpreter \
         {running}; use Interpreter::run_from"
    )]
    NestedRun {
        /// The interpreter this thread runs.
        running: InterpId,
        /// The interpreter asked for.
        target: InterpId,
    },
    /// A run's context whose thread state is lent out to an operation in progress further up
    /// (the borrow checker rules this out for the public API; kept as an error rather than a
    /// panic for the loop's host).
    #[error("RuntimeError: the token is not the current interpreter's (interpreter {0})")]
    WrongToken(InterpId),
    /// An operation that would wait for (or restart) the ending in progress on this thread,
    /// called from code that ending runs (a payload's `Drop`, a pending call): finalizing,
    /// initializing, or ending an interpreter from there would deadlock on the ending itself.
    #[error("RuntimeError: {0} cannot be called while an interpreter is ending on this thread")]
    InsideEnd(&'static str),
    /// The context of one interpreter's run handed to an operation on another interpreter
    /// (`B.exec_in_run(a_cx, ..)`): the code would run in the token's interpreter, not in
    /// the one named.
    #[error("RuntimeError: the token belongs to interpreter {token}, not to interpreter {target}")]
    ForeignToken {
        /// The interpreter the token was made for.
        token: InterpId,
        /// The interpreter the operation named.
        target: InterpId,
    },
}

impl Error {
    /// The Python exception type CPython would raise (`InterpreterError`, `RuntimeError`, ...).
    pub fn py_type(&self) -> &str {
        match self {
            Error::NotFound(_) => "InterpreterNotFoundError",
            Error::AlreadyRunning
            | Error::Running
            | Error::DestroyCurrent
            | Error::Unrecognized { .. }
            | Error::CreationFailed(_) => "InterpreterError",
            Error::Restricted(_)
            | Error::ThreadStart(_)
            | Error::NotInitialized
            | Error::InsideRun(_)
            | Error::InsideEnd(_)
            | Error::NestedRun { .. }
            | Error::WrongToken(_)
            | Error::ForeignToken { .. } => "RuntimeError",
            Error::Finalizing(_) => "PythonFinalizationError",
            Error::Os(_) => "OSError",
            Error::Panicked(_) | Error::Tstate(_) => "SystemError",
            Error::Py(e) => e.type_name(),
        }
    }

    /// The exception's message (`str(exc)`): [`Display`](fmt::Display) without the type.
    pub fn message(&self) -> String {
        let full = self.to_string();
        let prefix = format!("{}: ", self.py_type());
        match full.strip_prefix(&prefix) {
            Some(m) => m.to_owned(),
            None => full,
        }
    }

    /// Why creation failed, when this is [`Error::CreationFailed`].
    pub fn creation_cause(&self) -> Option<&CreateError> {
        match self {
            Error::CreationFailed(s) => Some(&s.cause),
            _ => None,
        }
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Error {
        Error::Py(Box::new(e))
    }
}

/// The middle link of CPython's creation chain:
/// `InterpreterError("sub-interpreter creation failed")` (raised by `_PyXI_NewInterpreter`).
#[derive(Debug, thiserror::Error)]
#[error("InterpreterError: sub-interpreter creation failed")]
pub struct SubCreationFailed {
    /// The id the attempt used up (CPython never reuses it), if it got that far.
    pub id: Option<InterpId>,
    /// The status `new_interpreter` returned.
    #[source]
    pub cause: CreateError,
}

/// Why `new_interpreter` failed (CPython's `PyStatus`, which `_PyErr_SetFromPyStatus` turns into
/// `RuntimeError("<func>: <message>")`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CreateError {
    /// A config rule (`init_interp_settings`).
    #[error("RuntimeError: {func}: {0}", func = .0.func())]
    Config(ConfigError),
    /// The runtime is not initialized (or is finalizing).
    #[error("RuntimeError: new_interpreter: Py_Initialize must be called first")]
    NotInitialized,
    /// Setting up the interpreter's modules failed (e.g. `MemoryError` from a failing heap).
    #[error("{0}")]
    Setup(Box<PyErr>),
    /// The GIL layer refused (a thread-state rule).
    #[error("SystemError: {0}")]
    Tstate(TstateError),
}

/// The restrictions of [`InterpreterConfig`](subinterp_config::InterpreterConfig), with
/// CPython's `RuntimeError` texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum Restriction {
    /// `allow_threads = false` (`_thread.start_new_thread`, `Thread.start`).
    #[error("thread is not supported for isolated subinterpreters")]
    Threads,
    /// `allow_daemon_threads = false`: `threading.Thread(daemon=True)`.
    #[error("daemon threads are disabled in this (sub)interpreter")]
    DaemonThreads,
    /// `allow_fork = false`: `os.fork()`.
    #[error("fork not supported for isolated subinterpreters")]
    Fork,
    /// `os.fork()` in a sub-interpreter that allows it. CPython lets it through and the child
    /// dies ("_PyInterpreterState_DeleteExceptMain: not main interpreter"); here it is refused
    /// in the parent with CPython's `os.fork1()`/`os.forkpty()` text.
    #[error("fork not supported for subinterpreters")]
    ForkSubinterpreter,
    /// `allow_exec = false`: `os.execv()` / `os.execve()`.
    #[error("exec not supported for isolated subinterpreters")]
    Exec,
}

/// What was refused because the interpreter is shutting down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum FinalizingOp {
    /// Starting a thread (`do_start_new_thread`).
    #[error("can't create new thread at interpreter shutdown")]
    Thread,
    /// Forking (`os.fork`).
    #[error("can't fork at interpreter shutdown")]
    Fork,
}

/// A panic stopped at the interpreter boundary.
pub struct Panic {
    interp: InterpId,
    message: Option<String>,
    // A `Mutex` so the error stays `Sync` while owning a `Send`-only payload.
    payload: Mutex<Option<Box<dyn Any + Send>>>,
}

impl Panic {
    pub(crate) fn new(interp: InterpId, payload: Box<dyn Any + Send>) -> Panic {
        let message = payload
            .downcast_ref::<&'static str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned());
        Panic {
            interp,
            message,
            payload: Mutex::new(Some(payload)),
        }
    }

    /// The interpreter the closure ran in.
    pub fn interp(&self) -> InterpId {
        self.interp
    }

    /// The panic message, when the payload is a string.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The payload, e.g. for `std::panic::resume_unwind`.
    pub fn into_payload(self) -> Box<dyn Any + Send> {
        let message = self.message;
        match self.payload.into_inner() {
            Ok(Some(p)) => p,
            _ => Box::new(message.unwrap_or_default()),
        }
    }
}

impl fmt::Debug for Panic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Panic")
            .field("interp", &self.interp)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Panic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(m) => write!(f, "panic in interpreter {}: {m}", self.interp),
            None => write!(f, "panic in interpreter {}", self.interp),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(e: Error, expect: &str) {
        assert_eq!(e.to_string(), expect);
        assert_eq!(format!("{}: {}", e.py_type(), e.message()), expect);
    }

    #[test]
    fn display_is_type_colon_message() {
        check(
            Error::NotFound(InterpId::new(7)),
            "InterpreterNotFoundError: unrecognized interpreter ID 7",
        );
        check(
            Error::AlreadyRunning,
            "InterpreterError: interpreter already running",
        );
        check(Error::Running, "InterpreterError: interpreter running");
        check(
            Error::DestroyCurrent,
            "InterpreterError: cannot destroy the current interpreter",
        );
        check(
            Error::Unrecognized {
                op: "destroy",
                id: InterpId::new(0),
            },
            "InterpreterError: cannot destroy unrecognized interpreter 0",
        );
        check(
            Error::Restricted(Restriction::Threads),
            "RuntimeError: thread is not supported for isolated subinterpreters",
        );
        check(
            Error::Restricted(Restriction::DaemonThreads),
            "RuntimeError: daemon threads are disabled in this (sub)interpreter",
        );
        check(
            Error::Restricted(Restriction::Fork),
            "RuntimeError: fork not supported for isolated subinterpreters",
        );
        check(
            Error::Restricted(Restriction::Exec),
            "RuntimeError: exec not supported for isolated subinterpreters",
        );
        check(
            Error::Finalizing(FinalizingOp::Thread),
            "PythonFinalizationError: can't create new thread at interpreter shutdown",
        );
        check(
            Error::Finalizing(FinalizingOp::Fork),
            "PythonFinalizationError: can't fork at interpreter shutdown",
        );
        check(
            Error::NotInitialized,
            "RuntimeError: Py_Initialize must be called first",
        );
    }

    #[test]
    fn creation_chain_is_cpythons() {
        let e = Error::CreationFailed(SubCreationFailed {
            id: Some(InterpId::new(1)),
            cause: CreateError::Config(ConfigError::ObmallocNeedsExtensionCheck),
        });
        let mut chain = vec![e.to_string()];
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            chain.push(s.to_string());
            src = s.source();
        }
        assert_eq!(
            chain,
            [
                "InterpreterError: interpreter creation failed",
                "InterpreterError: sub-interpreter creation failed",
                "RuntimeError: init_interp_settings: per-interpreter obmalloc does not support \
                 single-phase init extension modules",
            ]
        );
    }

    #[test]
    fn error_is_send_sync_and_small() {
        fn assert<T: Send + Sync + 'static>() {}
        assert::<Error>();
        assert!(std::mem::size_of::<Error>() <= 64);
    }

    #[test]
    fn panic_hands_the_payload_back() {
        let p = Panic::new(InterpId::new(3), Box::new(String::from("boom")));
        assert_eq!(p.message(), Some("boom"));
        assert_eq!(p.to_string(), "panic in interpreter 3: boom");
        let payload = p.into_payload();
        assert_eq!(
            payload.downcast_ref::<String>().map(String::as_str),
            Some("boom")
        );
    }
}
