//! `HeapId`: a process-unique, never reused heap identity, cheap to copy and compare.

use std::fmt;
use std::num::NonZeroU64;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identity of a [`Heap`](crate::Heap), unique in the process and never reused (like CPython's
/// monotonic interpreter ids), so upper layers can tell heaps apart with one compare.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HeapId(NonZeroU64);

static NEXT: AtomicU64 = AtomicU64::new(1);

impl HeapId {
    /// A fresh id. 2^64 ids cannot be exhausted by a real process (one per nanosecond lasts
    /// five centuries); the counter saturates rather than wrapping to a reused value.
    pub(crate) fn next() -> HeapId {
        let n = NEXT
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
            .unwrap_or(u64::MAX);
        HeapId(NonZeroU64::new(n).unwrap_or(NonZeroU64::MAX))
    }

    /// The id whose number is `n`, if `n` is non-zero.
    pub(crate) fn from_raw(n: u64) -> Option<HeapId> {
        NonZeroU64::new(n).map(HeapId)
    }

    /// The id as a number (starts at 1).
    pub fn get(self) -> u64 {
        self.0.get()
    }
}

impl fmt::Debug for HeapId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HeapId({})", self.0)
    }
}

impl fmt::Display for HeapId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_increasing() {
        let a = HeapId::next();
        let b = HeapId::next();
        assert_ne!(a, b);
        assert!(b.get() > a.get());
    }
}
