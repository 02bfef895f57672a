//! [`Interp`]: the part of an interpreter this crate knows (CPython: `PyInterpreterState`'s
//! `ceval` and `threads`): its GIL, eval breaker, pending calls, thread-state bookkeeping and
//! the end-of-life flags that keep thread states from attaching after it is gone.

use std::sync::Arc;

use crate::attached::Attached;
use crate::breaker::EvalBreaker;
use crate::error::{PendingFull, TstateError};
use crate::gil::Gil;
use crate::owner::Owner;
use crate::pending::PendingCalls;
use crate::sync::{self, AtomicBool, AtomicU64, AtomicUsize, Ordering, ThreadId};
use crate::{HolderId, InterpId};

/// An interpreter as seen by the GIL layer: an id chosen by the caller, a GIL (its own or a
/// shared one), an [`EvalBreaker`], [`PendingCalls`] and its thread states.
///
/// The runtime builds one per interpreter and keeps the rest of the interpreter beside it.
/// Identity is the `Arc`: two `Interp`s with the same [`InterpId`] (two runtimes in one
/// process) never mix.
///
/// # Ending
///
/// CPython's `Py_EndInterpreter` is split so the runtime can do its own teardown in between:
///
/// 1. [`set_finalizing`](Self::set_finalizing) (`interp->finalizing = 1`): a flag for the
///    runtime, e.g. to refuse new threads. Thread states still attach.
/// 2. [`begin_end`](Self::begin_end) with the ending thread state attached checks CPython's
///    preconditions (that state is current and, unless forced, the only one left) and records
///    it as the finalizing state (`_PyInterpreterState_SetFinalizing`). From then on every
///    other thread state of the interpreter fails to attach with
///    [`TstateError::Finalizing`], including one that was already waiting for the GIL; CPython
///    kills such a thread inside `take_gil` or hangs it (gh-87135).
/// 3. The runtime tears down its parts, then detaches and deletes the finalizing state. The
///    interpreter is ended once that state is deleted: nothing can attach to it or create a
///    thread state for it any more ([`TstateError::Ended`]).
#[derive(Debug)]
pub struct Interp {
    id: InterpId,
    gil: Arc<Gil>,
    breaker: Arc<EvalBreaker>,
    pending: PendingCalls,
    /// The main interpreter's main-thread-only queue and its main OS thread.
    main: Option<(PendingCalls, ThreadId)>,
    /// The last thread-state id handed out (ids start at 1, never reused).
    last_tstate_id: AtomicU64,
    /// Thread states created and not yet deleted.
    live: AtomicUsize,
    finalizing: AtomicBool,
    /// The finalizing thread state's holder id, 0 when none (`_finalizing`).
    finalizer: AtomicU64,
    ended: AtomicBool,
    /// The key of its [`Owner`], 0 when not owned.
    owner: u64,
}

/// How strict [`Interp::begin_end`] is about other thread states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndMode {
    /// Refuse with "Py_EndInterpreter: not the last thread" if any other state exists.
    OnlyThread,
    /// Go ahead: the other states (daemon threads) can never attach again.
    Force,
}

impl Interp {
    /// A sub-interpreter using `gil` (its own, or a clone of main's to share it).
    pub fn new(id: InterpId, gil: Arc<Gil>) -> Arc<Self> {
        Self::build(id, gil, false)
    }

    /// The main interpreter. The calling OS thread becomes the main thread: only it runs the
    /// calls of the main-thread-only queue ([`pending_main`](Self::pending_main)).
    pub fn new_main(id: InterpId, gil: Arc<Gil>) -> Arc<Self> {
        Self::build(id, gil, true)
    }

    /// As [`new`](Self::new), owned by the caller: see [`Owner`]. The runtime builds its
    /// interpreters this way so that nothing else can end them or attach to them through this
    /// crate.
    pub fn new_owned(id: InterpId, gil: Arc<Gil>) -> (Arc<Self>, Owner) {
        let owner = Owner::new(id);
        (Self::build_with(id, gil, false, owner.key()), owner)
    }

    /// As [`new_main`](Self::new_main), owned by the caller: see [`Owner`].
    pub fn new_main_owned(id: InterpId, gil: Arc<Gil>) -> (Arc<Self>, Owner) {
        let owner = Owner::new(id);
        (Self::build_with(id, gil, true, owner.key()), owner)
    }

    /// Whether an upper layer owns it ([`new_owned`](Self::new_owned)).
    pub fn is_owned(&self) -> bool {
        self.owner != 0
    }

    /// `Err(Owned)` for an owned interpreter, naming `api`.
    pub(crate) fn refuse_if_owned(&self, api: &'static str) -> Result<(), TstateError> {
        if self.is_owned() {
            return Err(TstateError::Owned {
                api,
                interp: self.id,
            });
        }
        Ok(())
    }

    fn build(id: InterpId, gil: Arc<Gil>, main: bool) -> Arc<Self> {
        Self::build_with(id, gil, main, 0)
    }

    fn build_with(id: InterpId, gil: Arc<Gil>, main: bool, owner: u64) -> Arc<Self> {
        let breaker = Arc::new(EvalBreaker::new());
        let pending = PendingCalls::new(
            breaker.clone(),
            PendingCalls::MAX,
            Some(PendingCalls::MAX_PER_PASS),
        );
        let main = main.then(|| {
            let q = PendingCalls::new(breaker.clone(), PendingCalls::MAX_MAIN, None);
            (q, sync::thread_id())
        });
        Arc::new(Self {
            id,
            gil,
            breaker,
            pending,
            main,
            last_tstate_id: AtomicU64::new(0),
            live: AtomicUsize::new(0),
            finalizing: AtomicBool::new(false),
            finalizer: AtomicU64::new(0),
            ended: AtomicBool::new(false),
            owner,
        })
    }

    /// The caller's id for this interpreter.
    pub fn id(&self) -> InterpId {
        self.id
    }

    /// The GIL this interpreter uses.
    pub fn gil(&self) -> &Arc<Gil> {
        &self.gil
    }

    /// Whether `other` uses the same GIL.
    pub fn shares_gil_with(&self, other: &Interp) -> bool {
        Arc::ptr_eq(&self.gil, &other.gil)
    }

    /// The eval breaker polled by this interpreter's running code.
    pub fn breaker(&self) -> &Arc<EvalBreaker> {
        &self.breaker
    }

    /// The interpreter's pending-call queue.
    pub fn pending(&self) -> &PendingCalls {
        &self.pending
    }

    /// The main-thread-only queue (`Py_AddPendingCall`'s target); `None` on a sub-interpreter.
    pub fn pending_main(&self) -> Option<&PendingCalls> {
        self.main.as_ref().map(|(q, _)| q)
    }

    /// Whether this is the main interpreter (built with [`Interp::new_main`]).
    pub fn is_main(&self) -> bool {
        self.main.is_some()
    }

    /// Whether the calling OS thread is the main interpreter's main thread.
    pub fn is_main_thread(&self) -> bool {
        self.main
            .as_ref()
            .is_some_and(|(_, t)| *t == sync::thread_id())
    }

    /// Queues a call on [`pending`](Self::pending) (`_PyEval_AddPendingCall`).
    pub fn add_pending_call<F>(&self, call: F) -> Result<(), PendingFull<F>>
    where
        F: FnOnce(&Attached) + Send + 'static,
    {
        self.pending.try_add(call)
    }

    /// How many thread states exist (created, not yet deleted).
    pub fn thread_count(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    /// Marks the interpreter as finalizing (`interp->finalizing = 1`). Informational: the
    /// runtime uses it to refuse new threads; thread states still attach.
    pub fn set_finalizing(&self) {
        self.finalizing.store(true, Ordering::SeqCst);
    }

    /// Whether [`set_finalizing`](Self::set_finalizing) or [`begin_end`](Self::begin_end)
    /// was called.
    pub fn is_finalizing(&self) -> bool {
        self.finalizing.load(Ordering::SeqCst)
    }

    /// Starts ending the interpreter from `current`, its attached thread state
    /// (`Py_EndInterpreter`'s checks and `_PyInterpreterState_SetFinalizing`).
    ///
    /// Fails with "Py_EndInterpreter: thread is not current" when `current` belongs to another
    /// interpreter or is not the calling thread's current state, and, in
    /// [`EndMode::OnlyThread`], with "Py_EndInterpreter: not the last thread" when other thread
    /// states exist. On success only `current` can attach from now on; the interpreter is
    /// ended when that state is deleted.
    ///
    /// An owned interpreter ([`new_owned`](Self::new_owned)) is refused with
    /// [`TstateError::Owned`]: its owner ends it with [`begin_end_owned`](Self::begin_end_owned).
    pub fn begin_end(&self, current: &Attached, mode: EndMode) -> Result<(), TstateError> {
        self.refuse_if_owned("Py_EndInterpreter")?;
        self.begin_end_checked(current, mode)
    }

    /// [`begin_end`](Self::begin_end) for an owned interpreter, by its owner; another
    /// interpreter's owner is refused with [`TstateError::Owned`].
    pub fn begin_end_owned(
        &self,
        owner: &Owner,
        current: &Attached,
        mode: EndMode,
    ) -> Result<(), TstateError> {
        if owner.key() != self.owner {
            return Err(TstateError::Owned {
                api: "Py_EndInterpreter",
                interp: self.id,
            });
        }
        self.begin_end_checked(current, mode)
    }

    fn begin_end_checked(&self, current: &Attached, mode: EndMode) -> Result<(), TstateError> {
        if !std::ptr::eq(Arc::as_ptr(current.interp()), self) || !current.is_current() {
            return Err(TstateError::EndNotCurrent);
        }
        if mode == EndMode::OnlyThread && self.thread_count() > 1 {
            return Err(TstateError::EndNotLastThread);
        }
        self.finalizing.store(true, Ordering::SeqCst);
        self.finalizer
            .store(current.holder().get(), Ordering::SeqCst);
        Ok(())
    }

    /// Whether the interpreter has ended.
    pub fn is_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Why the thread state `holder` may not run in this interpreter, if it may not
    /// (CPython's `_PyThreadState_MustExit`, without the dangling pointers).
    pub(crate) fn must_exit(&self, holder: HolderId) -> Option<TstateError> {
        if self.is_ended() {
            return Some(TstateError::Ended { interp: self.id });
        }
        match self.finalizer.load(Ordering::SeqCst) {
            0 => None,
            f if f == holder.get() => None,
            _ => Some(TstateError::Finalizing { interp: self.id }),
        }
    }

    /// Hands out the next thread-state id and counts the new state.
    pub(crate) fn register_tstate(&self) -> Result<u64, TstateError> {
        if self.is_ended() {
            return Err(TstateError::Ended { interp: self.id });
        }
        self.live.fetch_add(1, Ordering::SeqCst);
        Ok(self.last_tstate_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// Uncounts a deleted thread state; deleting the finalizing one ends the interpreter.
    pub(crate) fn unregister_tstate(&self, holder: HolderId) {
        self.live.fetch_sub(1, Ordering::SeqCst);
        if self.finalizer.load(Ordering::SeqCst) == holder.get() {
            self.ended.store(true, Ordering::SeqCst);
        }
    }

    /// Re-arms `CALLS_TO_DO` for a thread that just took the GIL (CPython's
    /// `update_eval_breaker_for_thread`): main-thread-only calls are signalled only to the
    /// main thread, so they may be waiting unsignalled.
    pub(crate) fn refresh_breaker(&self) {
        self.pending.resignal();
        if let Some((q, t)) = &self.main
            && *t == sync::thread_id()
        {
            q.resignal();
        }
    }

    /// Runs one pass of pending calls for the attached thread (`_Py_HandlePending`'s calls).
    pub(crate) fn run_pending(
        &self,
        attached: &Attached,
    ) -> Result<usize, crate::error::PendingCallPanic> {
        if !self.breaker.clear(EvalBreaker::CALLS_TO_DO) {
            return Ok(0);
        }
        let mut ran = 0;
        let res = (|| {
            if let Some((q, t)) = &self.main
                && *t == sync::thread_id()
            {
                ran += q.run(attached)?;
            }
            ran += self.pending.run(attached)?;
            Ok(ran)
        })();
        if res.is_err() {
            // The queue that did not get its turn must not lose its signal.
            self.refresh_breaker();
        }
        res
    }
}
