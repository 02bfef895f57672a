//! Finalizing a runtime (`Py_FinalizeEx` with `finalize_subinterpreters`).

use std::sync::Arc;
use std::time::Duration;

use crate::end::{self, EndReport};
use crate::runtime::RtInner;
use crate::state::{InterpState, Refused};
use crate::{Error, Whence};

/// What [`Runtime::finalize`](crate::Runtime::finalize) did.
#[derive(Debug)]
#[non_exhaustive]
pub struct FinalizeReport {
    /// One report per interpreter ended: the sub-interpreters that were left, newest first,
    /// then main.
    pub ended: Vec<EndReport>,
    /// Queues still alive, destroyed with the runtime's queue registry.
    pub queues_destroyed: usize,
}

impl FinalizeReport {
    /// Whether every heap closed with nothing left in it.
    pub fn is_clean(&self) -> bool {
        self.ended.iter().all(EndReport::is_clean)
    }
}

/// The steps, in CPython's order: stop main taking new threads and join its non-daemon
/// threads; end every sub-interpreter, newest first (each waits for whoever runs its
/// `__main__`); end main, finalizing the import system; destroy the remaining queues.
pub(crate) fn finalize(rt: &RtInner) -> Result<FinalizeReport, Error> {
    let _life = rt.lifecycle.lock();
    let main = {
        let mut reg = rt.reg.lock();
        if !reg.initialized || reg.finalizing {
            return Err(Error::NotInitialized);
        }
        reg.finalizing = true;
        reg.main.clone()
    };
    let span = tracing::info_span!("runtime.finalize");
    let _span = span.enter();
    let Some(main) = main else {
        return Err(Error::NotInitialized);
    };
    // `wait_for_thread_shutdown` for main first: its threads may be the ones running subs.
    let _ = main.begin_finalizing_waiting();
    end::join_threads(&main);
    let mut ended = Vec::new();
    while let Some(st) = newest_sub(rt) {
        match st.begin_finalizing_waiting() {
            Ok(()) => ended.push(end::finish(rt, &st, false, None)),
            // Another thread is ending it right now; it unlinks it when done.
            Err(Refused::Gone) => wait_ended(&st),
            Err(Refused::AlreadyRunning) => {}
        }
    }
    ended.push(end::finish(rt, &main, true, None));
    let queues_destroyed = destroy_queues(rt);
    let mut reg = rt.reg.lock();
    reg.map.clear();
    reg.main = None;
    reg.next_id = 0;
    reg.initialized = false;
    reg.finalizing = false;
    Ok(FinalizeReport {
        ended,
        queues_destroyed,
    })
}

fn newest_sub(rt: &RtInner) -> Option<Arc<InterpState>> {
    rt.reg
        .lock()
        .map
        .values()
        .rev()
        .find(|s| s.whence != Whence::Runtime && !s.is_ended())
        .cloned()
}

fn wait_ended(st: &InterpState) {
    while !st.is_ended() {
        std::thread::sleep(Duration::from_micros(200));
    }
}

fn destroy_queues(rt: &RtInner) -> usize {
    let queues = rt.queues();
    let mut n = 0;
    for q in queues.list_all() {
        if queues.destroy(q.id).is_ok() {
            n += 1;
        }
    }
    n
}
