//! Errors, with CPython's exact texts: [`QueueError`], [`PutError`] (hands the item back) and
//! [`ShareError`] (`NotShareableError` / `OverflowError` from converting a value).

use std::fmt;

use crate::{InterpId, QueueId, XiData};

/// A failed queue operation. The `Display` text is CPython's message; [`python_type`]
/// names the exception class CPython raises.
///
/// [`python_type`]: QueueError::python_type
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    /// The queue was destroyed, or never existed (`QueueNotFoundError`).
    #[error("queue {0} not found")]
    NotFound(QueueId),
    /// Nothing to get before the timeout (`QueueEmpty`).
    #[error("queue {0} is empty")]
    Empty(QueueId),
    /// No room before the timeout (`QueueFull`).
    #[error("queue {0} is full")]
    Full(QueueId),
    /// The item's putting interpreter ended and the item's policy is
    /// [`Unbound::Error`](crate::Unbound::Error) (`ItemInterpreterDestroyed`). The item is consumed.
    #[error("item's original interpreter destroyed")]
    ItemInterpreterDestroyed,
    /// Every id up to [`QueueId::MAX`] is taken (`QueueError`).
    #[error("ran out of queue IDs")]
    NoIds,
    /// A put through a handle bound to an interpreter that has already ended. CPython cannot get
    /// here (an ended interpreter runs no code); the runtime can, through a stale handle.
    #[error("interpreter {0} has ended")]
    InterpreterEnded(InterpId),
    /// A negative timeout (`ValueError`).
    #[error("timeout value must be non-negative")]
    NegativeTimeout,
    /// An infinite timeout, either sign (`OverflowError`: CPython's queue takes
    /// `int(timeout)` first).
    #[error("cannot convert float infinity to integer")]
    InfiniteTimeout,
    /// A NaN timeout (`ValueError`, from CPython's `int(timeout)`).
    #[error("cannot convert float NaN to integer")]
    NanTimeout,
    /// An unbound-item flag other than 1, 2 or 3 (`ValueError`).
    #[error("unsupported unboundop {0}")]
    UnsupportedUnboundOp(i64),
}

impl QueueError {
    /// The CPython exception class for this error.
    pub fn python_type(&self) -> &'static str {
        match self {
            QueueError::NotFound(_) => "QueueNotFoundError",
            QueueError::Empty(_) => "QueueEmpty",
            QueueError::Full(_) => "QueueFull",
            QueueError::ItemInterpreterDestroyed => "ItemInterpreterDestroyed",
            QueueError::NoIds | QueueError::InterpreterEnded(_) => "QueueError",
            QueueError::NegativeTimeout
            | QueueError::NanTimeout
            | QueueError::UnsupportedUnboundOp(_) => "ValueError",
            QueueError::InfiniteTimeout => "OverflowError",
        }
    }
}

/// A failed put. Nothing was enqueued, and the item comes back in [`data`](Self::data).
#[derive(thiserror::Error)]
#[error("{error}")]
pub struct PutError {
    /// Why the put failed ([`QueueError::Full`], [`QueueError::NotFound`] or
    /// [`QueueError::InterpreterEnded`]).
    pub error: QueueError,
    /// The item, handed back.
    pub data: XiData,
}

impl PutError {
    /// The item that was not put.
    pub fn into_data(self) -> XiData {
        self.data
    }
}

impl fmt::Debug for PutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Like crossbeam's `SendError(..)`: the payload may be large, the error is what matters.
        f.debug_struct("PutError")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// A value that cannot become cross-interpreter data (CPython §4.3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The type is not shareable; `repr` is `str(obj)` (`NotShareableError`, a `ValueError`).
    #[error("{repr} does not support cross-interpreter data")]
    NotShareable {
        /// `str()` of the rejected object.
        repr: String,
    },
    /// Not shareable, object unknown (propagated from another interpreter).
    #[error("object does not support cross-interpreter data")]
    Unknown,
    /// An `int` outside the 64-bit range (`OverflowError`).
    #[error("try sending as bytes")]
    Overflow,
    /// Tuples nested too deep (`RecursionError`).
    #[error("maximum recursion depth exceeded while sharing a tuple")]
    Recursion,
}

impl ShareError {
    /// The CPython exception class for this error.
    pub fn python_type(&self) -> &'static str {
        match self {
            ShareError::NotShareable { .. } | ShareError::Unknown => "NotShareableError",
            ShareError::Overflow => "OverflowError",
            ShareError::Recursion => "RecursionError",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(err: impl std::error::Error, ty: &str, expect: (&str, &str)) {
        assert_eq!((ty, err.to_string().as_str()), expect);
    }

    #[test]
    fn texts_match_cpython() {
        let q = QueueId::new(3);
        for (err, expect) in [
            (
                QueueError::NotFound(QueueId::new(1_000_000)),
                ("QueueNotFoundError", "queue 1000000 not found"),
            ),
            (QueueError::Empty(q), ("QueueEmpty", "queue 3 is empty")),
            (QueueError::Full(q), ("QueueFull", "queue 3 is full")),
            (
                QueueError::ItemInterpreterDestroyed,
                (
                    "ItemInterpreterDestroyed",
                    "item's original interpreter destroyed",
                ),
            ),
            (QueueError::NoIds, ("QueueError", "ran out of queue IDs")),
            (
                QueueError::NegativeTimeout,
                ("ValueError", "timeout value must be non-negative"),
            ),
            (
                QueueError::InfiniteTimeout,
                ("OverflowError", "cannot convert float infinity to integer"),
            ),
            (
                QueueError::NanTimeout,
                ("ValueError", "cannot convert float NaN to integer"),
            ),
            (
                QueueError::UnsupportedUnboundOp(7),
                ("ValueError", "unsupported unboundop 7"),
            ),
        ] {
            check(err.clone(), err.python_type(), expect);
        }
        for (err, expect) in [
            (
                ShareError::NotShareable { repr: "[1]".into() },
                (
                    "NotShareableError",
                    "[1] does not support cross-interpreter data",
                ),
            ),
            (
                ShareError::Unknown,
                (
                    "NotShareableError",
                    "object does not support cross-interpreter data",
                ),
            ),
            (
                ShareError::Overflow,
                ("OverflowError", "try sending as bytes"),
            ),
        ] {
            check(err.clone(), err.python_type(), expect);
        }
    }

    #[test]
    fn put_error_hands_the_item_back() {
        let err = PutError {
            error: QueueError::Full(QueueId::new(2)),
            data: XiData::Int(42),
        };
        assert_eq!(err.to_string(), "queue 2 is full");
        assert_eq!(err.into_data(), XiData::Int(42));
    }
}
