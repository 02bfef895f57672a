//! [`ArenaCache`]: the runtime's default arena source, the OS plus a few arenas kept for reuse.
//!
//! An isolated interpreter's heap maps its first arena when it is created and returns every
//! arena when it ends. Mapping and unmapping an arena per interpreter costs more than the rest
//! of a create/end cycle (the `munmap` TLB shootdown and the page faults of the fresh pages),
//! so the runtime keeps up to `capacity` ended arenas mapped and hands them to the next heaps.
//! A reused arena's pages are already resident; the heap initialises everything it reads
//! (the source contract promises readable, writable memory, not zeroes). Arenas beyond the
//! capacity go back to the OS at once, so the memory held stays bounded.

use std::ptr::NonNull;
use std::sync::Arc;

use crate::sync::{Mutex, MutexGuard};
use subinterp_obmalloc::geometry::ARENA_SIZE;
use subinterp_obmalloc::{ArenaSource, OsSource};

/// Entries reserved up front at most (the default capacity fits).
const PREALLOC: usize = 64;

/// Freed arenas of one runtime's heaps, kept for reuse.
#[derive(Debug)]
pub(crate) struct ArenaCache {
    os: OsSource,
    capacity: usize,
    /// Addresses of cached arenas (each `ARENA_SIZE` bytes from `os`).
    free: Mutex<Vec<usize>>,
}

impl ArenaCache {
    /// Room for `capacity` arenas; any count is accepted (`usize::MAX`: keep every arena),
    /// the list grows as arenas come back instead of being reserved up front.
    pub(crate) fn new(capacity: usize) -> ArenaCache {
        ArenaCache {
            os: OsSource::new(),
            capacity,
            free: Mutex::new(Vec::with_capacity(capacity.min(PREALLOC))),
        }
    }

    /// Holds the cache's lock (across a fork, so the child finds it free).
    pub(crate) fn lock(&self) -> MutexGuard<'_, Vec<usize>> {
        self.free.lock()
    }
}

impl Drop for ArenaCache {
    fn drop(&mut self) {
        for a in self.free.get_mut().drain(..) {
            if let Some(p) = NonNull::new(a as *mut u8) {
                // SAFETY: every cached address came from `self.os.alloc_arena(ARENA_SIZE)`
                // (heaps only ask for `ARENA_SIZE`), was freed by its heap, and is unmapped
                // exactly once, here.
                unsafe { self.os.free_arena(p, ARENA_SIZE) };
            }
        }
    }
}

/// One heap's handle on the shared cache.
pub(crate) struct CachedSource(pub(crate) Arc<ArenaCache>);

// SAFETY: arenas come from `OsSource` (page-aligned, `size` readable and writable bytes) either
// directly or from the cache, which holds only arenas their heap has freed, so nothing else
// uses a handed-out arena until it is freed again; raw blocks use the default (system)
// methods; nothing here calls back into a heap.
unsafe impl ArenaSource for CachedSource {
    fn alloc_arena(&self, size: usize) -> Option<NonNull<u8>> {
        if size == ARENA_SIZE
            && let Some(a) = self.0.free.lock().pop()
        {
            return NonNull::new(a as *mut u8);
        }
        self.0.os.alloc_arena(size)
    }

    unsafe fn free_arena(&self, arena: NonNull<u8>, size: usize) {
        if size == ARENA_SIZE {
            let mut free = self.0.free.lock();
            if free.len() < self.0.capacity {
                free.push(arena.as_ptr() as usize);
                return;
            }
        }
        // SAFETY: forwarded contract: `arena` came from `alloc_arena(size)`, which is
        // `self.0.os`'s (directly or through the cache), and is not used any more.
        unsafe { self.0.os.free_arena(arena, size) }
    }
}
