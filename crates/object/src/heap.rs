//! The per-heap context objects point at: the obmalloc `Heap`, the queue of refcount
//! operations deferred to the heap's owner, and counters.
//!
//! One `HeapCtx` exists per heap, shared (`Arc`) by every interpreter state allocating from it
//! (an isolated interpreter alone; main plus the legacy interpreters that share main's
//! obmalloc) and by every unbound [`ObjRef`](crate::ObjRef) into it. Its fields split in two:
//! the heap and `live` are touched only by a thread holding the GIL that serialises the heap
//! (the contract of [`Objects::with_gil`](crate::Objects::with_gil)); the pending queue and the
//! counters are touched by any thread, under a mutex or atomically, and never touch object
//! memory.

use std::cell::UnsafeCell;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use std::sync::{Mutex, MutexGuard, PoisonError};
use subinterp_obmalloc::{AddrHasher, Heap, HeapId, LeakReport};

use crate::InterpId;
use crate::header::Raw;

/// What the owner of a heap is asked to run later (see [`DeferHook`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Incref,
    Decref,
}

/// A refcount operation on an object of this heap, requested by a thread that may not touch it.
pub(crate) struct Deferred {
    pub(crate) ptr: Raw,
    pub(crate) op: Op,
}

// SAFETY: a `Deferred` is a pointer plus an opcode; the pointer is only dereferenced by
// `Py::run_deferred`, on a thread holding the GIL of the heap that owns the object.
unsafe impl Send for Deferred {}

/// The hook the runtime installs so a heap's owner learns that refcount operations were
/// deferred to it (typically: add a pending call that runs
/// [`Py::run_deferred`](crate::Py::run_deferred) in that interpreter). It is called with the id of the heap's
/// owning interpreter each time the queue goes from empty to non-empty, on the thread that
/// deferred, with no lock held.
pub type DeferHook = Arc<dyn Fn(InterpId) + Send + Sync>;

struct Pending {
    queue: Vec<Deferred>,
    closed: bool,
    hook: Option<DeferHook>,
}

/// The lock of a heap's queue of deferred refcount operations, held across a `fork()`
/// ([`Objects::hold_deferred_for_fork`](crate::Objects::hold_deferred_for_fork)).
#[must_use]
pub struct DeferHold<'a> {
    _guard: MutexGuard<'a, Pending>,
}

impl std::fmt::Debug for DeferHold<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeferHold")
    }
}

/// Counters of the deferral machinery (all monotonic).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeferStats {
    /// Refcount operations deferred to the owner (a foreign decref, an unbound drop, ...).
    pub deferred: u64,
    /// Deferred operations the owner has run.
    pub ran: u64,
    /// Operations dropped because the heap had already been closed: its memory was reclaimed
    /// whole, so there was nothing left to release (a safe no-op, counted).
    pub after_close: u64,
}

/// Addresses of this heap's live objects that own something outside the heap (see
/// [`HeapCtx::track`]).
pub(crate) type Tracked = HashSet<usize, BuildHasherDefault<AddrHasher>>;

pub(crate) struct HeapCtx {
    heap: UnsafeCell<ManuallyDrop<Heap>>,
    pub(crate) id: HeapId,
    pub(crate) owner: InterpId,
    live: UnsafeCell<usize>,
    /// Live objects whose payload owns something outside the heap (a native value, module
    /// state or definition, a capsule destructor): what a close must release (`finalize.rs`).
    tracked: UnsafeCell<Tracked>,
    pending: Mutex<Pending>,
    users: AtomicUsize,
    deferred: AtomicU64,
    ran: AtomicU64,
    after_close: AtomicU64,
    /// The cycle collector's state (generations, thresholds, weak table): touched only under
    /// the GIL serialising the heap, like `heap`.
    pub(crate) gc: crate::gc::GcState,
    /// `sys.get_int_max_str_digits()` of the interpreters using this heap (0: no limit).
    pub(crate) max_str_digits: std::sync::atomic::AtomicUsize,
}

// SAFETY: `heap`, `live`, `tracked` and `gc` (cells and raw pointers) are only accessed through `heap()`, `live_*()` and
// the `*track*` methods, whose contract is that the caller holds the GIL serialising this heap
// (every caller is a `Py` token method, dealloc, or the closing user's sweep and `close`, all
// under that contract or with exclusive access), so there is never concurrent access. `Heap`
// and the address set are `Send`, so handing them from one GIL holder to the next is fine.
// All other fields are `Sync` (mutex, atomics, ids).
unsafe impl Sync for HeapCtx {}
// SAFETY: as above; all fields but `gc` are `Send` (`Heap: Send`, `Deferred: Send`), and
// `gc`'s raw pointers are only followed under the heap's GIL, by whichever thread holds it.
unsafe impl Send for HeapCtx {}

impl HeapCtx {
    pub(crate) fn new(owner: InterpId, heap: Heap) -> HeapCtx {
        HeapCtx {
            id: heap.id(),
            heap: UnsafeCell::new(ManuallyDrop::new(heap)),
            owner,
            live: UnsafeCell::new(0),
            tracked: UnsafeCell::new(Tracked::default()),
            pending: Mutex::new(Pending {
                queue: Vec::new(),
                closed: false,
                hook: None,
            }),
            users: AtomicUsize::new(1),
            deferred: AtomicU64::new(0),
            ran: AtomicU64::new(0),
            after_close: AtomicU64::new(0),
            gc: crate::gc::GcState::new(),
            max_str_digits: std::sync::atomic::AtomicUsize::new(crate::bigint::INT_MAX_STR_DIGITS),
        }
    }

    /// The heap.
    ///
    /// # Safety
    /// The caller holds the GIL serialising this heap, and the heap is not closed (true while
    /// any `Objects` using it has not ended, so while any token for it exists).
    #[inline]
    pub(crate) unsafe fn heap(&self) -> &Heap {
        // SAFETY: per the contract, no one mutates the slot concurrently and it still holds
        // the heap; it is only taken by `close` when no token exists.
        unsafe { &*self.heap.get() }
    }

    /// Adjusts the live-object counter.
    ///
    /// # Safety
    /// The caller holds the GIL serialising this heap.
    #[inline]
    pub(crate) unsafe fn live_add(&self, delta: isize) {
        // SAFETY: serialised by the GIL per the contract.
        unsafe { *self.live.get() = (*self.live.get()).wrapping_add_signed(delta) }
    }

    /// Live objects allocated from this heap.
    ///
    /// # Safety
    /// The caller holds the GIL serialising this heap.
    pub(crate) unsafe fn live(&self) -> usize {
        // SAFETY: serialised by the GIL per the contract.
        unsafe { *self.live.get() }
    }

    /// Records that the object at `p` owns something outside the heap, to be released if the
    /// object is still alive when the heap closes.
    ///
    /// # Safety
    /// The caller holds the GIL serialising this heap, and `p` is a live object of it.
    pub(crate) unsafe fn track(&self, p: Raw) {
        // SAFETY: serialised by the GIL per the contract.
        unsafe { (*self.tracked.get()).insert(p.as_ptr() as usize) };
    }

    /// Forgets `p` (it is being freed, or was finalized).
    ///
    /// # Safety
    /// The caller holds the GIL serialising this heap.
    pub(crate) unsafe fn untrack(&self, p: Raw) {
        // SAFETY: forwarded contract.
        unsafe { self.untrack_addr(p.as_ptr() as usize) };
    }

    /// Forgets the object at `addr`; whether it was tracked.
    ///
    /// # Safety
    /// The caller holds the GIL serialising this heap.
    pub(crate) unsafe fn untrack_addr(&self, addr: usize) -> bool {
        // SAFETY: serialised by the GIL per the contract; no reference into the set is held.
        unsafe { (*self.tracked.get()).remove(&addr) }
    }

    /// The addresses of the objects tracked now.
    ///
    /// # Safety
    /// The caller holds the GIL serialising this heap.
    pub(crate) unsafe fn tracked(&self) -> Vec<usize> {
        // SAFETY: serialised by the GIL per the contract; the set is copied out.
        unsafe { (*self.tracked.get()).iter().copied().collect() }
    }

    pub(crate) fn add_user(&self) {
        self.users.fetch_add(1, Ordering::Relaxed);
    }

    /// Queues `op` on `ptr` for the owner. Never touches the object.
    #[cold]
    pub(crate) fn defer(&self, ptr: Raw, op: Op) {
        let hook = {
            let mut p = self.pending();
            if p.closed {
                self.after_close.fetch_add(1, Ordering::Relaxed);
                return;
            }
            self.deferred.fetch_add(1, Ordering::Relaxed);
            p.queue.push(Deferred { ptr, op });
            if p.queue.len() == 1 {
                p.hook.clone()
            } else {
                None
            }
        };
        if let Some(h) = hook {
            h(self.owner);
        }
    }

    pub(crate) fn set_hook(&self, hook: Option<DeferHook>) {
        self.pending().hook = hook;
    }

    /// The deferral queue's lock: a futex (std), so that [`Self::hold_pending_for_fork`] can
    /// hold it across a `fork()` and the child's unlock hands it to no thread of the parent
    /// (a `parking_lot` unlock may). Poisoning is ignored: no critical section runs user code.
    fn pending(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Holds the deferral queue's lock until the guard drops (for a fork made meanwhile).
    pub(crate) fn hold_pending_for_fork(&self) -> DeferHold<'_> {
        DeferHold {
            _guard: self.pending(),
        }
    }

    pub(crate) fn take_pending(&self) -> Vec<Deferred> {
        std::mem::take(&mut self.pending().queue)
    }

    /// Whether operations may be queued (a cheap look at the counters, no lock; a deferral
    /// racing with it from another thread may be missed, and is run later).
    #[inline]
    pub(crate) fn may_have_pending(&self) -> bool {
        self.deferred.load(Ordering::Relaxed) != self.ran.load(Ordering::Relaxed)
    }

    pub(crate) fn pending_len(&self) -> usize {
        self.pending().queue.len()
    }

    pub(crate) fn note_ran(&self, n: usize) {
        self.ran.fetch_add(n as u64, Ordering::Relaxed);
    }

    pub(crate) fn stats(&self) -> DeferStats {
        DeferStats {
            deferred: self.deferred.load(Ordering::Relaxed),
            ran: self.ran.load(Ordering::Relaxed),
            after_close: self.after_close.load(Ordering::Relaxed),
        }
    }

    /// Drops one user (an `Objects` that ends); `true` for the last one, which then has
    /// exclusive access to the heap (tokens borrow an `Objects`, and every other user has
    /// ended) and must [`close`](Self::close) it.
    pub(crate) fn leave(&self) -> bool {
        self.users.fetch_sub(1, Ordering::AcqRel) == 1
    }

    /// Closes the heap after its last user [left](Self::leave): returns the leak report and
    /// the number of objects still live at that point (`None` if it was closed already).
    /// Touches no object memory.
    ///
    /// # Safety
    /// The caller is the last user ([`leave`](Self::leave) returned `true`) and no token of
    /// the heap exists any more.
    pub(crate) unsafe fn close(&self) -> Option<(LeakReport, usize)> {
        let discarded = {
            let mut p = self.pending();
            if p.closed {
                return None;
            }
            p.closed = true;
            p.hook = None;
            std::mem::take(&mut p.queue).len()
        };
        self.after_close
            .fetch_add(discarded as u64, Ordering::Relaxed);
        // SAFETY: last user with no token (the contract), so nothing else accesses the slot;
        // `closed` (set above under the lock) makes this the only take, and `Drop` skips it.
        let heap = unsafe { ManuallyDrop::take(&mut *self.heap.get()) };
        // SAFETY: as above.
        let live = unsafe { *self.live.get() };
        Some((heap.close(), live))
    }
}

impl Drop for HeapCtx {
    fn drop(&mut self) {
        if !self
            .pending
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .closed
        {
            // SAFETY: not closed, so the slot still holds the heap; `&mut self` is exclusive.
            unsafe { ManuallyDrop::drop(self.heap.get_mut()) }
        }
    }
}

impl HeapCtx {
    /// Whether the heap has been closed (its memory returned).
    pub(crate) fn is_closed(&self) -> bool {
        self.pending().closed
    }
}
