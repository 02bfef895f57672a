//! The synchronization facade: `parking_lot` and `std` normally, `loom` under `cfg(loom)`.
//!
//! Everything in the crate that blocks, waits or shares a word between threads goes through
//! this module, so `tests/loom.rs` can model-check the real code (crossbeam's `primitive`
//! pattern). Process-wide id counters stay plain `std` atomics in both builds: they only hand
//! out unique numbers and loom cannot put its atomics in a `static`.
//!
//! Loom does not model time. Under `cfg(loom)` every timed wait therefore times out at once
//! and every deadline counts as passed (for the waiter and for the holder's check alike),
//! which makes the models explore the drop-request path on every contended acquisition; a GIL
//! whose interval cannot be turned into a deadline waits untimed, which lets a model explore the
//! other path (the holder releasing on its own).

#[cfg(not(loom))]
mod imp {
    use std::time::Instant;

    pub(crate) use std::sync::atomic::{
        AtomicBool, AtomicU8, AtomicU32, AtomicU64, AtomicUsize, Ordering,
    };
    pub(crate) use std::thread::ThreadId;
    pub(crate) use std::thread_local;

    /// A mutex without poisoning: a panic while it is held cannot leave GIL state half-written,
    /// because no user code runs under it.
    #[derive(Debug, Default)]
    pub(crate) struct Mutex<T>(parking_lot::Mutex<T>);

    pub(crate) type MutexGuard<'a, T> = parking_lot::MutexGuard<'a, T>;

    impl<T> Mutex<T> {
        pub(crate) fn new(value: T) -> Self {
            Self(parking_lot::Mutex::new(value))
        }

        #[inline]
        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            self.0.lock()
        }
    }

    /// A condition variable used with [`Mutex`].
    #[derive(Debug, Default)]
    pub(crate) struct Condvar(parking_lot::Condvar);

    impl Condvar {
        pub(crate) fn new() -> Self {
            Self(parking_lot::Condvar::new())
        }

        pub(crate) fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
            self.0.wait(&mut guard);
            guard
        }

        /// Waits until notified or until `deadline`; the flag says whether the deadline passed.
        pub(crate) fn wait_until<'a, T>(
            &self,
            mut guard: MutexGuard<'a, T>,
            deadline: Instant,
        ) -> (MutexGuard<'a, T>, bool) {
            let res = self.0.wait_until(&mut guard, deadline);
            (guard, res.timed_out())
        }

        pub(crate) fn notify_one(&self) {
            self.0.notify_one();
        }
    }

    /// The id of the calling OS thread.
    pub(crate) fn thread_id() -> ThreadId {
        std::thread::current().id()
    }

    /// Whether `deadline` has passed.
    #[inline]
    pub(crate) fn reached(deadline: Instant) -> bool {
        Instant::now() >= deadline
    }
}

#[cfg(loom)]
mod imp {
    use std::time::Instant;

    pub(crate) use loom::sync::atomic::{
        AtomicBool, AtomicU8, AtomicU32, AtomicU64, AtomicUsize, Ordering,
    };
    pub(crate) use loom::thread::ThreadId;
    pub(crate) use loom::thread_local;

    #[derive(Debug)]
    pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

    pub(crate) type MutexGuard<'a, T> = loom::sync::MutexGuard<'a, T>;

    impl<T> Mutex<T> {
        pub(crate) fn new(value: T) -> Self {
            Self(loom::sync::Mutex::new(value))
        }

        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            // Loom never poisons: a panic aborts the model.
            self.0.lock().unwrap_or_else(|e| e.into_inner())
        }
    }

    #[derive(Debug)]
    pub(crate) struct Condvar(loom::sync::Condvar);

    impl Condvar {
        pub(crate) fn new() -> Self {
            Self(loom::sync::Condvar::new())
        }

        pub(crate) fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
            self.0.wait(guard).unwrap_or_else(|e| e.into_inner())
        }

        /// Loom has no clock: the deadline is always taken as reached.
        pub(crate) fn wait_until<'a, T>(
            &self,
            guard: MutexGuard<'a, T>,
            _deadline: Instant,
        ) -> (MutexGuard<'a, T>, bool) {
            (guard, true)
        }

        pub(crate) fn notify_one(&self) {
            self.0.notify_one();
        }
    }

    pub(crate) fn thread_id() -> ThreadId {
        loom::thread::current().id()
    }

    /// Loom has no clock: every deadline has passed, as every timed wait times out at once.
    pub(crate) fn reached(_deadline: Instant) -> bool {
        true
    }
}

pub(crate) use imp::*;
