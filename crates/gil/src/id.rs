//! [`HolderId`]: who holds a GIL, unique in the process. (Interpreter ids are
//! [`subinterp_id::InterpId`], re-exported at the crate root.)

use std::fmt;
use std::num::NonZeroU64;
use std::sync::atomic::{AtomicU64, Ordering};

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
