//! [`GilStats`]: what a GIL counts about itself.

use std::time::Duration;

/// Counters kept by a [`Gil`](crate::Gil), read with [`Gil::stats`](crate::Gil::stats).
///
/// They are updated under the GIL's own mutex, so a snapshot is consistent. CPython keeps none
/// of these (only `switch_number`, which equals `switches` here).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GilStats {
    /// Times the GIL was taken, including re-takes by the same holder and direct handoffs.
    pub acquisitions: u64,
    /// Acquisitions that had to queue because the GIL was held.
    pub contended: u64,
    /// Changes of holder (CPython's `switch_number`).
    pub switches: u64,
    /// Switches caused by a drop request: the holder was asked to drop and handed the GIL to
    /// the waiter that asked (CPython's FORCE_SWITCHING).
    pub forced_switches: u64,
    /// Drop requests made by waiters whose interval ran out.
    pub drop_requests: u64,
    /// Sum of the time contended acquisitions spent queued.
    pub total_wait: Duration,
    /// The longest time one acquisition spent queued.
    pub max_wait: Duration,
}

impl GilStats {
    pub(crate) fn record_wait(&mut self, waited: Duration) {
        self.contended += 1;
        self.total_wait = self.total_wait.saturating_add(waited);
        self.max_wait = self.max_wait.max(waited);
    }

    /// Mean time a contended acquisition spent queued (zero when nothing was contended).
    pub fn mean_wait(&self) -> Duration {
        match u32::try_from(self.contended) {
            Ok(0) => Duration::ZERO,
            Ok(n) => self.total_wait / n,
            Err(_) => {
                Duration::from_secs_f64(self.total_wait.as_secs_f64() / self.contended as f64)
            }
        }
    }
}
