//! [`Attached`]: the guard of an attached thread state, i.e. the proof that this thread holds
//! the GIL of that state's interpreter.

use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;

use crate::breaker::EvalBreaker;
use crate::current;
use crate::error::{CheckError, PendingCallPanic, ReattachError, TstateError};
use crate::gil::GilGuard;
use crate::interp::Interp;
use crate::pending::PendingCalls;
use crate::tstate::{Status, TsInner};
use crate::{HolderId, InterpId};

/// An attached thread state: while this guard is alive (and not suspended by an inner
/// [`enter`](Self::enter)), the calling thread holds the GIL of [`interp`](Self::interp) and
/// that state is the thread's current one.
///
/// Returned by [`ThreadState::attach`](crate::ThreadState::attach); dropping it detaches
/// (`PyEval_SaveThread` without the restore). It is neither `Send` nor `Sync`. Everything that
/// may release the GIL takes `&mut self` or `self`, so no borrow of the guard (e.g. an object
/// token an upper layer builds from `&Attached`) can outlive a release: [`check`](Self::check),
/// [`allow_threads`](Self::allow_threads), [`yield_gil`](Self::yield_gil),
/// [`enter`](Self::enter), [`switch_to_main`](Self::switch_to_main), [`detach`](Self::detach).
///
/// A guard can lose the GIL without being dropped only when its interpreter is ended under it
/// (a forced end while it waited for the GIL); then its operations fail with
/// [`TstateError::Finalizing`] or [`TstateError::GilNotLocked`].
#[derive(Debug)]
pub struct Attached {
    pub(crate) ts: Arc<TsInner>,
    /// `None` while suspended, after the GIL was lost, and in gilstate's aliases.
    pub(crate) gil: Option<GilGuard>,
    /// The interpreter's breaker; once the GIL is lost, a private one with a bit set, so the
    /// fast path of `check` leads to the error instead of reporting success.
    breaker: Arc<EvalBreaker>,
    /// A view of a state attached up the stack (gilstate's `LOCKED` case).
    alias: bool,
    _not_send: PhantomData<*const ()>,
}

impl Attached {
    /// Attaches `ts` on the calling thread (`_PyThreadState_Attach`).
    pub(crate) fn attach(ts: Arc<TsInner>) -> Result<Self, TstateError> {
        let gil = Self::start(&ts)?;
        Ok(Self::from_parts(ts, gil))
    }

    pub(crate) fn from_parts(ts: Arc<TsInner>, gil: GilGuard) -> Self {
        let breaker = ts.interp.breaker().clone();
        Self {
            ts,
            gil: Some(gil),
            breaker,
            alias: false,
            _not_send: PhantomData,
        }
    }

    /// A second view of a state attached by someone up this thread's stack (gilstate's
    /// `LOCKED` case). It releases nothing and cannot release: its GIL slot is empty.
    pub(crate) fn alias(ts: Arc<TsInner>) -> Self {
        let breaker = ts.interp.breaker().clone();
        Self {
            ts,
            gil: None,
            breaker,
            alias: true,
            _not_send: PhantomData,
        }
    }

    /// Checks, claims the state, takes the GIL and makes the state current.
    fn start(ts: &Arc<TsInner>) -> Result<GilGuard, TstateError> {
        ts.check_thread()?;
        if current::current().is_some() {
            return Err(TstateError::NonNullOld);
        }
        ts.check_attachable()?;
        ts.transition(Status::Detached, Status::Attached)
            .map_err(|s| ts.busy("_PyThreadState_Attach", s))?;
        let gil = ts.interp.gil().take(ts.holder, ts.interp.breaker());
        // The interpreter may have started ending while we waited (bpo-36475).
        if let Some(e) = ts.interp.must_exit(ts.holder) {
            ts.set_status(Status::Detached);
            drop(gil);
            ts.reap_if_orphaned();
            return Err(e);
        }
        current::push(ts.clone());
        current::bind_if_absent(ts);
        ts.interp.refresh_breaker();
        Ok(gil)
    }

    /// The thread state's interpreter.
    pub fn interp(&self) -> &Arc<Interp> {
        &self.ts.interp
    }

    /// The id of the thread state's interpreter.
    pub fn interp_id(&self) -> InterpId {
        self.ts.interp.id()
    }

    /// The thread state's id in its interpreter.
    pub fn tstate_id(&self) -> u64 {
        self.ts.id
    }

    /// The thread state's identity as a GIL holder.
    pub fn holder(&self) -> HolderId {
        self.ts.holder
    }

    /// The interpreter's eval breaker.
    pub fn breaker(&self) -> &Arc<EvalBreaker> {
        &self.breaker
    }

    /// The interpreter's pending-call queue.
    pub fn pending(&self) -> &PendingCalls {
        self.ts.interp.pending()
    }

    /// Whether the state is attached and is the calling thread's current state.
    pub fn is_current(&self) -> bool {
        self.ts.status() == Status::Attached && current::is_top(&self.ts)
    }

    /// Whether this guard proves the GIL is held right now: false only after it lost the GIL
    /// (see the type docs). Upper layers that build tokens from an `&Attached` check this.
    #[inline]
    pub fn holds_gil(&self) -> bool {
        if self.alias {
            self.is_current()
        } else {
            self.gil.is_some()
        }
    }

    /// The eval-breaker check for long-running code: call it at safe points (loop back-edges,
    /// calls). Nearly free when nothing is requested (one relaxed load); otherwise, in this
    /// order as in `_Py_HandlePending`, runs pending calls and answers a GIL drop request by
    /// handing the GIL to the waiter that asked and queueing for it again. While another
    /// thread waits for the GIL it also reads the clock, to make that waiter's drop request
    /// as soon as its interval has run out (see [`Gil`](crate::Gil)).
    ///
    /// A panicking pending call is reported as [`CheckError::PendingCall`]; the GIL is still
    /// held and the guard usable. If the interpreter started ending while this thread waited
    /// to get the GIL back, the guard has lost it: [`CheckError::Tstate`].
    #[inline]
    pub fn check(&mut self) -> Result<(), CheckError> {
        match self.breaker.bits() {
            0 => Ok(()),
            // Only a waiter counting down: most checks need not even read the clock.
            EvalBreaker::GIL_WAITER if self.gil.as_mut().is_some_and(|g| g.skip_clock()) => Ok(()),
            _ => self.check_slow(),
        }
    }

    #[cold]
    #[inline(never)]
    fn check_slow(&mut self) -> Result<(), CheckError> {
        if self.gil.is_none() {
            return Err(self.dead_error().into());
        }
        // Only with calls signalled: a countdown makes every check come here while a waiter
        // waits, so this path stays free of read-modify-writes otherwise.
        if self.breaker.contains(EvalBreaker::CALLS_TO_DO) {
            let interp = self.ts.interp.clone();
            interp.run_pending(self)?;
        }
        if let Some(gil) = self.gil.as_mut()
            && gil.handle_drop_request_counted()
        {
            self.after_reacquire()?;
        }
        Ok(())
    }

    /// Runs every queued pending call, including ones queued meanwhile (the main-thread-only
    /// ones only on the main thread): `_Py_FinishPendingCalls`, for interpreter end.
    pub fn finish_pending_calls(&mut self) -> Result<usize, PendingCallPanic> {
        let interp = self.ts.interp.clone();
        let mut ran = 0;
        loop {
            interp.refresh_breaker();
            if !self.breaker.contains(EvalBreaker::CALLS_TO_DO) {
                return Ok(ran);
            }
            ran += interp.run_pending(self)?;
        }
    }

    /// Runs `f` without the GIL (`Py_BEGIN_ALLOW_THREADS` / `Py_END_ALLOW_THREADS`): the state
    /// is detached, so other threads can run, and attached again when `f` returns or panics
    /// (a panic then continues). `f` must be `Send`, so it cannot capture anything borrowed
    /// from a non-`Send` GIL token (PyO3's `allow_threads` rule).
    ///
    /// If the state cannot be attached again (its interpreter is being ended, or the state was
    /// deleted meanwhile through its handle), `f`'s result comes back in the error and the
    /// guard no longer holds the GIL. A panic of `f` is resumed whether or not attaching
    /// again worked: code that must not run without the GIL (an object layer's drop glue)
    /// catches panics inside `f`.
    pub fn allow_threads<F, R>(&mut self, f: F) -> Result<R, ReattachError<R>>
    where
        F: FnOnce() -> R + Send,
        R: Send,
    {
        let released = self.detach_inner();
        let res = catch_unwind(AssertUnwindSafe(f));
        let back = released.and_then(|()| self.reattach());
        match res {
            Err(panic) => resume_unwind(panic),
            Ok(value) => match back {
                Ok(()) => Ok(value),
                Err(error) => Err(ReattachError { value, error }),
            },
        }
    }

    /// Hands the GIL to the first waiter, if any, and queues behind it: lets another thread
    /// run now without waiting for its interval. Returns whether the GIL changed hands.
    pub fn yield_gil(&mut self) -> Result<bool, TstateError> {
        let Some(gil) = self.gil.as_mut() else {
            return Err(self.dead_error());
        };
        if !gil.yield_now() {
            return Ok(false);
        }
        self.after_reacquire()?;
        Ok(true)
    }

    /// Detaches the state, releasing the GIL (`PyEval_SaveThread`, `_PyThreadState_Detach`).
    /// A guard that already lost the GIL reports "drop_gil: drop_gil: GIL is not locked".
    pub fn detach(mut self) -> Result<(), TstateError> {
        self.detach_inner()
    }

    pub(crate) fn dead_error(&self) -> TstateError {
        match self.ts.status() {
            Status::Suspended => TstateError::NotCurrent {
                api: "_PyThreadState_Detach",
                tstate: self.ts.addr(),
            },
            _ => TstateError::GilNotLocked,
        }
    }

    /// Detaches; with no GIL to give back, changes nothing and says why.
    pub(crate) fn detach_inner(&mut self) -> Result<(), TstateError> {
        let Some(gil) = self.gil.take() else {
            return Err(self.dead_error());
        };
        if !current::pop(&self.ts) {
            // Only reachable after `mem::forget` of an inner scope's guard.
            self.gil = Some(gil);
            return Err(TstateError::NotCurrent {
                api: "_PyThreadState_Detach",
                tstate: self.ts.addr(),
            });
        }
        self.ts.set_status(Status::Detached);
        drop(gil);
        self.ts.reap_if_orphaned();
        Ok(())
    }

    /// Attaches the same state again after [`detach_inner`](Self::detach_inner).
    fn reattach(&mut self) -> Result<(), TstateError> {
        match Self::start(&self.ts) {
            Ok(gil) => {
                self.gil = Some(gil);
                Ok(())
            }
            Err(e) => {
                self.mark_dead();
                Err(e)
            }
        }
    }

    /// After taking the GIL back inside a call: gives it up again if the interpreter started
    /// ending meanwhile, otherwise picks up calls meant for this thread.
    pub(crate) fn after_reacquire(&mut self) -> Result<(), TstateError> {
        if let Some(e) = self.ts.interp.must_exit(self.ts.holder) {
            self.lose();
            return Err(e);
        }
        self.ts.interp.refresh_breaker();
        Ok(())
    }

    /// Gives the GIL up for good: the guard is dead from now on.
    pub(crate) fn lose(&mut self) {
        current::pop(&self.ts);
        self.ts.set_status(Status::Detached);
        drop(self.gil.take());
        self.mark_dead();
        self.ts.reap_if_orphaned();
    }

    /// Makes `check` take its slow path, which reports the lost GIL.
    pub(crate) fn mark_dead(&mut self) {
        let dead = EvalBreaker::new();
        dead.set(EvalBreaker::DROP_REQUEST);
        self.breaker = Arc::new(dead);
    }
}

impl Drop for Attached {
    fn drop(&mut self) {
        // Errors mean there is nothing to release (a dead guard or an alias).
        let _ = self.detach_inner();
    }
}
