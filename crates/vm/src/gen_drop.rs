//! Closing generators that die suspended (CPython's `_PyGen_Finalize`: `gen.close()` on
//! dealloc), so their `finally` blocks and `with` exits run.
//!
//! The generator's Rust value is dropped by the object crate's dealloc, which has no thread
//! state to run Python code with (and runs inside some operation of the loop that holds
//! it). So the drop only moves the suspended frame to its thread state's [`Dropped`] queue;
//! the loop closes what is queued at its next check ([`Tstate::close_dropped`]: before each
//! call, on backward jumps, when a frame returns, at the end of `exec`), in a generator
//! object revived for the purpose. An exception the close raises cannot go anywhere: it is
//! reported as CPython reports an unraisable exception, on standard error through the host:
//! `Exception ignored in: <generator object f at 0x...>` and its traceback.
//!
//! A generator that dies on another thread than the one that made it is closed by its
//! maker's thread state at its next check; if that thread state is gone, the frame is
//! released without running.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use subinterp_object::{Obj, ObjRef, PyErr};

use crate::Tstate;
use crate::frame::FrozenFrame;
use crate::generator::GenKind;

/// A suspended generator's frame, its object gone.
pub(crate) struct Unfinished {
    pub(crate) frame: FrozenFrame,
    pub(crate) exc_state: Option<ObjRef>,
    pub(crate) kind: GenKind,
    pub(crate) name: Arc<str>,
    pub(crate) qualname: Arc<str>,
}

/// The frames of generators that died suspended, waiting to be closed by their thread state.
#[derive(Default)]
pub(crate) struct Dropped {
    /// Set when `items` is not empty: the loop's checks read only this.
    pending: AtomicBool,
    items: Mutex<Vec<Unfinished>>,
}

impl Dropped {
    /// Queues `u` for closing.
    pub(crate) fn push(&self, u: Unfinished) {
        self.items
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(u);
        self.pending.store(true, Ordering::Release);
    }

    /// `d` again for the next run of the interpreter when no generator holds it and nothing
    /// is queued: nobody can then tell it from a new one, and the run saves an allocation.
    /// Otherwise `d` is dropped as a thread state's queue always was (a frame queued after
    /// the last check is released without running).
    pub(crate) fn reusable(mut d: Arc<Dropped>) -> Option<Arc<Dropped>> {
        let unused = Arc::get_mut(&mut d).is_some_and(|q| {
            q.items
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .is_empty()
        });
        unused.then_some(d)
    }

    fn take(&self) -> Vec<Unfinished> {
        self.pending.store(false, Ordering::Relaxed);
        std::mem::take(&mut *self.items.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<'py> Tstate<'py> {
    /// Closes the generators that died suspended since the last check.
    #[inline]
    pub(crate) fn close_dropped(&mut self) {
        if self.dropped.pending.load(Ordering::Relaxed) {
            self.close_dropped_slow();
        }
        // The same checks run the collector's pending work (`collector.rs`).
        if self.py().gc_due() {
            self.run_gc_due();
        }
    }

    #[cold]
    #[inline(never)]
    fn close_dropped_slow(&mut self) {
        // Closing may drop more generators (a `yield from` delegate): loop until none is left.
        loop {
            let batch = self.dropped.take();
            if batch.is_empty() {
                return;
            }
            for u in batch {
                let g = match crate::generator::revive(
                    self,
                    u.frame,
                    u.exc_state,
                    u.kind,
                    u.name,
                    u.qualname,
                    true,
                ) {
                    Ok(g) => g,
                    Err(_) => continue,
                };
                // The handled exception of the code that dropped it is left as it was.
                let handled = self.handled.clone();
                let r = crate::generator::gen_close(self, &g);
                self.handled = handled;
                if let Err(e) = r {
                    self.write_unraisable(&e, &g);
                }
            }
        }
    }

    /// CPython's report of an exception nothing can catch (`sys.unraisablehook`'s default):
    /// `Exception ignored in: REPR` and the traceback, on standard error. A failure to
    /// write it is dropped: there is nowhere left to report it.
    pub(crate) fn write_unraisable(&mut self, e: &PyErr, obj: &Obj<'py>) {
        let what = self.repr(obj).unwrap_or_else(|_| String::from("<object>"));
        let tb = match crate::traceback::format_alone(self, e) {
            Ok(t) => t,
            Err(_) => format!("{}\n", e.traceback_line()),
        };
        let _ = self
            .host()
            .write_stderr(&format!("Exception ignored in: {what}\n{tb}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_is_reused_only_when_nothing_else_holds_it() {
        let d = Arc::new(Dropped::default());
        let held = d.clone();
        assert!(Dropped::reusable(d).is_none());
        assert!(Dropped::reusable(held).is_some());
    }
}
