//! Scoped switches between thread states on one OS thread ([`Attached::enter`], [`Entered`]):
//! CPython's `PyThreadState_Swap` pairs, made explicit and scoped (reference §8.8).
//!
//! Entering suspends the current state (it stays on the thread's stack, below the new one) and
//! attaches the target; leaving detaches the target and resumes the suspended state. Between
//! two states that share a GIL the GIL is handed over in place, so no other thread can run in
//! between (CPython always drops and re-takes it, §8.8); between different GILs the current one
//! is released before the target's is taken, so a thread never holds two GILs and two threads
//! switching in opposite directions cannot deadlock.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crate::attached::Attached;
use crate::current;
use crate::error::TstateError;
use crate::gil::GilGuard;
use crate::tstate::{Status, ThreadState, TsInner};

/// A scope in which another thread state is attached on this thread, the one it was entered
/// from being suspended. Dereferences to the inner [`Attached`].
///
/// Leaving ([`leave`](Self::leave), or dropping, also while unwinding) detaches the inner state
/// and resumes the outer one, taking its GIL back. If that fails (the outer interpreter was
/// ended meanwhile), the outer guard has lost the GIL and says so on its next use.
#[derive(Debug)]
#[must_use = "dropping the scope switches back at once"]
pub struct Entered<'a> {
    outer: &'a mut Attached,
    inner: Option<Attached>,
    /// A temporary state created for this scope, deleted when it ends.
    temp: Option<ThreadState>,
}

impl Attached {
    /// Switches this thread to `to` until the returned scope ends (`PyThreadState_Swap` there
    /// and back). `to` must be detached and bound to this thread.
    ///
    /// Fails with nothing changed if `to` cannot be attached here (see
    /// [`ThreadState::attach`]), or if this guard is not the thread's current state.
    pub fn enter(&mut self, to: &ThreadState) -> Result<Entered<'_>, TstateError> {
        let inner = self.switch_to(to.inner().clone())?;
        Ok(Entered::new(self, inner, None))
    }

    /// Suspends `self` and attaches `ts`; on error everything is as before (unless the GIL
    /// could not be taken back, which only an ended interpreter causes).
    pub(crate) fn switch_to(&mut self, ts: Arc<TsInner>) -> Result<Attached, TstateError> {
        if self.gil.is_none() {
            return Err(self.dead_error());
        }
        if !current::is_top(&self.ts) {
            return Err(TstateError::NotCurrent {
                api: "PyThreadState_Swap",
                tstate: self.ts.addr(),
            });
        }
        ts.check_thread()?;
        ts.check_attachable()?;
        let Some(mut gil) = self.gil.take() else {
            return Err(self.dead_error());
        };
        if let Err(s) = ts.transition(Status::Detached, Status::Attached) {
            self.gil = Some(gil);
            return Err(ts.busy("PyThreadState_Swap", s));
        }
        self.ts.set_status(Status::Suspended);
        let gil = if self.ts.interp.shares_gil_with(&ts.interp) {
            gil.transfer(ts.holder, ts.interp.breaker());
            gil
        } else {
            // Never hold two GILs: release ours before waiting for theirs.
            drop(gil);
            ts.interp.gil().take(ts.holder, ts.interp.breaker())
        };
        if let Some(e) = ts.interp.must_exit(ts.holder) {
            ts.set_status(Status::Detached);
            ts.reap_if_orphaned();
            // Resume failing here is reported by the outer guard itself later.
            let _ = self.resume(Some(gil));
            return Err(e);
        }
        current::push(ts.clone());
        current::bind_if_absent(&ts);
        ts.interp.refresh_breaker();
        Ok(Attached::from_parts(ts, gil))
    }

    /// Makes this suspended state current again, with the GIL an inner state gave up (or,
    /// if that one lost its GIL, taking ours afresh).
    fn resume(&mut self, inner_gil: Option<GilGuard>) -> Result<(), TstateError> {
        let interp = self.ts.interp.clone();
        let gil = match inner_gil {
            Some(mut g) if Arc::ptr_eq(g.gil(), interp.gil()) => {
                g.transfer(self.ts.holder, interp.breaker());
                g
            }
            other => {
                drop(other);
                interp.gil().take(self.ts.holder, interp.breaker())
            }
        };
        self.ts.set_status(Status::Attached);
        self.gil = Some(gil);
        self.after_reacquire()
    }
}

impl<'a> Entered<'a> {
    pub(crate) fn new(outer: &'a mut Attached, inner: Attached, temp: Option<ThreadState>) -> Self {
        Self {
            outer,
            inner: Some(inner),
            temp,
        }
    }

    /// Ends the scope: detaches the inner state and resumes the outer one.
    pub fn leave(mut self) -> Result<(), TstateError> {
        self.leave_inner()
    }

    fn leave_inner(&mut self) -> Result<(), TstateError> {
        let Some(mut inner) = self.inner.take() else {
            return Ok(());
        };
        if let Some(temp) = &self.temp {
            // CPython clears the temporary state before switching back.
            temp.clear();
        }
        let res = match inner.gil.take() {
            Some(gil) if current::pop(&inner.ts) => {
                inner.ts.set_status(Status::Detached);
                inner.ts.reap_if_orphaned();
                self.outer.resume(Some(gil))
            }
            Some(gil) => {
                // The inner state is not innermost: a nested scope was leaked with
                // `mem::forget`. Give the GIL back; the outer state stays suspended.
                inner.gil = Some(gil);
                self.outer.mark_dead();
                Err(TstateError::NotCurrent {
                    api: "PyThreadState_Swap",
                    tstate: inner.ts.addr(),
                })
            }
            // The inner state lost its GIL (its interpreter was ended under it) and is off
            // the stack already; the outer state is innermost again.
            None if inner.ts.status() == Status::Detached => self.outer.resume(None),
            None => {
                self.outer.mark_dead();
                Err(inner.dead_error())
            }
        };
        drop(inner);
        if let Some(temp) = self.temp.take() {
            drop(temp);
        }
        res
    }
}

impl Deref for Entered<'_> {
    type Target = Attached;

    fn deref(&self) -> &Attached {
        // `inner` is only `None` inside `leave_inner`, which consumes or drops the scope.
        self.inner.as_ref().unwrap_or(self.outer)
    }
}

impl DerefMut for Entered<'_> {
    fn deref_mut(&mut self) -> &mut Attached {
        match &mut self.inner {
            Some(inner) => inner,
            None => self.outer,
        }
    }
}

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        // Failures are recorded in the outer guard, which reports them on its next use.
        let _ = self.leave_inner();
    }
}
