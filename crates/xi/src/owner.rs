//! [`Owner`]: the record of one interpreter that holds queue handles in a registry, shared by
//! all its handles on every queue, so that its end reaches them all with one store.
//!
//! A record lives in the registry while its interpreter is alive and is dropped from it at the
//! end (handles still holding it see it ended); an interpreter that never bound a handle has
//! none. So the registry's bookkeeping is bounded by the live interpreters, not by every
//! interpreter that ever used a queue.

use crate::InterpId;
use crate::sync::{AtomicBool, Ordering};

/// Whether the interpreter a handle puts for has ended.
#[derive(Debug)]
pub(crate) struct Owner {
    id: InterpId,
    ended: AtomicBool,
}

impl Owner {
    pub(crate) fn new(id: InterpId, ended: bool) -> Owner {
        Owner {
            id,
            ended: AtomicBool::new(ended),
        }
    }

    #[inline]
    pub(crate) fn id(&self) -> InterpId {
        self.id
    }

    /// Whether the owner has ended. `SeqCst`, paired with [`end`](Self::end) and the slots'
    /// waiter count (see `slots.rs`): a putter blocked for room that misses the flag here is
    /// sure to be woken afterwards.
    #[inline]
    pub(crate) fn is_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Marks the owner ended: its handles put no more.
    pub(crate) fn end(&self) {
        self.ended.store(true, Ordering::SeqCst);
    }
}
