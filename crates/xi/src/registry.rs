//! [`Queues`]: the queue registry a runtime owns (CPython's process-global `_globals.queues`,
//! made a value so several runtimes can share a process, e.g. in tests).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::deep::drop_freed;
use crate::ended::Ended;
use crate::inner::{Freed, Inner, InnerHold};
use crate::owner::Owner;
use crate::sync::{Mutex, MutexGuard, lock};
use crate::{InterpId, Queue, QueueError, QueueId, Unbound};

/// The queues of one runtime: ids from 1, never reused; handle refcounts; the interpreter-end
/// hook that applies the unbound-item policies.
///
/// Dropping `Queues` (runtime finalization) destroys every queue still alive: their items are
/// dropped and any handle left elsewhere reports `queue N not found`.
pub struct Queues {
    registry: Arc<Registry>,
}

/// A summary of one live queue (CPython's `_queues.list_all()` row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueInfo {
    /// The id.
    pub id: QueueId,
    /// `maxsize` as given at creation.
    pub maxsize: i64,
    /// The default unbound-item policy.
    pub unbound: Unbound,
}

/// The registry's bookkeeping, for tests and monitoring: what it holds now
/// ([`Queues::stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuesStats {
    /// Live queues.
    pub queues: usize,
    /// Interpreter records: one per live interpreter that has bound a handle (an ended
    /// interpreter's is dropped at its end).
    pub owners: usize,
    /// Items held by all queues, unbound markers included.
    pub items: usize,
    /// Of those, markers of `ERROR`/`REPLACE` items whose interpreter ended (their data is
    /// already freed).
    pub markers: usize,
}

/// The registry's lock and every live queue's locks, held across a `fork()`
/// ([`Queues::hold_for_fork`]).
#[must_use]
pub struct ForkHold<'a> {
    _queues: Vec<InnerHold<'a>>,
    _guard: MutexGuard<'a, State>,
}

/// Where [`Queues::hold_for_fork`] keeps the queues whose locks it holds, so that the guards
/// can borrow them; it must outlive the [`ForkHold`].
#[derive(Default)]
pub struct ForkKeep(Vec<Arc<Inner>>);

impl fmt::Debug for ForkKeep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ForkKeep({} queues)", self.0.len())
    }
}

impl fmt::Debug for ForkHold<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ForkHold")
    }
}

pub(crate) struct Registry {
    state: Mutex<State>,
}

struct State {
    next_id: u64,
    queues: HashMap<QueueId, Entry>,
    /// Interpreters that have ended: a handle bound to one later gets an already-ended record.
    /// Kept as runs of ids, so its size does not grow with the number of interpreters ended.
    ended: Ended,
    /// The record of each live interpreter that has bound a handle, shared by its handles.
    owners: HashMap<InterpId, Arc<Owner>>,
}

impl State {
    /// `id`'s record: the shared one while it lives, a fresh ended one (kept nowhere) after.
    fn owner(&mut self, id: InterpId) -> Arc<Owner> {
        if self.ended.contains(id) {
            return Arc::new(Owner::new(id, true));
        }
        self.owners
            .entry(id)
            .or_insert_with(|| Arc::new(Owner::new(id, false)))
            .clone()
    }
}

struct Entry {
    inner: Arc<Inner>,
    handles: usize,
    maxsize: i64,
}

impl Default for Queues {
    fn default() -> Queues {
        Queues::new()
    }
}

impl Queues {
    /// Holds the registry's lock and each live queue's locks until the guard drops, for a
    /// `fork()` made meanwhile: the child then finds the registry and every queue consistent
    /// (no put or get half-done), so handles kept from before the fork work there. All are
    /// futex locks (no waiter of the parent is handed them), released by dropping the guard
    /// there as in the parent. `keep` holds the queues while the guard borrows them.
    pub fn hold_for_fork<'a>(&'a self, keep: &'a mut ForkKeep) -> ForkHold<'a> {
        let guard = lock(&self.registry.state);
        // Registry lock, then queue locks: the order every other path agrees with (none
        // takes the registry lock while holding a queue's).
        keep.0 = guard.queues.values().map(|e| e.inner.clone()).collect();
        keep.0.sort_by_key(|inner| inner.id());
        let keep: &'a ForkKeep = keep;
        ForkHold {
            _queues: keep.0.iter().map(|inner| inner.hold_for_fork()).collect(),
            _guard: guard,
        }
    }

    /// An empty registry; the first queue gets id 1.
    pub fn new() -> Queues {
        Queues {
            registry: Arc::new(Registry {
                state: Mutex::new(State {
                    next_id: 1,
                    queues: HashMap::new(),
                    ended: Ended::default(),
                    owners: HashMap::new(),
                }),
            }),
        }
    }

    /// Creates a queue (`maxsize <= 0`: unbounded; kept as given, like CPython's `create(-10)`)
    /// and returns the first handle on it, bound to `owner`.
    pub fn create(
        &self,
        maxsize: i64,
        unbound: Unbound,
        owner: InterpId,
    ) -> Result<Queue, QueueError> {
        let mut state = lock(&self.registry.state);
        if state.next_id > QueueId::MAX.get() {
            return Err(QueueError::NoIds);
        }
        let id = QueueId::new(state.next_id);
        state.next_id += 1;
        let inner = Arc::new(Inner::new(
            id,
            maxsize,
            unbound,
            Arc::downgrade(&self.registry),
        ));
        let owner = state.owner(owner);
        state.queues.insert(
            id,
            Entry {
                inner: inner.clone(),
                handles: 1,
                maxsize,
            },
        );
        Ok(Queue { inner, owner })
    }

    /// A new handle on queue `id` for `owner` (CPython's `Queue(id)` / `_queues.bind`), or
    /// `queue N not found`.
    pub fn bind(&self, id: QueueId, owner: InterpId) -> Result<Queue, QueueError> {
        let inner = {
            let state = lock(&self.registry.state);
            state
                .queues
                .get(&id)
                .map(|e| e.inner.clone())
                .ok_or(QueueError::NotFound(id))?
        };
        self.registry.bind_inner(&inner, owner)
    }

    /// Destroys queue `id` now, whatever handles remain: its items are dropped, its waiters
    /// wake with `queue N not found`, and so does every later operation. A second destroy gives
    /// `queue N not found`.
    pub fn destroy(&self, id: QueueId) -> Result<(), QueueError> {
        let entry = lock(&self.registry.state)
            .queues
            .remove(&id)
            .ok_or(QueueError::NotFound(id))?;
        // Outside the lock: dropping items may drop queue handles, which take it.
        drop_freed(entry.inner.destroy());
        Ok(())
    }

    /// The live queues, by id.
    pub fn list_all(&self) -> Vec<QueueInfo> {
        let state = lock(&self.registry.state);
        let mut all: Vec<QueueInfo> = state
            .queues
            .values()
            .map(|e| QueueInfo {
                id: e.inner.id(),
                maxsize: e.maxsize,
                unbound: e.inner.default_unbound(),
            })
            .collect();
        all.sort_by_key(|info| info.id);
        all
    }

    /// The number of live queues.
    pub fn len(&self) -> usize {
        lock(&self.registry.state).queues.len()
    }

    /// Whether no queue is alive.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the registry holds now (a snapshot while operations are in flight).
    pub fn stats(&self) -> QueuesStats {
        let state = lock(&self.registry.state);
        let (items, markers) = state
            .queues
            .values()
            .map(|e| e.inner.held())
            .fold((0, 0), |(i, m), (di, dm)| (i + di, m + dm));
        QueuesStats {
            queues: state.queues.len(),
            owners: state.owners.len(),
            items,
            markers,
        }
    }

    /// The interpreter-end hook: call it once `interp` has ended (after its threads are
    /// joined, before its heap is torn down), as CPython clears an interpreter's items when it
    /// is destroyed. From then on its handles put no more (a put blocked for room on its
    /// behalf fails with [`QueueError::InterpreterEnded`]), and in every queue its items are
    /// purged now: `REMOVE` items leave (the size drops, their places come back), `ERROR` and
    /// `REPLACE` items stay in place as data-less markers reported by `get`. Their data is
    /// dropped here, on the calling thread, and the interpreter's record is forgotten. Returns
    /// the number of items removed. Calling it again for the same interpreter does nothing.
    pub fn interpreter_ended(&self, interp: InterpId) -> usize {
        let inners: Vec<Arc<Inner>> = {
            let mut state = lock(&self.registry.state);
            if !state.ended.insert(interp) {
                return 0;
            }
            // No record: it never bound a handle, so no queue holds an item of its own.
            let Some(owner) = state.owners.remove(&interp) else {
                return 0;
            };
            // Under the registry lock, before the purges: a put that gets in after a purge
            // sees the flag and stays out; a handle bound later gets an ended record.
            owner.end();
            state.queues.values().map(|e| e.inner.clone()).collect()
        };
        let mut removed = 0;
        let mut freed: Vec<Freed> = Vec::with_capacity(inners.len());
        for inner in &inners {
            let purged = inner.purge(interp);
            removed += purged.removed;
            freed.push(purged.freed);
        }
        // Outside every lock: the data may hold the last handle on a queue.
        drop_freed(freed.into_iter().flatten().collect());
        removed
    }
}

impl Drop for Queues {
    fn drop(&mut self) {
        let entries: Vec<Entry> = lock(&self.registry.state)
            .queues
            .drain()
            .map(|(_, e)| e)
            .collect();
        for entry in entries {
            drop_freed(entry.inner.destroy());
        }
    }
}

impl fmt::Debug for Queues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Queues")
            .field("queues", &self.len())
            .finish()
    }
}

impl Registry {
    /// A new handle on `inner` for `owner`, if `inner` is still registered.
    pub(crate) fn bind_inner(
        &self,
        inner: &Arc<Inner>,
        owner: InterpId,
    ) -> Result<Queue, QueueError> {
        let mut state = lock(&self.state);
        let entry = state
            .queues
            .get_mut(&inner.id())
            .filter(|e| Arc::ptr_eq(&e.inner, inner))
            .ok_or(QueueError::NotFound(inner.id()))?;
        entry.handles += 1;
        // Under the registry lock, so `interpreter_ended` either ends this record or it was
        // born ended.
        let owner = state.owner(owner);
        Ok(Queue {
            inner: inner.clone(),
            owner,
        })
    }

    pub(crate) fn incref(&self, inner: &Arc<Inner>) {
        if let Some(entry) = lock(&self.state).queues.get_mut(&inner.id())
            && Arc::ptr_eq(&entry.inner, inner)
        {
            entry.handles += 1;
        }
    }

    pub(crate) fn decref(&self, inner: &Arc<Inner>) {
        let dead = {
            let mut state = lock(&self.state);
            match state.queues.get_mut(&inner.id()) {
                Some(entry) if Arc::ptr_eq(&entry.inner, inner) => {
                    entry.handles -= 1;
                    if entry.handles == 0 {
                        state.queues.remove(&inner.id())
                    } else {
                        None
                    }
                }
                _ => None,
            }
        };
        if let Some(entry) = dead {
            drop_freed(entry.inner.destroy());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ended_interpreters_take_constant_room_and_stay_ended() {
        let queues = Queues::new();
        let q = queues.create(0, Unbound::Remove, InterpId::MAIN).unwrap();
        for x in 1..=100_000 {
            queues.interpreter_ended(InterpId::new(x));
        }
        assert_eq!(lock(&queues.registry.state).ended.runs(), 1);
        // Still exact: a handle bound to one of them is born ended, and ending it again does
        // nothing; a later interpreter is live.
        assert_eq!(queues.interpreter_ended(InterpId::new(77)), 0);
        let put = |owner: u64| {
            let h = queues.bind(q.id(), InterpId::new(owner)).unwrap();
            h.put_nowait(crate::XiData::Int(1), None)
                .map_err(|e| e.error.to_string())
        };
        assert_eq!(put(50_000), Err("interpreter 50000 has ended".to_owned()));
        assert_eq!(put(100_001), Ok(()));
    }
}
