//! Releasing owner-side state: [`Release`] (the sink the runtime wires to each interpreter's
//! pending calls), [`ReleaseJob`] and [`Keepalive`].
//!
//! CPython's central XI invariant (`crossinterp.c:_xidata_release`): memory that belongs to an
//! interpreter is freed by that interpreter, never by the one that happens to drop the data.
//! CPython runs the free inline when the owner is current and otherwise adds a pending call to
//! the owner. Here a [`Keepalive`] never runs its job inline on drop: it always hands the job
//! to its [`Release`] sink, whatever thread drops it. The sink (the runtime) knows which
//! interpreter the dropping thread is attached to, so it may run the job at once when that is
//! the owner, and otherwise queues it as a pending call on the owner.

use std::fmt;
use std::sync::Arc;

use crate::InterpId;

/// Where released owner-side state goes: the runtime implements this over each interpreter's
/// pending-call queue.
///
/// Contract for implementors:
/// - run `job` only on a thread attached to `job.owner()` (inline if the calling thread is
///   attached to it, else as a pending call the owner drains at its next eval-breaker check or
///   at its teardown);
/// - if the owner has already ended, or its pending-call queue refuses the job, the sink decides
///   (CPython leaks silently in both cases): it must not run the job on another interpreter.
///   Dropping the `ReleaseJob` without running it drops the closure's captures on the calling
///   thread, so a runtime whose jobs capture owner-heap state should `std::mem::forget` it
///   instead, or reclaim the owner's heap as a whole.
///
/// `release` may be called from any thread, including from inside another `release` call.
pub trait Release: Send + Sync {
    /// Takes `job`, to be run on its owner.
    fn release(&self, job: ReleaseJob);
}

/// A release action bound to the interpreter that must run it.
pub struct ReleaseJob {
    owner: InterpId,
    run: Box<dyn FnOnce() + Send>,
}

impl ReleaseJob {
    /// A job to run on `owner`.
    pub fn new(owner: InterpId, run: impl FnOnce() + Send + 'static) -> ReleaseJob {
        ReleaseJob {
            owner,
            run: Box::new(run),
        }
    }

    /// The interpreter that must run this job.
    #[inline]
    pub fn owner(&self) -> InterpId {
        self.owner
    }

    /// Runs the job. Call this only on a thread attached to [`owner`](Self::owner).
    pub fn run(self) {
        (self.run)()
    }
}

impl fmt::Debug for ReleaseJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReleaseJob")
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

/// Keeps owner-side state alive while cross-interpreter data refers to it (CPython's
/// `_PyCrossInterpreterData.obj` plus its `free`), and releases it through the owner's
/// [`Release`] sink when dropped, never inline.
pub struct Keepalive {
    owner: InterpId,
    job: Option<ReleaseJob>,
    sink: Arc<dyn Release>,
}

impl Keepalive {
    /// Owner-side state of `owner`, released by running `release` on `owner` via `sink`.
    pub fn new(
        owner: InterpId,
        sink: Arc<dyn Release>,
        release: impl FnOnce() + Send + 'static,
    ) -> Keepalive {
        Keepalive {
            owner,
            job: Some(ReleaseJob::new(owner, release)),
            sink,
        }
    }

    /// The interpreter that owns the state.
    #[inline]
    pub fn owner(&self) -> InterpId {
        self.owner
    }
}

impl Drop for Keepalive {
    fn drop(&mut self) {
        if let Some(job) = self.job.take() {
            self.sink.release(job);
        }
    }
}

impl fmt::Debug for Keepalive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keepalive")
            .field("owner", &self.owner())
            .finish_non_exhaustive()
    }
}
