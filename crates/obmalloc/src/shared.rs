//! [`SharedHeap`]: one heap used by several interpreters (CPython's `use_main_obmalloc`, where
//! sub-interpreters allocate from the main interpreter's state under a GIL they share).

use std::fmt;
use std::sync::Arc;

use crate::{Heap, HeapId, LeakReport};

struct SyncHeap(Heap);

// SAFETY: the only way to reach the heap from several threads is `SharedHeap::heap`, an
// `unsafe fn` whose contract is that all users serialise access with one outside lock (the GIL
// they share), so the `!Sync` state is never touched by two threads at once.
unsafe impl Sync for SyncHeap {}

/// A reference-counted handle to a heap shared by several interpreters.
///
/// The handle is `Send + Sync` and cloneable, but the heap behind it is not synchronised:
/// getting `&Heap` out is `unsafe`, and every user must hold the same outside lock while using
/// it (interpreters that share obmalloc must share the GIL; CPython documents this but does not
/// enforce it). Blocks allocated through one sharer may be freed through another. The heap ends
/// when the last handle is dropped, or explicitly with [`SharedHeap::close`] on the last handle.
///
/// ```
/// use subinterp_obmalloc::{Heap, SharedHeap};
/// let main = SharedHeap::new(Heap::new());
/// let sub = main.clone();
/// // SAFETY: single-threaded example, so access is trivially serialised.
/// let p = unsafe { sub.heap() }.alloc(32).unwrap();
/// // SAFETY: as above; `p` is a live block of the shared heap.
/// unsafe { main.heap().free(p).unwrap() };
/// drop(sub);
/// assert!(main.close().unwrap().is_clean());
/// ```
#[derive(Clone)]
pub struct SharedHeap {
    inner: Arc<SyncHeap>,
}

impl fmt::Debug for SharedHeap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedHeap")
            .field("id", &self.id())
            .field("handles", &self.handles())
            .finish()
    }
}

impl SharedHeap {
    /// Share `heap`.
    pub fn new(heap: Heap) -> SharedHeap {
        SharedHeap {
            inner: Arc::new(SyncHeap(heap)),
        }
    }

    /// The shared heap's id (readable without the lock: it never changes).
    pub fn id(&self) -> HeapId {
        self.inner.0.id()
    }

    /// Live handles to this heap.
    pub fn handles(&self) -> usize {
        Arc::strong_count(&self.inner)
    }

    /// Whether two handles share the same heap.
    pub fn same(&self, other: &SharedHeap) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// The heap.
    ///
    /// # Safety
    ///
    /// For as long as the returned reference is used, no other thread may use this heap: every
    /// user of every clone of this handle must hold one common outside lock (the shared GIL)
    /// while it holds a reference obtained here.
    pub unsafe fn heap(&self) -> &Heap {
        &self.inner.0
    }

    /// Take the heap back if this is the last handle; otherwise get the handle back.
    pub fn into_heap(self) -> Result<Heap, SharedHeap> {
        Arc::try_unwrap(self.inner)
            .map(|s| s.0)
            .map_err(|inner| SharedHeap { inner })
    }

    /// End the heap if this is the last handle (see [`Heap::close`]); otherwise get the handle
    /// back and nothing happens (a sharer's end changes nothing, as in CPython).
    pub fn close(self) -> Result<LeakReport, SharedHeap> {
        self.into_heap().map(Heap::close)
    }
}

impl From<Heap> for SharedHeap {
    fn from(heap: Heap) -> SharedHeap {
        SharedHeap::new(heap)
    }
}
