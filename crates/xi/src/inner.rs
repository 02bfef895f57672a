//! `Inner`: one queue's items, capacity and the two locks that let an interpreter's end purge
//! its items from the middle of a channel.
//!
//! Items travel through a crossbeam unbounded channel; a bounded queue (`maxsize > 0`) adds
//! [`Slots`] for its capacity. Every item in the channel belongs to a live interpreter or is a
//! data-less marker left by a purge, so `qsize` is the channel's length and each item holds
//! exactly one place.
//!
//! # Locks
//!
//! A channel cannot drop items from its middle, so [`Inner::purge`] takes every item out and
//! puts the survivors back, in order. For that it holds `put_lock` (no item comes in) and
//! `get_lock` (none goes out); a `put` holds `put_lock` around its owner check and send, a
//! `get` holds `get_lock` around its `try_recv`. With one producer and one consumer neither
//! lock is ever contended (each stays in its own thread's cache), so the channel's throughput
//! is kept. A blocked `get` waits for the channel to become ready without taking anything
//! (`Select::ready`), then takes under the lock. Order: `put_lock`, `get_lock`, then the
//! slots' lock; items are never dropped under a lock (an item may hold the last handle on a
//! queue, whose destroy takes these locks).

use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Select, Sender, TryRecvError};
use std::sync::Weak;

use crate::owner::Owner;
use crate::registry::Registry;
use crate::slots::{NoSlot, Slots};
use crate::sync::{AtomicBool, AtomicUsize, Mutex, MutexGuard, Ordering, lock};
use crate::{InterpId, PutError, QueueError, QueueId, Received, Unbound, XiData};

/// What travels in the channel.
enum Msg {
    /// An item of a live interpreter.
    Item(Item),
    /// An `ERROR` or `REPLACE` item whose interpreter ended: its data is already freed.
    Unbound(Unbound),
    /// After `destroy`: each woken getter passes it on to the next before failing.
    Closed,
}

/// One queued item: the data, its unbound policy and its putter.
struct Item {
    data: XiData,
    op: Unbound,
    owner: InterpId,
}

pub(crate) struct Inner {
    id: QueueId,
    maxsize: i64,
    unbound: Unbound,
    alive: AtomicBool,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    put_lock: Mutex<()>,
    get_lock: Mutex<()>,
    slots: Option<Slots>,
    /// `Msg::Unbound` markers in the channel.
    markers: AtomicUsize,
    pub(crate) registry: Weak<Registry>,
}

/// One queue's locks, held across a fork ([`Inner::hold_for_fork`]).
pub(crate) struct InnerHold<'a> {
    _put: MutexGuard<'a, ()>,
    _get: MutexGuard<'a, ()>,
    _slots: Option<MutexGuard<'a, ()>>,
}

/// Items an operation took out, dropped by the caller once no lock is held.
pub(crate) type Freed = Vec<XiData>;

/// What a purge did to one queue.
#[derive(Default)]
pub(crate) struct Purged {
    /// `REMOVE` items taken out.
    pub(crate) removed: usize,
    /// Data of every item of the ended interpreter (removed or turned into a marker).
    pub(crate) freed: Freed,
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
            put_lock: Mutex::new(()),
            get_lock: Mutex::new(()),
            slots: usize::try_from(maxsize)
                .ok()
                .filter(|&n| n > 0)
                .map(Slots::new),
            markers: AtomicUsize::new(0),
            registry,
        }
    }

    /// Holds this queue's locks (`put_lock`, `get_lock`, the slots' lock, in the crate's
    /// order) until the guard drops, for a `fork()` made meanwhile: no put or get is half-done
    /// in the child (a crossbeam send reserved but not yet written would make every later
    /// receive there spin), and these futex locks are released there by dropping the guard.
    pub(crate) fn hold_for_fork(&self) -> InnerHold<'_> {
        let put = lock(&self.put_lock);
        let get = lock(&self.get_lock);
        InnerHold {
            _put: put,
            _get: get,
            _slots: self.slots.as_ref().map(Slots::hold),
        }
    }

    #[inline]
    pub(crate) fn id(&self) -> QueueId {
        self.id
    }

    #[inline]
    pub(crate) fn maxsize(&self) -> i64 {
        self.maxsize
    }

    #[inline]
    pub(crate) fn default_unbound(&self) -> Unbound {
        self.unbound
    }

    /// Items held (markers included), and markers.
    pub(crate) fn held(&self) -> (usize, usize) {
        (self.rx.len(), self.markers.load(Ordering::SeqCst))
    }

    #[inline]
    pub(crate) fn check_alive(&self) -> Result<(), QueueError> {
        if self.alive.load(Ordering::Acquire) {
            Ok(())
        } else {
            Err(QueueError::NotFound(self.id))
        }
    }

    pub(crate) fn qsize(&self) -> usize {
        let n = self.rx.len();
        match self.maxsize {
            // A `Closed` message may be counted for a moment after a destroy.
            m if m > 0 => n.min(m as usize),
            _ => n,
        }
    }

    pub(crate) fn is_full(&self) -> bool {
        self.slots.as_ref().is_some_and(Slots::is_full)
    }

    /// Interpreter `owner` has ended (its flag is already set, so no put of its own gets in
    /// after this): its `REMOVE` items leave the queue and give their places back, its other
    /// items become data-less markers that keep their places until taken. Putters blocked for
    /// room on its behalf wake and fail.
    pub(crate) fn purge(&self, owner: InterpId) -> Purged {
        let mut purged = Purged::default();
        {
            let _put = lock(&self.put_lock);
            let _get = lock(&self.get_lock);
            if !self.alive.load(Ordering::Acquire) {
                return purged;
            }
            // Nothing else moves in the channel: rotating its length once keeps the order.
            for _ in 0..self.rx.len() {
                let Ok(msg) = self.rx.try_recv() else { break };
                let keep = match msg {
                    Msg::Item(item) if item.owner == owner => {
                        purged.freed.push(item.data);
                        if item.op == Unbound::Remove {
                            purged.removed += 1;
                            continue;
                        }
                        self.markers.fetch_add(1, Ordering::SeqCst);
                        Msg::Unbound(item.op)
                    }
                    other => other,
                };
                // Cannot fail: `self` holds `rx`.
                let _ = self.tx.send(keep);
            }
        }
        if let Some(slots) = &self.slots {
            // Wakes the putters of `owner` too, even when no place came back.
            slots.release(purged.removed);
        }
        purged
    }

    /// Kills the queue: later operations fail with `QueueNotFoundError`, waiters wake. Returns
    /// the queued items' data, for the caller to drop outside every lock.
    pub(crate) fn destroy(&self) -> Freed {
        let mut freed = Vec::new();
        let _put = lock(&self.put_lock);
        let _get = lock(&self.get_lock);
        if !self.alive.swap(false, Ordering::SeqCst) {
            return freed;
        }
        if let Some(slots) = &self.slots {
            slots.close();
        }
        while let Ok(msg) = self.rx.try_recv() {
            if let Msg::Item(item) = msg {
                freed.push(item.data);
            }
        }
        self.markers.store(0, Ordering::SeqCst);
        // Wakes the blocked getters, one after the other. Cannot fail: `self` holds `rx`.
        let _ = self.tx.send(Msg::Closed);
        freed
    }

    #[inline]
    pub(crate) fn put(
        &self,
        owner: &Owner,
        data: XiData,
        op: Unbound,
        timeout: Option<Duration>,
    ) -> Result<(), PutError> {
        let refuse = |error, data| Err(PutError { error, data });
        if let Err(error) = self.check_alive() {
            return refuse(error, data);
        }
        if owner.is_ended() {
            return refuse(QueueError::InterpreterEnded(owner.id()), data);
        }
        if let Some(slots) = &self.slots
            && !slots.try_acquire()
            && let Err(error) = self.acquire_slow(slots, owner, timeout)
        {
            return refuse(error, data);
        }
        let put = lock(&self.put_lock);
        // Under `put_lock`: either the purge of `owner`'s end sees this item, or the item
        // sees the end and stays out.
        let (error, data) = if owner.is_ended() {
            (QueueError::InterpreterEnded(owner.id()), data)
        } else if !self.alive.load(Ordering::Acquire) {
            (QueueError::NotFound(self.id), data)
        } else {
            let item = Item {
                data,
                op,
                owner: owner.id(),
            };
            match self.tx.send(Msg::Item(item)) {
                Ok(()) => return Ok(()),
                // Unreachable in practice: `self` holds the receiver.
                Err(err) => match err.0 {
                    Msg::Item(item) => (QueueError::NotFound(self.id), item.data),
                    _ => (QueueError::NotFound(self.id), XiData::None),
                },
            }
        };
        drop(put);
        // Every refusal after the place was taken gives it back.
        self.release_slot();
        refuse(error, data)
    }

    #[cold]
    fn acquire_slow(
        &self,
        slots: &Slots,
        owner: &Owner,
        timeout: Option<Duration>,
    ) -> Result<(), QueueError> {
        if timeout == Some(Duration::ZERO) {
            return Err(QueueError::Full(self.id));
        }
        slots
            .acquire(deadline(timeout), &|| owner.is_ended())
            .map_err(|why| match why {
                NoSlot::Full => QueueError::Full(self.id),
                NoSlot::Closed => QueueError::NotFound(self.id),
                NoSlot::Cancelled => QueueError::InterpreterEnded(owner.id()),
            })
    }

    #[inline]
    pub(crate) fn get(&self, timeout: Option<Duration>) -> Result<Received, QueueError> {
        self.check_alive()?;
        // Computed on the first wait only; `Some(None)`: too far away for `Instant`.
        let mut until: Option<Option<Instant>> = None;
        loop {
            let msg = {
                let _get = lock(&self.get_lock);
                let msg = self.rx.try_recv();
                if let Ok(Msg::Unbound(_)) = msg {
                    // Under the lock, so a destroy's reset cannot come in between.
                    self.markers.fetch_sub(1, Ordering::SeqCst);
                }
                msg
            };
            match msg {
                Ok(Msg::Item(item)) => {
                    self.release_slot();
                    return Ok(Received::Data(item.data));
                }
                Ok(Msg::Unbound(op)) => {
                    self.release_slot();
                    return unbound(op);
                }
                Ok(Msg::Closed) => {
                    // Pass the wake-up on to the next blocked getter.
                    let _ = self.tx.send(Msg::Closed);
                    return Err(QueueError::NotFound(self.id));
                }
                Err(TryRecvError::Disconnected) => return Err(QueueError::NotFound(self.id)),
                Err(TryRecvError::Empty) => self.wait_ready(timeout, &mut until)?,
            }
        }
    }

    /// Waits until the channel has a message (without taking it: a purge may be rotating
    /// it), or fails with `queue N is empty` once `timeout` has passed.
    #[cold]
    fn wait_ready(
        &self,
        timeout: Option<Duration>,
        until: &mut Option<Option<Instant>>,
    ) -> Result<(), QueueError> {
        let mut sel = Select::new();
        sel.recv(&self.rx);
        let deadline = match timeout {
            None => None,
            Some(t) if t.is_zero() => return Err(QueueError::Empty(self.id)),
            Some(t) => *until.get_or_insert_with(|| Instant::now().checked_add(t)),
        };
        match deadline {
            None => {
                sel.ready();
                Ok(())
            }
            Some(deadline) => sel
                .ready_deadline(deadline)
                .map(drop)
                .map_err(|_| QueueError::Empty(self.id)),
        }
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
