//! [`Queue`]: a handle on a cross-interpreter FIFO queue, bound to the interpreter that uses it
//! (CPython's per-interpreter `Queue` object over `_interpqueues`).
//!
//! Items travel through a crossbeam unbounded channel; a bounded queue (`maxsize > 0`) adds
//! [`Slots`](crate::slots) for its capacity. Blocking `get` waits in the channel itself and
//! wakes on the `put` (no polling); blocking `put` waits on the slots' condition variable and
//! wakes on the `get`. Destroying the queue wakes both kinds of waiter.

use std::collections::HashMap;
use std::fmt;
use std::ptr::NonNull;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use parking_lot::Mutex;

use crate::registry::Registry;
use crate::slots::{NoSlot, Slots};
use crate::sync::{AtomicBool, Ordering};
use crate::unbound::OwnerCell;
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

/// What travels in the channel: items, and after `destroy` one `Closed` that each woken
/// getter passes on to the next before failing (so a plain `recv`, the fastest wait crossbeam
/// offers, is all a getter needs).
enum Msg {
    Item(Item),
    Closed,
}

/// One queued item: the data, its unbound policy and its putter's cell.
struct Item {
    data: XiData,
    op: Unbound,
    cell: CellRef,
}

/// A pointer to the `OwnerCell` of the item's putter in the item's own queue.
struct CellRef(NonNull<OwnerCell>);

// SAFETY: an `OwnerCell` is only atomics plus a `Copy` id, so shared access from any thread is
// fine (`OwnerCell: Sync`); `CellRef` is only dereferenced through `Inner::cell_of`.
unsafe impl Send for CellRef {}

pub(crate) struct Inner {
    id: QueueId,
    maxsize: i64,
    unbound: Unbound,
    alive: AtomicBool,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    slots: Option<Slots>,
    /// `REMOVE` items of ended interpreters still in `rx` (may dip below 0 for a moment while
    /// a consumer discards a zombie before the end hook has added it).
    zombies: std::sync::atomic::AtomicIsize,
    /// Every cell ever handed out for this queue. Never shrinks while the queue lives: items
    /// point into these cells.
    cells: Mutex<HashMap<InterpId, Arc<OwnerCell>>>,
    registry: Weak<Registry>,
}

impl Inner {
    pub(crate) fn new(
        id: QueueId,
        maxsize: i64,
        unbound: Unbound,
        registry: Weak<Registry>,
    ) -> Inner {
        let (tx, rx) = crossbeam_channel::unbounded();
        Inner {
            id,
            maxsize,
            unbound,
            alive: AtomicBool::new(true),
            tx,
            rx,
            slots: usize::try_from(maxsize)
                .ok()
                .filter(|&n| n > 0)
                .map(Slots::new),
            zombies: std::sync::atomic::AtomicIsize::new(0),
            cells: Mutex::new(HashMap::new()),
            registry,
        }
    }

    #[inline]
    pub(crate) fn id(&self) -> QueueId {
        self.id
    }

    #[inline]
    pub(crate) fn default_unbound(&self) -> Unbound {
        self.unbound
    }

    /// The cell of `owner`, made on first use (already ended if `ended`).
    pub(crate) fn cell(&self, owner: InterpId, ended: bool) -> Arc<OwnerCell> {
        self.cells
            .lock()
            .entry(owner)
            .or_insert_with(|| Arc::new(OwnerCell::new(owner, ended)))
            .clone()
    }

    #[inline]
    fn cell_of(&self, item: &Item) -> &OwnerCell {
        // SAFETY: `item.cell` was taken from an `Arc<OwnerCell>` in `self.cells` (a handle's
        // cell always comes from its own queue's `cells`), which keeps every cell alive for
        // as long as `self` lives; the returned borrow is tied to `&self`.
        unsafe { item.cell.0.as_ref() }
    }

    /// Marks `owner` ended in this queue; returns how many `REMOVE` items it lost.
    pub(crate) fn interpreter_ended(&self, owner: InterpId) -> usize {
        let Some(cell) = self.cells.lock().get(&owner).cloned() else {
            return 0;
        };
        let n = usize::try_from(cell.end()).unwrap_or(usize::MAX);
        if n > 0 {
            self.zombies
                .fetch_add(n as isize, std::sync::atomic::Ordering::SeqCst);
            if let Some(slots) = &self.slots {
                slots.release(n);
            }
        }
        n
    }

    /// Kills the queue: later operations fail with `QueueNotFoundError`, waiters wake, and the
    /// queued items are dropped now (on this thread: their owner-side state goes to the sinks).
    pub(crate) fn destroy(&self) {
        self.alive.store(false, Ordering::SeqCst);
        if let Some(slots) = &self.slots {
            slots.close();
        }
        while let Ok(msg) = self.rx.try_recv() {
            drop(msg);
        }
        // Wakes the blocked getters, one after the other. Cannot fail: `self` holds `rx`.
        let _ = self.tx.send(Msg::Closed);
    }

    #[inline]
    fn check_alive(&self) -> Result<(), QueueError> {
        if self.alive.load(Ordering::Acquire) {
            Ok(())
        } else {
            Err(QueueError::NotFound(self.id))
        }
    }

    fn qsize(&self) -> usize {
        let zombies = self.zombies.load(std::sync::atomic::Ordering::SeqCst);
        let n = (self.rx.len() as isize)
            .saturating_sub(zombies.max(0))
            .max(0) as usize;
        match self.maxsize {
            m if m > 0 => n.min(m as usize),
            _ => n,
        }
    }

    #[inline]
    fn put(
        &self,
        cell: &Arc<OwnerCell>,
        data: XiData,
        op: Unbound,
        timeout: Option<Duration>,
    ) -> Result<(), PutError> {
        if let Err(error) = self.check_alive() {
            return Err(PutError { error, data });
        }
        if cell.is_ended() {
            return Err(PutError {
                error: QueueError::InterpreterEnded(cell.id()),
                data,
            });
        }
        if let Some(slots) = &self.slots
            && !slots.try_acquire()
            && let Err(error) = self.acquire_slow(slots, timeout)
        {
            return Err(PutError { error, data });
        }
        if op == Unbound::Remove {
            cell.put_remove();
        }
        let item = Item {
            data,
            op,
            cell: CellRef(NonNull::from(&**cell)),
        };
        match self.tx.send(Msg::Item(item)) {
            Ok(()) => Ok(()),
            // Unreachable in practice: `self` holds the receiver.
            Err(err) => Err(PutError {
                error: QueueError::NotFound(self.id),
                data: match err.0 {
                    Msg::Item(item) => item.data,
                    Msg::Closed => XiData::None,
                },
            }),
        }
    }

    #[cold]
    fn acquire_slow(&self, slots: &Slots, timeout: Option<Duration>) -> Result<(), QueueError> {
        if timeout == Some(Duration::ZERO) {
            return Err(QueueError::Full(self.id));
        }
        slots.acquire(deadline(timeout)).map_err(|why| match why {
            NoSlot::Full => QueueError::Full(self.id),
            NoSlot::Closed => QueueError::NotFound(self.id),
        })
    }

    #[inline]
    fn get(&self, timeout: Option<Duration>) -> Result<Received, QueueError> {
        self.check_alive()?;
        let mut until = None;
        loop {
            let msg = match self.rx.try_recv() {
                Ok(msg) => msg,
                Err(_) => self.recv_slow(timeout, &mut until)?,
            };
            let Msg::Item(item) = msg else {
                // Pass the wake-up on to the next blocked getter.
                let _ = self.tx.send(Msg::Closed);
                return Err(QueueError::NotFound(self.id));
            };
            if let Some(got) = self.settle(item) {
                return got;
            }
        }
    }

    /// Waits for a message; `until` keeps the deadline across zombie skips (`Some(None)`: too
    /// far away for `Instant`, i.e. forever).
    #[cold]
    fn recv_slow(
        &self,
        timeout: Option<Duration>,
        until: &mut Option<Option<Instant>>,
    ) -> Result<Msg, QueueError> {
        let forever = || self.rx.recv().map_err(|_| QueueError::NotFound(self.id));
        let Some(timeout) = timeout else {
            return forever();
        };
        if timeout.is_zero() {
            return Err(QueueError::Empty(self.id));
        }
        let Some(deadline) = *until.get_or_insert_with(|| Instant::now().checked_add(timeout))
        else {
            return forever();
        };
        self.rx.recv_deadline(deadline).map_err(|err| match err {
            RecvTimeoutError::Timeout => QueueError::Empty(self.id),
            RecvTimeoutError::Disconnected => QueueError::NotFound(self.id),
        })
    }

    /// What an item yields: its data while its putter lives; else its unbound outcome, or
    /// `None` for a `REMOVE` zombie (skip it).
    #[inline]
    fn settle(&self, item: Item) -> Option<Result<Received, QueueError>> {
        let cell = self.cell_of(&item);
        if item.op != Unbound::Remove {
            self.release_slot();
            if !cell.is_ended() {
                return Some(Ok(Received::Data(item.data)));
            }
            return Some(unbound(item.op));
        }
        if cell.take_remove() {
            // Counted by `interpreter_ended`, which also gave its slot back.
            self.zombies
                .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            return None;
        }
        self.release_slot();
        Some(Ok(Received::Data(item.data)))
    }

    #[inline]
    fn release_slot(&self) {
        if let Some(slots) = &self.slots {
            slots.release(1);
        }
    }
}

/// The outcome of an `ERROR` or `REPLACE` item whose putter has ended.
#[cold]
fn unbound(op: Unbound) -> Result<Received, QueueError> {
    match op {
        Unbound::Error => Err(QueueError::ItemInterpreterDestroyed),
        _ => Ok(Received::Unbound),
    }
}

fn deadline(timeout: Option<Duration>) -> Option<Instant> {
    // A timeout too large for `Instant` is as good as none.
    timeout.and_then(|t| Instant::now().checked_add(t))
}

/// A handle on a queue, bound to one interpreter: items it puts belong to that interpreter
/// (for the unbound-item policy). The queue lives while any handle (including one inside
/// [`XiData::Queue`] in transit) does, unless destroyed with
/// [`Queues::destroy`](crate::Queues::destroy) first.
///
/// `Send + Sync`: the runtime may share one handle between the threads of its interpreter.
pub struct Queue {
    pub(crate) inner: Arc<Inner>,
    pub(crate) cell: Arc<OwnerCell>,
}

impl Queue {
    /// The queue id.
    #[inline]
    pub fn id(&self) -> QueueId {
        self.inner.id
    }

    /// The `maxsize` given at creation, as given (`<= 0`: unbounded).
    #[inline]
    pub fn maxsize(&self) -> i64 {
        self.inner.maxsize
    }

    /// The interpreter this handle puts for.
    #[inline]
    pub fn owner(&self) -> InterpId {
        self.cell.id()
    }

    /// The queue's default unbound-item policy.
    #[inline]
    pub fn default_unbound(&self) -> Unbound {
        self.inner.unbound
    }

    /// Puts `data` at the back, owned by [`owner`](Self::owner), with policy `unbound` (the
    /// queue default if `None`). On a full bounded queue it waits up to `timeout` (`None`:
    /// forever; fractions count, unlike CPython's `int(timeout)`) for a `get` to make room.
    ///
    /// Errors hand `data` back: `queue N is full`, `queue N not found` (destroyed, also while
    /// waiting), or [`QueueError::InterpreterEnded`].
    #[inline]
    pub fn put(
        &self,
        data: XiData,
        timeout: Option<Duration>,
        unbound: Option<Unbound>,
    ) -> Result<(), PutError> {
        self.inner.put(
            &self.cell,
            data,
            unbound.unwrap_or(self.inner.unbound),
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
    /// `REMOVE` items of ended interpreters are skipped. Errors: `queue N is empty` after the
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
        Ok(self.inner.slots.as_ref().is_some_and(Slots::is_full))
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
            cell: self.cell.clone(),
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

/// Converts CPython's float `timeout` argument: `None` waits forever, a negative or NaN value
/// is `ValueError: timeout value must be non-negative`.
pub fn timeout(secs: Option<f64>) -> Result<Option<Duration>, QueueError> {
    match secs {
        None => Ok(None),
        Some(s) if s.is_nan() || s < 0.0 => Err(QueueError::NegativeTimeout),
        Some(s) => Ok(Some(
            Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX),
        )),
    }
}
