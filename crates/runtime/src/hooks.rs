//! Wiring between the layers: refcount operations deferred to an object's owner become pending
//! calls on the owner ([`install_defer_hook`]), cross-interpreter data releases run on their
//! owner ([`ReleaseSink`]), and each run services what was queued for its interpreter
//! ([`service`]).

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};

use subinterp_gil::{Attached, PendingCall};
use subinterp_object::{InterpId, Objects};
use subinterp_xi::{Release, ReleaseJob};

use crate::here;
use crate::runtime::RtInner;
use crate::state::InterpState;

/// Makes the heap of `st` (its own heap) tell `st` when another thread deferred a refcount
/// operation to it: a pending call on `st` runs the deferred operations
/// (`Py::run_deferred`), at the next check of a thread running `st`, or when it ends.
pub(crate) fn install_defer_hook(st: &Arc<InterpState>, objects: &Objects) {
    let weak = Arc::downgrade(st);
    objects.set_defer_hook(Some(Arc::new(move |_owner: InterpId| {
        if let Some(st) = weak.upgrade() {
            schedule_deferred(&st);
        }
    })));
}

fn schedule_deferred(st: &Arc<InterpState>) {
    let weak = Arc::downgrade(st);
    let call = move |_: &Attached| {
        if let Some(st) = weak.upgrade() {
            run_deferred(&st);
        }
    };
    if st.gil().add_pending_call(call).is_err() {
        // The queue is full; the next run of `st` drains the deferred operations itself.
        st.deferred_lost.store(true, Ordering::Release);
    }
}

/// Runs the refcount operations deferred to `st`'s heap. Called only on a thread attached to
/// `st` (a pending call, or a run's service).
fn run_deferred(st: &InterpState) {
    // SAFETY: pending calls and services run on a thread attached to `st` inside a run of it
    // or inside its ending before the object state is taken: readers the slot allows.
    if let Some(objects) = unsafe { st.objects.get() } {
        // SAFETY: the calling thread is attached to `st`, so it holds the GIL that serialises
        // `objects`' heap (see `Interpreter::body`).
        unsafe { objects.with_gil(|py| py.run_deferred()) };
    }
}

/// What a run does before its closure: the eval-breaker check (pending calls, a drop request),
/// then work that could not be queued.
#[inline]
pub(crate) fn service(st: &InterpState, attached: &mut Attached, _objects: &Objects) {
    if attached.breaker().is_set()
        && let Err(e) = attached.check()
    {
        tracing::error!(interp = st.id.get(), "{e}");
    }
    if st.deferred_lost.load(Ordering::Acquire) || st.has_overflow.load(Ordering::Acquire) {
        service_slow(st, attached);
    }
}

#[cold]
#[inline(never)]
fn service_slow(st: &InterpState, attached: &Attached) {
    if st.deferred_lost.swap(false, Ordering::AcqRel) {
        run_deferred(st);
    }
    drain_overflow(st, attached);
}

/// Runs the release calls that did not fit in `st`'s pending-call queue.
pub(crate) fn drain_overflow(st: &InterpState, attached: &Attached) {
    if !st.has_overflow.swap(false, Ordering::AcqRel) {
        return;
    }
    let calls = std::mem::take(&mut *st.overflow.lock());
    for call in calls {
        call(attached);
    }
}

/// Called where a thread state could not take its GIL back after running without it, which
/// the runtime's design rules out (an interpreter ends only once no run is in flight). Going
/// back into the caller's code would touch objects without their GIL, so the thread parks
/// forever instead (what CPython 3.14 does with threads of a finalized interpreter). The import
/// crate's switch to main reacts to a lost GIL the same way, through the same function
/// (`subinterp_gil::park_after_lost_gil`).
#[cold]
pub(crate) fn lost_gil() -> ! {
    subinterp_gil::park_after_lost_gil()
}

/// The runtime's [`Release`] sink: a job runs on its owner, inline when the dropping thread
/// runs the owner, else as a pending call there; jobs for an ended owner are dropped (their
/// owner's heap was reclaimed whole, so dropping what they captured touches nothing).
pub(crate) struct ReleaseSink {
    rt: Weak<RtInner>,
}

impl ReleaseSink {
    pub(crate) fn new(rt: Weak<RtInner>) -> ReleaseSink {
        ReleaseSink { rt }
    }
}

impl Release for ReleaseSink {
    fn release(&self, job: ReleaseJob) {
        let Some(rt) = self.rt.upgrade() else {
            return;
        };
        let Some(st) = rt.lookup(job.owner()) else {
            return;
        };
        if let Some(top) = here::top()
            && top.runs(&st)
        {
            job.run();
            return;
        }
        let call = move |_: &Attached| job.run();
        if let Err(full) = st.gil().add_pending_call(call) {
            let call: PendingCall = Box::new(full.into_inner());
            st.overflow.lock().push(call);
            st.has_overflow.store(true, Ordering::Release);
        }
    }
}
