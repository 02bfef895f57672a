//! A strictly increasing clock in seconds (`_set_initialized`'s "strictly monotonic, so each
//! time is unique"), shared by every test module in the process.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

static START: LazyLock<Instant> = LazyLock::new(Instant::now);
static LAST: AtomicU64 = AtomicU64::new(0);

/// Seconds since the first call in this process; every call returns a larger value.
pub(crate) fn monotonic_secs() -> f64 {
    let now = u64::try_from(START.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let mut prev = LAST.load(Ordering::Relaxed);
    loop {
        let next = now.max(prev + 1);
        match LAST.compare_exchange_weak(prev, next, Ordering::AcqRel, Ordering::Relaxed) {
            // Nanoseconds since start stay below 2^53 for ~104 days, so the f64 is exact.
            Ok(_) => return next as f64 / 1e9,
            Err(p) => prev = p,
        }
    }
}
