//! Identities: [`InterpId`], chosen by the caller, and [`HolderId`], unique in the process.

use std::fmt;
use std::num::NonZeroU64;
use std::sync::atomic::{AtomicU64, Ordering};

/// The id of an interpreter, as the caller numbers them (CPython: `PyInterpreterState.id`).
///
/// This crate never interprets it: it is carried in errors and handed back to upper layers so
/// they can check who owns what. Two runtimes in one process may use the same ids; the crate
/// tells their interpreters apart by identity ([`Interp`](crate::Interp) handles), never by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InterpId(u64);

impl InterpId {
    /// Wraps a caller-chosen number.
    pub const fn new(id: u64) -> Self {
        Self(id)
    }

    /// The number given to [`InterpId::new`].
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for InterpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Who holds a [`Gil`](crate::Gil) (CPython compares `last_holder` thread-state pointers).
///
/// Every [`ThreadState`](crate::ThreadState) gets one at creation. Ids come from a process-wide
/// counter and are never reused, so a stale id can never match a new holder (CPython's pointer
/// can, after a free).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HolderId(NonZeroU64);

impl HolderId {
    /// A fresh id, different from every id handed out before in this process.
    pub fn new() -> Self {
        // Only uniqueness matters here, not ordering with other memory.
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        Self(NonZeroU64::new(n).unwrap_or(NonZeroU64::MIN))
    }

    /// The raw number, for logs and statistics.
    pub fn get(self) -> u64 {
        self.0.get()
    }
}

impl Default for HolderId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for HolderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
