//! The unbound-item policy (CPython §3.5): what a queue does with an item whose putting
//! interpreter has ended. The policy is applied when the interpreter ends, by the purge of
//! each queue (`inner.rs`): `REMOVE` items leave the queue, `ERROR` and `REPLACE` items are
//! replaced in place by a data-less marker that `get` reports.

use crate::QueueError;

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
}
