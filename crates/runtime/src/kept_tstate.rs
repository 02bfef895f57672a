//! The GIL layer's thread state that [`Interpreter::run`](crate::Interpreter::run) (and so
//! every `exec`) runs on, kept in the interpreter between runs.
//!
//! A run from a thread with no state of its own in the interpreter needs one (CPython's
//! `_PyXI_Enter` makes one with `_PyThreadState_NewBound` and deletes it on the way out).
//! Making it each time cost about 700 of a trivial `exec`'s 4,000 instructions (the state's
//! allocation and registration, its gilstate binding made and pruned again, its deletion), so
//! the state of the last run is kept here instead and taken again by the next run from the
//! same OS thread. It is detached while kept (a run gives it back only after detaching it),
//! bound to the thread that made it (a run from another thread makes its own, as before), and
//! deleted when the interpreter ends or this slot is dropped.
//!
//! One slot, an atomic pointer: taking it leaves it empty, so two runs never share a state,
//! and no lock is held across a `fork()`.

use std::sync::Arc;
use std::sync::atomic::{AtomicPtr, Ordering};

use subinterp_gil::{Interp as GilInterp, ThreadState};

/// The kept thread state of one interpreter (empty, or one detached state).
pub(crate) struct KeptTstate(AtomicPtr<ThreadState>);

impl KeptTstate {
    /// An empty slot.
    pub(crate) fn new() -> KeptTstate {
        KeptTstate(AtomicPtr::new(std::ptr::null_mut()))
    }

    /// The kept state, when it is bound to the calling thread and belongs to `gil` (a forked
    /// child replaces the GIL layer's interpreter). A state kept by another thread is
    /// deleted: its run is over, and this thread's will keep its own.
    pub(crate) fn take(&self, gil: &Arc<GilInterp>) -> Option<Box<ThreadState>> {
        let p = self.0.swap(std::ptr::null_mut(), Ordering::AcqRel);
        if p.is_null() {
            return None;
        }
        // SAFETY: a non-null pointer in the slot came from `Box::into_raw` in `put`, and the
        // swap above took it out, so this is its only owner.
        let ts = unsafe { Box::from_raw(p) };
        (Arc::ptr_eq(ts.interp(), gil) && ts.is_bound_here()).then_some(ts)
    }

    /// Keeps `ts` (detached) for the next run; when the slot is full (a concurrent run gave
    /// its state back first), `ts` is deleted instead.
    pub(crate) fn put(&self, ts: Box<ThreadState>) {
        let p = Box::into_raw(ts);
        if self
            .0
            .compare_exchange(std::ptr::null_mut(), p, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            // SAFETY: `p` came from `Box::into_raw` just above and was not stored.
            drop(unsafe { Box::from_raw(p) });
        }
    }

    /// Deletes the kept state, if any (the interpreter ends).
    pub(crate) fn clear(&self) {
        let p = self.0.swap(std::ptr::null_mut(), Ordering::AcqRel);
        if !p.is_null() {
            // SAFETY: as in `take`: the swap made this the pointer's only owner.
            drop(unsafe { Box::from_raw(p) });
        }
    }
}

impl Drop for KeptTstate {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use subinterp_gil::{Gil, Interp, InterpId, ThreadState, Whence};

    use super::KeptTstate;

    fn interp(id: u64) -> Arc<Interp> {
        Interp::new(InterpId::new(id), Arc::new(Gil::new()))
    }

    #[test]
    fn the_same_thread_gets_its_state_back() {
        let gil = interp(7);
        let slot = KeptTstate::new();
        let ts = Box::new(ThreadState::new(&gil, Whence::Exec).unwrap());
        let id = ts.id();
        slot.put(ts);
        let again = slot.take(&gil).expect("kept for this thread");
        assert_eq!(again.id(), id);
        assert!(slot.take(&gil).is_none(), "taking empties the slot");
        assert_eq!(gil.thread_count(), 1);
        slot.put(again);
        slot.clear();
        assert_eq!(gil.thread_count(), 0, "clearing deletes the state");
    }

    #[test]
    fn another_thread_or_interpreter_gets_none_and_the_state_is_deleted() {
        let gil = interp(8);
        let slot = Arc::new(KeptTstate::new());
        slot.put(Box::new(ThreadState::new(&gil, Whence::Exec).unwrap()));
        let (s, g) = (slot.clone(), gil.clone());
        let other = std::thread::spawn(move || s.take(&g).is_none())
            .join()
            .unwrap();
        assert!(other, "a state bound to another thread is not handed out");
        assert_eq!(gil.thread_count(), 0);

        slot.put(Box::new(ThreadState::new(&gil, Whence::Exec).unwrap()));
        assert!(
            slot.take(&interp(9)).is_none(),
            "nor one of another interpreter"
        );
        assert_eq!(gil.thread_count(), 0);
    }

    #[test]
    fn a_full_slot_deletes_the_second_state() {
        let gil = interp(10);
        let slot = KeptTstate::new();
        slot.put(Box::new(ThreadState::new(&gil, Whence::Exec).unwrap()));
        slot.put(Box::new(ThreadState::new(&gil, Whence::Exec).unwrap()));
        assert_eq!(gil.thread_count(), 1);
        drop(slot);
        assert_eq!(
            gil.thread_count(),
            0,
            "dropping the slot deletes what it kept"
        );
    }
}
