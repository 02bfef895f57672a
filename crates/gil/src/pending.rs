//! [`PendingCalls`]: a bounded queue of closures that an interpreter runs at its next check.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crate::attached::Attached;
use crate::breaker::EvalBreaker;
use crate::error::{PendingCallPanic, PendingFull};
use crate::sync::{AtomicUsize, Mutex, Ordering};

/// A queued call. It runs on a thread attached to the queue's interpreter, with that
/// interpreter's GIL held; the [`Attached`] it gets is the proof.
pub type PendingCall = Box<dyn FnOnce(&Attached) + Send + 'static>;

/// A bounded queue of calls that an interpreter runs at its next eval-breaker check (CPython:
/// `struct _pending_calls`, `_PyEval_AddPendingCall`, `_Py_HandlePending`).
///
/// Any thread may add; adding sets [`EvalBreaker::CALLS_TO_DO`] on the interpreter's breaker,
/// so the thread holding that interpreter's GIL runs the calls at its next
/// [`Attached::check`]. This is how another interpreter hands work to the owner, e.g. a free
/// that must happen in the owner's heap. Calls run in the order they were added. A panic in a
/// call is caught and reported; the calls after it stay queued.
///
/// Sizes are CPython's: [`MAX`](Self::MAX) calls per interpreter, at most
/// [`MAX_PER_PASS`](Self::MAX_PER_PASS) per check; the main interpreter's main-thread-only
/// queue holds [`MAX_MAIN`](Self::MAX_MAIN) and has no per-pass limit.
pub struct PendingCalls {
    queue: Mutex<VecDeque<PendingCall>>,
    /// The queue's length, readable without the lock (every attach looks at it).
    queued: AtomicUsize,
    capacity: usize,
    max_per_pass: Option<usize>,
    breaker: Arc<EvalBreaker>,
}

impl std::fmt::Debug for PendingCalls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingCalls")
            .field("len", &self.len())
            .field("capacity", &self.capacity)
            .field("max_per_pass", &self.max_per_pass)
            .finish_non_exhaustive()
    }
}

impl PendingCalls {
    /// Capacity of an interpreter's queue (CPython's `MAXPENDINGCALLS`, 300).
    pub const MAX: usize = 300;
    /// Calls run per check from an interpreter's queue (CPython's `MAXPENDINGCALLSLOOP`, 100).
    pub const MAX_PER_PASS: usize = 100;
    /// Capacity of the main-thread-only queue (CPython's `MAXPENDINGCALLS_MAIN`, 32).
    pub const MAX_MAIN: usize = 32;

    /// An empty queue of `capacity` calls that signals `breaker` and runs at most
    /// `max_per_pass` calls per check (`None`: all of them).
    pub fn new(breaker: Arc<EvalBreaker>, capacity: usize, max_per_pass: Option<usize>) -> Self {
        Self {
            queue: Mutex::new(VecDeque::new()),
            queued: AtomicUsize::new(0),
            capacity,
            max_per_pass,
            breaker,
        }
    }

    /// Queues `call` and signals the interpreter. A full queue hands the call back.
    pub fn try_add<F>(&self, call: F) -> Result<(), PendingFull<F>>
    where
        F: FnOnce(&Attached) + Send + 'static,
    {
        let mut q = self.queue.lock();
        if q.len() >= self.capacity {
            return Err(PendingFull(call));
        }
        q.push_back(Box::new(call));
        self.queued.store(q.len(), Ordering::Release);
        drop(q);
        self.breaker.set(EvalBreaker::CALLS_TO_DO);
        Ok(())
    }

    /// How many calls are queued.
    pub fn len(&self) -> usize {
        self.queued.load(Ordering::Acquire)
    }

    /// Whether no call is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many calls fit.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Sets the breaker bit again if calls are left (after a pass or on a new holder).
    pub(crate) fn resignal(&self) {
        if !self.is_empty() {
            self.breaker.set(EvalBreaker::CALLS_TO_DO);
        }
    }

    /// Runs up to one pass of calls; returns how many ran. The caller has cleared
    /// `CALLS_TO_DO` before, so a call added while this runs is never lost: either this pass
    /// sees it or its `try_add` sets the bit again.
    pub(crate) fn run(&self, attached: &Attached) -> Result<usize, PendingCallPanic> {
        let mut ran = 0;
        while self.max_per_pass.is_none_or(|max| ran < max) {
            // The lock is not held while the call runs: calls may add calls.
            let call = {
                let mut q = self.queue.lock();
                let call = q.pop_front();
                self.queued.store(q.len(), Ordering::Release);
                call
            };
            let Some(call) = call else {
                return Ok(ran);
            };
            ran += 1;
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| call(attached))) {
                self.resignal();
                return Err(PendingCallPanic::new(payload));
            }
        }
        self.resignal();
        Ok(ran)
    }
}
