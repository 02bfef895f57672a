//! Typed errors. CPython's fatal errors become values here, with CPython's text where it has one.

use std::any::Any;
use std::fmt;

use crate::tstate::Status;
use crate::{HolderId, InterpId};

/// Misuse of thread states, GIL ownership or interpreter lifecycle. Where CPython has a fatal
/// error for the case, the message is CPython's (`Fatal Python error: ` is not part of it);
/// `tstate` values print like CPython's `%p`. Every case leaves the process running and the
/// states involved unchanged, unless the variant says otherwise.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TstateError {
    /// Attaching while this OS thread already has an attached thread state (scenario 8).
    #[error("_PyThreadState_Attach: non-NULL old thread state")]
    NonNullOld,
    /// An API that needs an attached thread state was called without one (scenarios 9, 10).
    #[error(
        "{api}: the function must be called with the GIL held, after Python initialization and \
         before Python finalization, but the GIL is released (the current Python thread state \
         is NULL)"
    )]
    NoCurrent {
        /// The API named in the message, e.g. `PyThreadState_Get`.
        api: &'static str,
    },
    /// The interpreter was built by an upper layer that owns it ([`Interp::new_owned`]); this
    /// crate's API does not hand it out or end it without the [`Owner`].
    ///
    /// [`Interp::new_owned`]: crate::Interp::new_owned
    /// [`Owner`]: crate::Owner
    #[error("{api}: interpreter {interp} is owned by its runtime; use the runtime's API")]
    Owned {
        /// The API refused.
        api: &'static str,
        /// The interpreter.
        interp: InterpId,
    },
    /// No thread state is attached, so there is no current interpreter.
    #[error("PyInterpreterState_Get: no current interpreter")]
    NoCurrentInterp,
    /// Deleting the thread state attached on the calling thread (scenario 11).
    #[error("{api}: tstate {tstate:#x} is still current")]
    StillCurrent {
        /// The API named in the message.
        api: &'static str,
        /// The thread state's address.
        tstate: usize,
    },
    /// The thread state is attached on another thread or suspended, so it cannot be deleted or
    /// attached now (CPython does not check and crashes later).
    #[error("{api}: tstate {tstate:#x} is {status}")]
    Busy {
        /// The API named in the message.
        api: &'static str,
        /// The thread state's address.
        tstate: usize,
        /// What it is doing.
        status: Status,
    },
    /// Releasing through a guard that no longer holds the GIL, e.g. after its interpreter was
    /// ended under it (scenario 12; CPython aborts).
    #[error("drop_gil: drop_gil: GIL is not locked")]
    GilNotLocked,
    /// An operation that needs this state to be the calling thread's current one found another
    /// state current, e.g. scopes left out of order.
    #[error("{api}: tstate {tstate:#x} is not current")]
    NotCurrent {
        /// The API named in the message.
        api: &'static str,
        /// The thread state's address.
        tstate: usize,
    },
    /// `PyGILState_Release` for a state that is not current (scenario 14).
    #[error("PyGILState_Release: thread state {tstate:#x} must be current when releasing")]
    ReleaseNotCurrent {
        /// The thread state's address.
        tstate: usize,
    },
    /// `PyGILState_Release` when this thread has no state for the interpreter (scenario 13).
    #[error("PyGILState_Release: auto-releasing thread-state, but no thread-state for this thread")]
    ReleaseNoState,
    /// Ending an interpreter with a thread state that is not its current one (scenario 24).
    #[error("Py_EndInterpreter: thread is not current")]
    EndNotCurrent,
    /// Ending an interpreter that still has other thread states (scenario 26).
    #[error("Py_EndInterpreter: not the last thread")]
    EndNotLastThread,
    /// Using a thread state on an OS thread other than the one it is bound to (CPython never
    /// checks, reference §8.3).
    #[error("thread state {id} of interpreter {interp} is bound to another OS thread")]
    WrongThread {
        /// The thread state's id in its interpreter.
        id: u64,
        /// Its interpreter.
        interp: InterpId,
    },
    /// Attaching a thread state that was never bound to an OS thread.
    #[error("thread state {id} of interpreter {interp} is not bound to an OS thread")]
    Unbound {
        /// The thread state's id in its interpreter.
        id: u64,
        /// Its interpreter.
        interp: InterpId,
    },
    /// Binding a thread state twice.
    #[error("thread state {id} of interpreter {interp} is already bound to an OS thread")]
    AlreadyBound {
        /// The thread state's id in its interpreter.
        id: u64,
        /// Its interpreter.
        interp: InterpId,
    },
    /// The interpreter is being ended by another thread state; this one may not run any more
    /// (CPython exits or hangs the thread in `take_gil`, gh-87135).
    #[error("interpreter {interp} is finalizing: this thread state may not attach")]
    Finalizing {
        /// The interpreter.
        interp: InterpId,
    },
    /// The interpreter has ended.
    #[error("interpreter {interp} has ended")]
    Ended {
        /// The interpreter.
        interp: InterpId,
    },
    /// The thread state was cleared and can no longer be attached.
    #[error("tstate {tstate:#x} was cleared")]
    Cleared {
        /// The thread state's address.
        tstate: usize,
    },
    /// The thread state was deleted while detached (by another thread holding its handle).
    #[error("tstate {tstate:#x} was deleted")]
    Deleted {
        /// The thread state's address.
        tstate: usize,
    },
}

/// [`Gil::acquire`](crate::Gil::acquire) for the holder that already holds the GIL, which
/// would wait for itself forever.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the GIL is already held by holder {holder}")]
pub struct AlreadyHeld {
    /// The holder.
    pub holder: HolderId,
}

/// `sys.setswitchinterval` with a value that is not strictly positive (scenario 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("switch interval must be strictly positive")]
pub struct IntervalError;

/// A pending-call queue was full; the call is handed back unrun.
pub struct PendingFull<F>(pub F);

impl<F> PendingFull<F> {
    /// The call that was not queued.
    pub fn into_inner(self) -> F {
        self.0
    }
}

impl<F> fmt::Debug for PendingFull<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingFull(..)")
    }
}

impl<F> fmt::Display for PendingFull<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the pending-call queue is full")
    }
}

impl<F> std::error::Error for PendingFull<F> {}

/// A pending call panicked. The panic was stopped at the call; the payload is handed back, and
/// the calls queued after it stay queued for the next check (as when a CPython pending call
/// fails).
pub struct PendingCallPanic {
    payload: Box<dyn Any + Send>,
}

impl PendingCallPanic {
    pub(crate) fn new(payload: Box<dyn Any + Send>) -> Self {
        Self { payload }
    }

    /// The panic message, when the payload is a string.
    pub fn message(&self) -> Option<&str> {
        if let Some(s) = self.payload.downcast_ref::<&'static str>() {
            Some(s)
        } else {
            self.payload.downcast_ref::<String>().map(String::as_str)
        }
    }

    /// The panic payload, e.g. to resume the panic with `std::panic::resume_unwind`.
    pub fn into_payload(self) -> Box<dyn Any + Send> {
        self.payload
    }
}

impl fmt::Debug for PendingCallPanic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingCallPanic")
            .field("message", &self.message())
            .finish()
    }
}

impl fmt::Display for PendingCallPanic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message() {
            Some(m) => write!(f, "a pending call panicked: {m}"),
            None => f.write_str("a pending call panicked"),
        }
    }
}

impl std::error::Error for PendingCallPanic {}

/// What [`Attached::check`](crate::Attached::check) can report.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A pending call panicked.
    #[error(transparent)]
    PendingCall(#[from] PendingCallPanic),
    /// The thread state could not take the GIL back after handing it over (its interpreter is
    /// being ended); the guard no longer holds the GIL.
    #[error(transparent)]
    Tstate(#[from] TstateError),
}

/// Taking the GIL back failed after code ran without it; its result is handed back.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct ReattachError<R> {
    /// What the code returned.
    pub value: R,
    /// Why the GIL could not be taken back.
    #[source]
    pub error: TstateError,
}
