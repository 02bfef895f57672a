//! The unbound-item policy (CPython §3.5): what a queue does with an item whose putting
//! interpreter has ended. [`Unbound`] is the policy; `OwnerCell` is the per-(queue,
//! interpreter) state that lets a consumer decide at `get` time, without a lock, whether the
//! item it just popped is still bound, while the interpreter-end hook counts exactly how many
//! `REMOVE` items it turned into zombies.
//!
//! # Protocol
//!
//! Items stay in the underlying channel (a channel cannot drop items from its middle), so the
//! decision is made when an item comes out. Each cell has one state word:
//!
//! | bit 63 (`ENDED`) | bits 0..63 | meaning |
//! |---|---|---|
//! | 0 | `t` | owner alive; `t` of its `REMOVE` items have been taken so far |
//! | 1 | `t` | owner ended; items taken after the flip are unbound |
//!
//! plus `removes_put`, the number of `REMOVE` items the owner has put.
//!
//! - put of a `REMOVE` item: `removes_put += 1` (the owner is alive: the runtime ends an
//!   interpreter only when none of its threads is inside a queue operation).
//! - take of a `REMOVE` item: `prev = state.fetch_add(1)`; if `prev` has `ENDED`, the item was
//!   counted as a zombie by the end hook: discard it and decrement the queue's zombie count.
//! - take of an `ERROR`/`REPLACE` item: `state.load() & ENDED` decides bound or unbound.
//! - end: `prev = state.fetch_or(ENDED)`; `removes_put - taken(prev)` `REMOVE` items are still
//!   queued (or popped but not yet decided): they become zombies, and the queue subtracts them
//!   from its size at once.
//!
//! Because the take's `fetch_add` and the end's `fetch_or` hit the same word, each `REMOVE`
//! item is either taken before the end (delivered, not counted) or after it (counted, then
//! discarded): never both, never neither. `tests/loom.rs` checks this.

use crate::sync::{AtomicU64, Ordering};
use crate::{InterpId, QueueError};

/// What `get` does with an item whose putting interpreter has ended. The discriminants are
/// CPython's flags (`_crossinterp.UNBOUND_REMOVE` = 1, `UNBOUND_ERROR` = 2, `UNBOUND` = 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Unbound {
    /// The item disappears when its interpreter ends: `qsize` drops at once (`UNBOUND_REMOVE`).
    Remove = 1,
    /// `get` fails once with [`QueueError::ItemInterpreterDestroyed`], consuming the item
    /// (`UNBOUND_ERROR`).
    Error = 2,
    /// `get` returns [`Received::Unbound`](crate::Received::Unbound), the `UNBOUND` marker
    /// (`UNBOUND`, CPython's `UNBOUND_REPLACE`; the default).
    #[default]
    Replace = 3,
}

impl Unbound {
    /// CPython's flag value.
    #[inline]
    pub fn flag(self) -> i64 {
        self as i64
    }

    /// The policy for CPython's flag value; others give
    /// `ValueError: unsupported unboundop <n>`.
    pub fn from_flag(flag: i64) -> Result<Unbound, QueueError> {
        match flag {
            1 => Ok(Unbound::Remove),
            2 => Ok(Unbound::Error),
            3 => Ok(Unbound::Replace),
            _ => Err(QueueError::UnsupportedUnboundOp(flag)),
        }
    }
}

const ENDED: u64 = 1 << 63;

/// The unbound-item state of one interpreter in one queue (see the module docs).
#[derive(Debug)]
pub(crate) struct OwnerCell {
    id: InterpId,
    /// `ENDED` | number of `REMOVE` items taken.
    state: AtomicU64,
    /// Number of `REMOVE` items put.
    removes_put: AtomicU64,
}

impl OwnerCell {
    pub(crate) fn new(id: InterpId, ended: bool) -> OwnerCell {
        OwnerCell {
            id,
            state: AtomicU64::new(if ended { ENDED } else { 0 }),
            removes_put: AtomicU64::new(0),
        }
    }

    #[inline]
    pub(crate) fn id(&self) -> InterpId {
        self.id
    }

    /// Whether the owner has ended.
    #[inline]
    pub(crate) fn is_ended(&self) -> bool {
        self.state.load(Ordering::Acquire) & ENDED != 0
    }

    /// Records a `REMOVE` item about to be enqueued.
    #[inline]
    pub(crate) fn put_remove(&self) {
        self.removes_put.fetch_add(1, Ordering::AcqRel);
    }

    /// Takes a `REMOVE` item out; `true` if it is a zombie (counted by [`end`](Self::end)).
    #[inline]
    pub(crate) fn take_remove(&self) -> bool {
        self.state.fetch_add(1, Ordering::AcqRel) & ENDED != 0
    }

    /// Marks the owner ended; returns how many of its `REMOVE` items became zombies (0 if it
    /// had already ended).
    pub(crate) fn end(&self) -> u64 {
        let prev = self.state.fetch_or(ENDED, Ordering::AcqRel);
        if prev & ENDED != 0 {
            return 0;
        }
        self.removes_put.load(Ordering::Acquire).wrapping_sub(prev)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn flags_are_cpythons() {
        for op in [Unbound::Remove, Unbound::Error, Unbound::Replace] {
            assert_eq!(Unbound::from_flag(op.flag()), Ok(op));
        }
        assert_eq!(Unbound::default(), Unbound::Replace);
        assert_eq!(
            Unbound::from_flag(0).unwrap_err().to_string(),
            "unsupported unboundop 0"
        );
    }

    #[test]
    fn end_counts_remove_items_not_yet_taken() {
        let cell = OwnerCell::new(InterpId::new(1), false);
        (0..3).for_each(|_| cell.put_remove());
        assert!(!cell.take_remove());
        assert_eq!(cell.end(), 2);
        assert!(cell.is_ended());
        assert!(cell.take_remove());
        assert!(cell.take_remove());
        assert_eq!(cell.end(), 0, "ending twice counts nothing");
    }
}
