//! [`Queue`]: a handle on a cross-interpreter FIFO queue, bound to the interpreter that uses it
//! (CPython's per-interpreter `Queue` object over `_interpqueues`).
//!
//! The queue itself (items, capacity, waits) is `Inner` (`inner.rs`). Blocking `get` waits on
//! the channel and wakes on the `put` (no polling); blocking `put` waits on the slots'
//! condition variable and wakes on the `get`, on the queue's destruction, or on the end of the
//! interpreter it puts for.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::inner::Inner;
use crate::owner::Owner;
use crate::{InterpId, PutError, QueueError, QueueId, Unbound, XiData};

/// What a successful `get` returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// The item.
    Data(XiData),
    /// The item's interpreter ended and its policy was [`Unbound::Replace`]: CPython's
    /// `queues.UNBOUND` marker.
    Unbound,
}

impl Received {
    /// The data, or `None` for the unbound marker.
    pub fn into_data(self) -> Option<XiData> {
        match self {
            Received::Data(data) => Some(data),
            Received::Unbound => None,
        }
    }
}

/// A handle on a queue, bound to one interpreter: items it puts belong to that interpreter
/// (for the unbound-item policy). The queue lives while any handle (including one inside
/// [`XiData::Queue`] in transit) does, unless destroyed with
/// [`Queues::destroy`](crate::Queues::destroy) first.
///
/// `Send + Sync`: the runtime may share one handle between the threads of its interpreter.
pub struct Queue {
    pub(crate) inner: Arc<Inner>,
    pub(crate) owner: Arc<Owner>,
}

impl Queue {
    /// The queue id.
    #[inline]
    pub fn id(&self) -> QueueId {
        self.inner.id()
    }

    /// The `maxsize` given at creation, as given (`<= 0`: unbounded).
    #[inline]
    pub fn maxsize(&self) -> i64 {
        self.inner.maxsize()
    }

    /// The interpreter this handle puts for.
    #[inline]
    pub fn owner(&self) -> InterpId {
        self.owner.id()
    }

    /// The queue's default unbound-item policy.
    #[inline]
    pub fn default_unbound(&self) -> Unbound {
        self.inner.default_unbound()
    }

    /// Puts `data` at the back, owned by [`owner`](Self::owner), with policy `unbound` (the
    /// queue default if `None`). On a full bounded queue it waits up to `timeout` (`None`:
    /// forever; fractions count, unlike CPython's `int(timeout)`) for a `get` to make room.
    ///
    /// Errors hand `data` back: `queue N is full`, `queue N not found` (destroyed, also while
    /// waiting), or [`QueueError::InterpreterEnded`] (the owner has ended, also while waiting:
    /// a put blocked for room fails when its interpreter ends, and its place stays free).
    #[inline]
    pub fn put(
        &self,
        data: XiData,
        timeout: Option<Duration>,
        unbound: Option<Unbound>,
    ) -> Result<(), PutError> {
        self.inner.put(
            &self.owner,
            data,
            unbound.unwrap_or(self.inner.default_unbound()),
            timeout,
        )
    }

    /// Puts without waiting: `queue N is full` at once when there is no room.
    #[inline]
    pub fn put_nowait(&self, data: XiData, unbound: Option<Unbound>) -> Result<(), PutError> {
        self.put(data, Some(Duration::ZERO), unbound)
    }

    /// Takes the front item, waiting up to `timeout` (`None`: forever) for a `put`.
    ///
    /// An item whose interpreter ended comes back as [`Received::Unbound`] (policy `REPLACE`)
    /// or as [`QueueError::ItemInterpreterDestroyed`] (policy `ERROR`, the item is consumed);
    /// `REMOVE` items of ended interpreters left the queue at the end. Errors: `queue N is empty` after the
    /// timeout, `queue N not found` (destroyed, also while waiting).
    #[inline]
    pub fn get(&self, timeout: Option<Duration>) -> Result<Received, QueueError> {
        self.inner.get(timeout)
    }

    /// Takes the front item without waiting: `queue N is empty` at once if there is none.
    #[inline]
    pub fn get_nowait(&self) -> Result<Received, QueueError> {
        self.get(Some(Duration::ZERO))
    }

    /// The number of items a `get` could still return: exact when no operation is in flight,
    /// a snapshot otherwise. Removed items are never counted.
    pub fn qsize(&self) -> Result<usize, QueueError> {
        self.inner.check_alive()?;
        Ok(self.inner.qsize())
    }

    /// `qsize() == 0`.
    pub fn empty(&self) -> Result<bool, QueueError> {
        Ok(self.qsize()? == 0)
    }

    /// Whether a `put_nowait` would fail for lack of room. Never true for an unbounded queue
    /// (CPython's `create().full()` is `True` while empty, a quirk not kept).
    pub fn full(&self) -> Result<bool, QueueError> {
        self.inner.check_alive()?;
        Ok(self.inner.is_full())
    }

    /// A handle on the same queue for `owner`: how the receiving interpreter adopts a queue
    /// that arrived as [`XiData::Queue`]. Fails with `queue N not found` once destroyed.
    pub fn rebind(&self, owner: InterpId) -> Result<Queue, QueueError> {
        let registry = self
            .inner
            .registry
            .upgrade()
            .ok_or(QueueError::NotFound(self.id()))?;
        registry.bind_inner(&self.inner, owner)
    }
}

/// Another handle for the same interpreter (a `bind`).
impl Clone for Queue {
    fn clone(&self) -> Queue {
        if let Some(registry) = self.inner.registry.upgrade() {
            registry.incref(&self.inner);
        }
        Queue {
            inner: self.inner.clone(),
            owner: self.owner.clone(),
        }
    }
}

/// Releases the handle; the last one destroys the queue (CPython's `release` to 0).
impl Drop for Queue {
    fn drop(&mut self) {
        if let Some(registry) = self.inner.registry.upgrade() {
            registry.decref(&self.inner);
        }
    }
}

/// Handles are equal when they name the same queue (whatever interpreter they are bound to).
impl PartialEq for Queue {
    fn eq(&self, other: &Queue) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl fmt::Debug for Queue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Queue")
            .field("id", &self.id())
            .field("owner", &self.owner())
            .finish()
    }
}

/// Converts the float `timeout` argument of CPython's `Queue.get`/`put`, which take
/// `int(timeout)` before checking the sign: `None` waits forever; infinity (`1e400`, either
/// sign) is `OverflowError: cannot convert float infinity to integer`, NaN is
/// `ValueError: cannot convert float NaN to integer`, a negative value is
/// `ValueError: timeout value must be non-negative`. A finite timeout too long to wait for
/// (beyond [`Duration::MAX`], or past what `Instant` can reach) waits forever, as CPython's
/// polling loop does for, say, `1e300`.
pub fn timeout(secs: Option<f64>) -> Result<Option<Duration>, QueueError> {
    match secs {
        None => Ok(None),
        Some(s) if s.is_nan() => Err(QueueError::NanTimeout),
        Some(s) if s.is_infinite() => Err(QueueError::InfiniteTimeout),
        Some(s) if s < 0.0 => Err(QueueError::NegativeTimeout),
        Some(s) => Ok(Some(
            Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_checked_like_cpythons_int_timeout() {
        let err = |s: f64| timeout(Some(s)).unwrap_err().to_string();
        assert_eq!(
            err(f64::INFINITY),
            "cannot convert float infinity to integer"
        );
        assert_eq!(
            err(f64::NEG_INFINITY),
            "cannot convert float infinity to integer"
        );
        assert_eq!(err(f64::NAN), "cannot convert float NaN to integer");
        assert_eq!(err(-1.0), "timeout value must be non-negative");
        assert_eq!(timeout(None), Ok(None));
        assert_eq!(timeout(Some(0.25)), Ok(Some(Duration::from_millis(250))));
        assert_eq!(timeout(Some(1e300)), Ok(Some(Duration::MAX)));
    }
}
