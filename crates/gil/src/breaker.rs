//! [`EvalBreaker`]: the word of request bits that running code polls at safe points.

use crate::sync::{AtomicU32, Ordering};

/// A word of request bits that long-running code checks at safe points (CPython:
/// `eval_breaker`, tested by `CHECK_EVAL_BREAKER()` on loop back-edges and calls).
///
/// One breaker belongs to one interpreter. Any thread may set or clear bits; only the thread
/// holding the interpreter's GIL acts on them, through
/// [`Attached::check`](crate::Attached::check). The check itself is one relaxed load: all the
/// synchronization happens in the slow path, under the locks of the GIL and the pending-call
/// queue, so a stale read only costs one trip through that slow path or one more poll.
///
/// Bits (CPython's values for the ones it has):
///
/// | bit | name | set by | handled by |
/// |---|---|---|---|
/// | 0 | [`DROP_REQUEST`](Self::DROP_REQUEST) | a GIL waiter whose interval ran out | `check`: hand the GIL to the waiter, queue for it again |
/// | 1 | [`SIGNALS_PENDING`](Self::SIGNALS_PENDING) | reserved for the runtime (signals) | the runtime |
/// | 2 | [`CALLS_TO_DO`](Self::CALLS_TO_DO) | [`PendingCalls::try_add`](crate::PendingCalls::try_add) | `check`: run pending calls |
/// | 3 | [`ASYNC_EXCEPTION`](Self::ASYNC_EXCEPTION) | reserved for the runtime | the runtime |
/// | 4 | [`GC_SCHEDULED`](Self::GC_SCHEDULED) | reserved for the runtime | the runtime |
/// | 7 | [`GIL_WAITER`](Self::GIL_WAITER) | the GIL, while its head waiter counts down its interval (not in CPython) | `check`: compare the clock with that waiter's deadline; once passed, make its drop request and hand over |
/// | 8..32 | free: [`FIRST_FREE_BIT`](Self::FIRST_FREE_BIT) and up | upper layers | upper layers |
///
/// `check` handles bits 0, 2 and 7 and leaves the others set: the layer that owns a bit clears
/// it. CPython uses bits 5 and 6 (stop-the-world, explicit merge), which stay unused here.
#[derive(Debug)]
pub struct EvalBreaker {
    word: AtomicU32,
}

impl EvalBreaker {
    /// The GIL's holder is asked to drop it (`_PY_GIL_DROP_REQUEST_BIT`).
    pub const DROP_REQUEST: u32 = 1 << 0;
    /// Signals are pending (`_PY_SIGNALS_PENDING_BIT`); reserved for the runtime.
    pub const SIGNALS_PENDING: u32 = 1 << 1;
    /// Pending calls are queued (`_PY_CALLS_TO_DO_BIT`).
    pub const CALLS_TO_DO: u32 = 1 << 2;
    /// An asynchronous exception is pending (`_PY_ASYNC_EXCEPTION_BIT`); reserved.
    pub const ASYNC_EXCEPTION: u32 = 1 << 3;
    /// A garbage collection is scheduled (`_PY_GC_SCHEDULED_BIT`); reserved.
    pub const GC_SCHEDULED: u32 = 1 << 4;
    /// A waiter of the GIL held by this breaker's interpreter is counting down its switch
    /// interval; set and cleared by the [`Gil`](crate::Gil). Not in CPython, whose holder
    /// learns of a waiter only from its drop request: here the holder's check can make that
    /// request itself when the interval has run out, sparing the waiter a wake-up.
    pub const GIL_WAITER: u32 = 1 << 7;
    /// The first bit that this crate and CPython leave free for upper layers (bits 8..32).
    pub const FIRST_FREE_BIT: u32 = 1 << 8;

    /// A breaker with no bit set.
    pub fn new() -> Self {
        Self {
            word: AtomicU32::new(0),
        }
    }

    /// Whether any bit is set: the cheap poll. Call it often; go to the slow path when true.
    #[inline]
    pub fn is_set(&self) -> bool {
        self.word.load(Ordering::Relaxed) != 0
    }

    /// The current bits.
    #[inline]
    pub fn bits(&self) -> u32 {
        self.word.load(Ordering::Relaxed)
    }

    /// Whether all of `bits` are set.
    #[inline]
    pub fn contains(&self, bits: u32) -> bool {
        self.bits() & bits == bits
    }

    /// Sets `bits` (an atomic or, as CPython's `_Py_set_eval_breaker_bit`).
    pub fn set(&self, bits: u32) {
        self.word.fetch_or(bits, Ordering::Release);
    }

    /// Clears `bits`; returns whether any of them was set.
    pub fn clear(&self, bits: u32) -> bool {
        self.word.fetch_and(!bits, Ordering::AcqRel) & bits != 0
    }
}

impl Default for EvalBreaker {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::EvalBreaker;

    #[test]
    fn set_clear_and_poll() {
        let b = EvalBreaker::new();
        assert!(!b.is_set());
        b.set(EvalBreaker::CALLS_TO_DO | EvalBreaker::FIRST_FREE_BIT);
        assert!(b.is_set());
        assert!(b.contains(EvalBreaker::CALLS_TO_DO));
        assert!(!b.contains(EvalBreaker::DROP_REQUEST));
        assert!(b.clear(EvalBreaker::CALLS_TO_DO));
        assert!(!b.clear(EvalBreaker::CALLS_TO_DO));
        assert_eq!(b.bits(), EvalBreaker::FIRST_FREE_BIT);
    }

    #[test]
    fn bit_values_match_cpython() {
        assert_eq!(
            [
                EvalBreaker::DROP_REQUEST,
                EvalBreaker::SIGNALS_PENDING,
                EvalBreaker::CALLS_TO_DO,
                EvalBreaker::ASYNC_EXCEPTION,
                EvalBreaker::GC_SCHEDULED,
            ],
            [1, 2, 4, 8, 16]
        );
    }
}
