//! `Slots`: the capacity of a bounded queue (`maxsize > 0`), a counting semaphore whose
//! putters block on a condition variable and are woken by `get` (no polling; CPython sleeps
//! 10 ms between tries).
//!
//! Not a bounded crossbeam channel because items of an ended interpreter with the `REMOVE`
//! policy must give their room back at once while they still sit in the item channel, and
//! because a crossbeam bounded channel allocates all `maxsize` slots up front (CPython accepts
//! any `maxsize`, e.g. 10**9).
//!
//! # Protocol
//!
//! - `used` counts reserved places; `try_acquire` increments it only while `used < max`.
//! - a blocking putter, under `lock`: `waiting += 1`, then re-tries, then waits on `cond`.
//! - `release` (a `get`, or an interpreter end removing items): `used -= n`, then if
//!   `waiting > 0`, lock and notify.
//! - a putter's interpreter ends while it waits: the end sets the owner's flag, then calls
//!   `notify` (the same `waiting` check and notify as `release`); the waiter re-checks its
//!   `cancelled` predicate (that flag) on every turn, before trying for a place.
//!
//! The releaser reads `waiting` with a read-modify-write (`fetch_add(0)`), not a load: a plain
//! load/load pair is the store-buffer pattern, where both sides may read stale values unless
//! one relies on `SeqCst` loads (which loom does not model). With the RMW, either it comes
//! before the waiter's `waiting += 1` in that counter's modification order, so the waiter's
//! increment reads from it, synchronises with it and its re-try sees the released place; or it
//! comes after, sees the waiter, and notifies under `lock`, which the waiter holds until
//! `cond.wait` releases it, so the notify cannot slip in before the waiter sleeps.
//! `tests/loom.rs` checks that no wake-up is lost (loom, which models `SeqCst` loads as
//! acquire loads, reports a deadlock for the load version).

use std::time::Instant;

use crossbeam_utils::Backoff;

use crate::sync::{AtomicBool, AtomicUsize, Condvar, Mutex, MutexGuard, Ordering, lock};

/// Why a blocking acquire gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoSlot {
    /// The deadline passed with every place taken.
    Full,
    /// The queue was destroyed.
    Closed,
    /// The caller's `cancelled` predicate turned true (the putter's interpreter ended).
    Cancelled,
}

#[derive(Debug)]
pub(crate) struct Slots {
    max: usize,
    used: AtomicUsize,
    waiting: AtomicUsize,
    closed: AtomicBool,
    lock: Mutex<()>,
    cond: Condvar,
}

impl Slots {
    pub(crate) fn new(max: usize) -> Slots {
        Slots {
            max,
            used: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
            lock: Mutex::new(()),
            cond: Condvar::new(),
        }
    }

    /// Holds the slots' lock (for a fork: see `Inner::hold_for_fork`).
    pub(crate) fn hold(&self) -> MutexGuard<'_, ()> {
        lock(&self.lock)
    }

    /// Places in use.
    #[inline]
    pub(crate) fn used(&self) -> usize {
        self.used.load(Ordering::SeqCst)
    }

    /// Whether every place is taken.
    #[inline]
    pub(crate) fn is_full(&self) -> bool {
        self.used() >= self.max
    }

    /// Takes a place if one is free.
    #[inline]
    pub(crate) fn try_acquire(&self) -> bool {
        self.used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < self.max).then_some(n + 1)
            })
            .is_ok()
    }

    /// Takes a place, waiting until `deadline` (`None`: forever) for one to be released, or
    /// until `cancelled()` is true (checked on every wake-up; whoever makes it true calls
    /// [`notify`](Self::notify) afterwards).
    #[cold]
    pub(crate) fn acquire(
        &self,
        deadline: Option<Instant>,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(), NoSlot> {
        // A consumer that is draining frees a place within microseconds: spin a little before
        // paying for a sleep and a wake-up on both sides.
        // (Not under loom: the spin is only a shortcut, and loom would explore every turn.)
        let backoff = Backoff::new();
        while cfg!(not(loom)) && !backoff.is_completed() {
            if cancelled() {
                return Err(NoSlot::Cancelled);
            }
            if self.try_acquire() {
                return Ok(());
            }
            backoff.snooze();
        }
        let mut guard = lock(&self.lock);
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let res = loop {
            if self.closed.load(Ordering::SeqCst) {
                break Err(NoSlot::Closed);
            }
            if cancelled() {
                break Err(NoSlot::Cancelled);
            }
            if self.try_acquire() {
                break Ok(());
            }
            match deadline {
                None => {
                    guard = self
                        .cond
                        .wait(guard)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                Some(deadline) => {
                    let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                        break Err(NoSlot::Full);
                    };
                    guard = self
                        .cond
                        .wait_timeout(guard, left)
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0;
                }
            }
        };
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        drop(guard);
        res
    }

    /// Gives `n` places back and wakes waiting putters.
    #[inline]
    pub(crate) fn release(&self, n: usize) {
        self.used.fetch_sub(n, Ordering::SeqCst);
        self.notify();
    }

    /// Wakes waiting putters, if any, so they re-check their place and their `cancelled`
    /// predicate.
    #[inline]
    pub(crate) fn notify(&self) {
        // An RMW, not a load: see the protocol in the module docs.
        if self.waiting.fetch_add(0, Ordering::SeqCst) > 0 {
            self.wake();
        }
    }

    /// Fails every current and future blocking acquire with [`NoSlot::Closed`].
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.wake();
    }

    #[cold]
    fn wake(&self) {
        let _guard = lock(&self.lock);
        self.cond.notify_all();
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn acquire_times_out_when_full_and_wakes_on_release() {
        let slots = Arc::new(Slots::new(1));
        assert!(slots.try_acquire());
        assert!(!slots.try_acquire());
        assert!(slots.is_full());
        let soon = Instant::now() + Duration::from_millis(20);
        assert_eq!(slots.acquire(Some(soon), &|| false), Err(NoSlot::Full));

        let waiter = {
            let slots = slots.clone();
            std::thread::spawn(move || slots.acquire(None, &|| false))
        };
        while slots.waiting.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        slots.release(1);
        assert_eq!(waiter.join().unwrap(), Ok(()));
        assert_eq!(slots.used(), 1);
    }

    #[test]
    fn close_wakes_waiters() {
        let slots = Arc::new(Slots::new(1));
        assert!(slots.try_acquire());
        let waiter = {
            let slots = slots.clone();
            std::thread::spawn(move || slots.acquire(None, &|| false))
        };
        while slots.waiting.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        slots.close();
        assert_eq!(waiter.join().unwrap(), Err(NoSlot::Closed));
    }
}

#[cfg(all(test, not(loom)))]
mod cancel_tests {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    use super::*;

    #[test]
    fn notify_wakes_a_waiter_whose_predicate_turned_true() {
        let slots = Arc::new(Slots::new(1));
        let gone = Arc::new(AtomicBool::new(false));
        assert!(slots.try_acquire());
        let waiter = {
            let (slots, gone) = (slots.clone(), gone.clone());
            std::thread::spawn(move || slots.acquire(None, &|| gone.load(Ordering::SeqCst)))
        };
        while slots.waiting.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        gone.store(true, Ordering::SeqCst);
        slots.notify();
        assert_eq!(waiter.join().unwrap(), Err(NoSlot::Cancelled));
        assert_eq!(slots.used(), 1, "a cancelled waiter takes no place");
    }
}
