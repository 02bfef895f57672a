//! [`QueueId`]: the id of a queue. (The owning interpreter of data and queue items is an
//! [`InterpId`](crate::InterpId), the workspace's one interpreter id, re-exported.)

use std::fmt;

/// The id of a queue: unique within one [`Queues`](crate::Queues) registry, handed out from 1
/// upwards and never reused (CPython's `_interpqueues` qids).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueueId(u64);

impl QueueId {
    /// The largest id CPython can represent (`max queue ID is 9223372036854775807`).
    pub const MAX: QueueId = QueueId(i64::MAX as u64);

    /// Wraps a raw queue id, e.g. one parsed from user input for a lookup.
    #[inline]
    pub const fn new(id: u64) -> QueueId {
        QueueId(id)
    }

    /// The raw id.
    #[inline]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Debug for QueueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueueId({})", self.0)
    }
}

impl fmt::Display for QueueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
