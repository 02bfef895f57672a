//! The runtime's fork-safe lock: a `std` (futex) mutex that ignores poisoning, with
//! `parking_lot`'s calling shape.
//!
//! Used for every lock [`Interpreter::fork`](crate::Interpreter::fork) holds across the fork
//! (the registry, the lifecycle lock, main's thread list and overflow, the arena cache). A
//! `parking_lot` mutex cannot be: its unlock in the child may hand the lock, by its eventual
//! fairness, to a thread of the parent that was parked on it and does not exist in the child,
//! leaving it locked forever; a futex's waiters belong to the kernel's view of the parent, so
//! the child's unlock simply frees it.

use std::sync::PoisonError;

pub(crate) use std::sync::MutexGuard;

/// A mutex whose `lock` cannot fail: no critical section of the runtime leaves its data
/// half-written on a panic (they hold no user code).
#[derive(Debug, Default)]
pub(crate) struct Mutex<T>(std::sync::Mutex<T>);

impl<T> Mutex<T> {
    pub(crate) const fn new(value: T) -> Mutex<T> {
        Mutex(std::sync::Mutex::new(value))
    }

    #[inline]
    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn get_mut(&mut self) -> &mut T {
        self.0.get_mut().unwrap_or_else(PoisonError::into_inner)
    }
}
