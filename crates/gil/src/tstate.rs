//! [`ThreadState`]: one interpreter's state for one OS thread, with explicit states.

use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::attached::Attached;
use crate::current;
use crate::error::TstateError;
use crate::interp::Interp;
use crate::sync::{self, AtomicBool, AtomicU8, AtomicUsize, Ordering, ThreadId};
use crate::{HolderId, InterpId};

/// Where a thread state is in its life; [`ThreadState`] has the state table.
///
/// CPython's `_Py_THREAD_DETACHED`, `_Py_THREAD_ATTACHED` and `_Py_THREAD_SUSPENDED` (which
/// CPython uses only for stop-the-world; here it marks a state switched away from), plus the
/// terminal `Deleted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not running: no GIL, not current anywhere.
    Detached,
    /// Current on its OS thread, holding its interpreter's GIL.
    Attached,
    /// Switched away from by a scoped switch on its OS thread; resumes when that scope ends.
    Suspended,
    /// Deleted.
    Deleted,
}

impl Status {
    fn from_u8(v: u8) -> Self {
        match v {
            0 => Self::Detached,
            1 => Self::Attached,
            2 => Self::Suspended,
            _ => Self::Deleted,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Detached => "detached",
            Self::Attached => "attached",
            Self::Suspended => "suspended",
            Self::Deleted => "deleted",
        })
    }
}

/// Why a thread state was created (CPython's `_PyThreadState_WHENCE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Whence {
    /// `UNKNOWN`: `PyThreadState_New`.
    Unknown,
    /// `INIT`: an interpreter's first state.
    Init,
    /// `FINI`: created to end an interpreter.
    Fini,
    /// `THREADING`: for a `threading` thread.
    Threading,
    /// `GILSTATE`: created by [`gilstate::ensure`](crate::gilstate::ensure).
    GilState,
    /// `EXEC`: a temporary state to run something in another interpreter.
    Exec,
}

/// The low bits of `TsInner::word` holding the [`Status`].
const STATUS_MASK: u8 = 0b011;
/// Set in `TsInner::word` once the [`ThreadState`] handle is gone; whoever leaves the state
/// detached last then deletes it.
const HANDLE_GONE: u8 = 0b100;

/// The shared part of a thread state: what the handle, guards and the thread's stack point to.
pub(crate) struct TsInner {
    pub(crate) interp: Arc<Interp>,
    pub(crate) id: u64,
    pub(crate) holder: HolderId,
    pub(crate) whence: Whence,
    thread: OnceLock<ThreadId>,
    /// The [`Status`] in the low two bits, and [`HANDLE_GONE`]: one word, so the handle's
    /// drop and a detach on the owning thread are ordered by read-modify-writes of a single
    /// location, and exactly one of them deletes the state.
    word: AtomicU8,
    cleared: AtomicBool,
    /// `gilstate_counter`: 1 for states not created by gilstate, so release never deletes them.
    pub(crate) gilstate_counter: AtomicUsize,
    /// Whether this state is its thread's gilstate state for its interpreter
    /// (`bound_gilstate`); it stays so until deleted, which saves the lookup on every attach.
    pub(crate) gilstate_bound: AtomicBool,
}

impl fmt::Debug for TsInner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadState")
            .field("interp", &self.interp.id())
            .field("id", &self.id)
            .field("status", &self.status())
            .field("whence", &self.whence)
            .finish_non_exhaustive()
    }
}

impl TsInner {
    pub(crate) fn status(&self) -> Status {
        Status::from_u8(self.word.load(Ordering::Acquire) & STATUS_MASK)
    }

    /// Sets the status; only the owning thread moves a live state between its non-terminal
    /// statuses.
    pub(crate) fn set_status(&self, s: Status) {
        let _ = self.update(|w| Some(w & !STATUS_MASK | s as u8));
    }

    /// Moves `from` -> `to` if the state is in `from`; otherwise returns what it is in.
    pub(crate) fn transition(&self, from: Status, to: Status) -> Result<(), Status> {
        self.update(|w| (w & STATUS_MASK == from as u8).then_some(w & !STATUS_MASK | to as u8))
            .map(drop)
            .map_err(|w| Status::from_u8(w & STATUS_MASK))
    }

    fn update(&self, f: impl FnMut(u8) -> Option<u8>) -> Result<u8, u8> {
        self.word
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, f)
    }

    /// The address CPython would print for this state.
    pub(crate) fn addr(&self) -> usize {
        self as *const Self as usize
    }

    pub(crate) fn is_cleared(&self) -> bool {
        self.cleared.load(Ordering::SeqCst)
    }

    /// Checks that the calling OS thread may use this state.
    pub(crate) fn check_thread(&self) -> Result<(), TstateError> {
        match self.thread.get() {
            Some(t) if *t == sync::thread_id() => Ok(()),
            Some(_) => Err(TstateError::WrongThread {
                id: self.id,
                interp: self.interp.id(),
            }),
            None => Err(TstateError::Unbound {
                id: self.id,
                interp: self.interp.id(),
            }),
        }
    }

    /// Checks everything that lets this thread start running this state, short of the GIL
    /// and of the thread check ([`check_thread`](Self::check_thread)).
    pub(crate) fn check_attachable(&self) -> Result<(), TstateError> {
        if self.is_cleared() {
            return Err(TstateError::Cleared {
                tstate: self.addr(),
            });
        }
        if let Some(e) = self.interp.must_exit(self.holder) {
            return Err(e);
        }
        Ok(())
    }

    /// The error for a state that was expected to be detached but is `status`.
    pub(crate) fn busy(&self, api: &'static str, status: Status) -> TstateError {
        match status {
            Status::Deleted => TstateError::Deleted {
                tstate: self.addr(),
            },
            _ => TstateError::Busy {
                api,
                tstate: self.addr(),
                status,
            },
        }
    }

    /// Deletes a detached state whose handle is gone; called by whoever detaches last.
    pub(crate) fn reap_if_orphaned(&self) {
        let orphan = HANDLE_GONE | Status::Detached as u8;
        if self
            .update(|w| (w == orphan).then_some(HANDLE_GONE | Status::Deleted as u8))
            .is_ok()
        {
            self.interp.unregister_tstate(self.holder);
        }
    }
}

/// A thread state: one interpreter's state for one OS thread (CPython's `PyThreadState`).
///
/// The handle owns the state; [`attach`](Self::attach) makes it current on its thread and
/// returns the [`Attached`] guard that proves the GIL is held. The handle is `Send` so a state
/// can be created on one thread and bound on the thread that will run it (`threading` does
/// this), but it is bound to at most one OS thread and only that thread can attach it.
///
/// Dropping the handle deletes the state, at once if it is detached or as soon as it is
/// detached otherwise.
///
/// # State table
///
/// | status | holds the GIL | on its thread's stack | how it gets there | may then |
/// |---|---|---|---|---|
/// | `Detached` | no | no | creation; [`Attached::detach`]; leaving an [`Entered`] scope; inside [`Attached::allow_threads`] | attach, clear, delete |
/// | `Attached` | yes (\*) | innermost | [`ThreadState::attach`]; [`Attached::enter`]; resuming when an inner scope ends | detach, be suspended; not delete ("is still current") |
/// | `Suspended` | no | below the innermost | [`Attached::enter`] switched this thread to another state | only be resumed when the inner scope ends |
/// | `Deleted` | no | no | [`ThreadState::delete`] or dropping the handle | nothing: terminal |
///
/// (\*) While [`Attached::check`] answers a drop request, an attached state hands the GIL over
/// and waits for it inside the call; no code of that thread runs meanwhile.
///
/// Besides the status a state is *bound* to at most one OS thread, for its whole life
/// (CPython records `thread_id` but never checks it; here every attach and switch does), and
/// may be *cleared*, after which it can be detached and deleted but never attached again.
///
/// [`Attached::detach`]: crate::Attached::detach
/// [`Attached::allow_threads`]: crate::Attached::allow_threads
/// [`Attached::enter`]: crate::Attached::enter
/// [`Attached::check`]: crate::Attached::check
/// [`Entered`]: crate::Entered
pub struct ThreadState {
    inner: Arc<TsInner>,
}

impl fmt::Debug for ThreadState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl ThreadState {
    /// A detached state for `interp`, bound to the calling OS thread (`PyThreadState_New`,
    /// `_PyThreadState_NewBound`). Fails once the interpreter has ended.
    pub fn new(interp: &Arc<Interp>, whence: Whence) -> Result<Self, TstateError> {
        let ts = Self::new_unbound(interp, whence)?;
        ts.bind()?;
        Ok(ts)
    }

    /// A detached state bound to no thread yet (`_PyThreadState_New`); the thread that will
    /// run it calls [`bind`](Self::bind).
    pub fn new_unbound(interp: &Arc<Interp>, whence: Whence) -> Result<Self, TstateError> {
        let id = interp.register_tstate()?;
        Ok(Self {
            inner: Arc::new(TsInner {
                interp: interp.clone(),
                id,
                holder: HolderId::new(),
                whence,
                thread: OnceLock::new(),
                word: AtomicU8::new(Status::Detached as u8),
                cleared: AtomicBool::new(false),
                gilstate_counter: AtomicUsize::new(1),
                gilstate_bound: AtomicBool::new(false),
            }),
        })
    }

    /// Binds the state to the calling OS thread (`_PyThreadState_Bind`), once. Like CPython,
    /// it also becomes this thread's [`gilstate`](crate::gilstate) state for its interpreter
    /// if the thread has none yet.
    pub fn bind(&self) -> Result<(), TstateError> {
        self.bind_os_thread()?;
        current::bind_if_absent(&self.inner);
        Ok(())
    }

    /// Binds to the calling OS thread without touching the gilstate bindings.
    pub(crate) fn bind_os_thread(&self) -> Result<(), TstateError> {
        self.inner
            .thread
            .set(sync::thread_id())
            .map_err(|_| TstateError::AlreadyBound {
                id: self.inner.id,
                interp: self.inner.interp.id(),
            })
    }

    pub(crate) fn inner(&self) -> &Arc<TsInner> {
        &self.inner
    }

    /// The state's id: unique in its interpreter, from 1, never reused.
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    /// The state's interpreter.
    pub fn interp(&self) -> &Arc<Interp> {
        &self.inner.interp
    }

    /// The id of the state's interpreter.
    pub fn interp_id(&self) -> InterpId {
        self.inner.interp.id()
    }

    /// Who the GIL sees when this state holds it.
    pub fn holder(&self) -> HolderId {
        self.inner.holder
    }

    /// Why the state was created.
    pub fn whence(&self) -> Whence {
        self.inner.whence
    }

    /// Where the state is in its life.
    pub fn status(&self) -> Status {
        self.inner.status()
    }

    /// Whether the state is bound to an OS thread.
    pub fn is_bound(&self) -> bool {
        self.inner.thread.get().is_some()
    }

    /// Whether the state is bound to the calling OS thread.
    pub fn is_bound_here(&self) -> bool {
        self.inner.thread.get() == Some(&sync::thread_id())
    }

    /// Whether the state was cleared.
    pub fn is_cleared(&self) -> bool {
        self.inner.is_cleared()
    }

    /// Attaches the state on the calling OS thread, taking its interpreter's GIL
    /// (`_PyThreadState_Attach`, `PyEval_RestoreThread`). Blocks while another thread holds
    /// the GIL.
    ///
    /// Fails, leaving everything as it was, when this thread already has an attached state
    /// ("_PyThreadState_Attach: non-NULL old thread state"), when the state is bound to
    /// another thread or to none, is cleared, suspended or attached, or when its interpreter
    /// is being ended by another state or has ended (checked again after the GIL is taken).
    pub fn attach(&self) -> Result<Attached, TstateError> {
        Attached::attach(self.inner.clone())
    }

    /// Clears the state (`PyThreadState_Clear`): it can still be detached and deleted, never
    /// attached again. Upper layers drop their per-thread data first.
    pub fn clear(&self) {
        self.inner.cleared.store(true, Ordering::SeqCst);
    }

    /// Deletes the state (`PyThreadState_Delete`). It must be detached: deleting the calling
    /// thread's current state fails with CPython's "PyThreadState_Delete: tstate 0x… is still
    /// current", and a state attached or suspended elsewhere cannot be deleted either. The
    /// handle is handed back on error.
    pub fn delete(self) -> Result<(), DeleteError> {
        match self.inner.transition(Status::Detached, Status::Deleted) {
            Ok(()) => {
                self.inner.interp.unregister_tstate(self.inner.holder);
                Ok(())
            }
            Err(status) => {
                let error = if status == Status::Attached && current::contains(&self.inner) {
                    TstateError::StillCurrent {
                        api: "PyThreadState_Delete",
                        tstate: self.inner.addr(),
                    }
                } else {
                    self.inner.busy("PyThreadState_Delete", status)
                };
                Err(DeleteError {
                    tstate: self,
                    error,
                })
            }
        }
    }
}

impl Drop for ThreadState {
    fn drop(&mut self) {
        // Publish first, then try: a guard detaching at the same time either sees the flag in
        // its own read-modify-write, or leaves a detached state for ours.
        self.inner.word.fetch_or(HANDLE_GONE, Ordering::AcqRel);
        self.inner.reap_if_orphaned();
    }
}

/// [`ThreadState::delete`] refused; the state is handed back unchanged.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct DeleteError {
    /// The state, unchanged.
    pub tstate: ThreadState,
    /// Why it could not be deleted.
    #[source]
    pub error: TstateError,
}

/// The calling thread's current thread state, as `PyThreadState_Get` reports it.
#[derive(Clone, Debug)]
pub struct Current {
    /// Its interpreter.
    pub interp: Arc<Interp>,
    /// Its id in that interpreter.
    pub id: u64,
}

/// The calling thread's attached thread state (`PyThreadState_Get`). With none, fails with
/// CPython's "PyThreadState_Get: the function must be called with the GIL held, …" text
/// (scenario 10). A state of an owned interpreter ([`Interp::new_owned`]) is not handed out:
/// [`TstateError::Owned`].
pub fn current_tstate() -> Result<Current, TstateError> {
    let ts = current::current().ok_or(TstateError::NoCurrent {
        api: "PyThreadState_Get",
    })?;
    ts.interp.refuse_if_owned("PyThreadState_Get")?;
    Ok(Current {
        interp: ts.interp.clone(),
        id: ts.id,
    })
}

/// The interpreter of the calling thread's attached state (`PyInterpreterState_Get`); an
/// owned interpreter is not handed out ([`TstateError::Owned`]).
pub fn current_interp() -> Result<Arc<Interp>, TstateError> {
    let ts = current::current().ok_or(TstateError::NoCurrentInterp)?;
    ts.interp.refuse_if_owned("PyInterpreterState_Get")?;
    Ok(ts.interp.clone())
}

/// The id of the interpreter of the calling thread's attached state, owned interpreters
/// included (an id gives no handle on the interpreter): what code run by an upper layer's
/// pending call may ask to learn where it runs.
pub fn current_interp_id() -> Result<InterpId, TstateError> {
    current::current()
        .map(|ts| ts.interp.id())
        .ok_or(TstateError::NoCurrentInterp)
}

/// Whether the calling thread has an attached thread state, of any interpreter (owned ones
/// included): what an upper layer asks before attaching one of its own.
pub fn has_current_tstate() -> bool {
    current::current().is_some()
}
