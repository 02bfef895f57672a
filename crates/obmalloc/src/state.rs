//! `State`: one heap's allocator state (CPython's `struct _obmalloc_state`) and its pool-level
//! fast paths (`pymalloc_alloc`, `pymalloc_pool_extend`, `pymalloc_free`).

use std::ptr::{self, NonNull};

use crate::arena::{ArenaObject, NONE};
use crate::geometry::{MAX_POOLS_IN_ARENA, index2size};
use crate::pool::{PoolHeader, UsedPools, pool_of};
use crate::raw::RawBlocks;
use crate::source::ArenaSource;

/// Callback run with the stats report before each new arena is mapped (`PYTHONMALLOCSTATS`).
pub type ArenaDump = Box<dyn FnMut(&str) + Send>;

/// The allocator state of one heap. Not synchronised: the owning `Heap` is `!Sync`.
pub(crate) struct State {
    /// `usedpools`: per-class lists of pools with free blocks.
    pub(crate) used: UsedPools,
    /// `mgmt.arenas`: slots referred to by index, so the vector can move when it grows.
    pub(crate) arenas: Vec<ArenaObject>,
    /// `unused_arena_objects`: head of the stack of unassociated slots.
    pub(crate) unused: u32,
    /// `usable_arenas`: head of the list of arenas with free pools, ascending by free pools.
    pub(crate) usable: u32,
    /// `nfp2lasta[k]`: the rightmost usable arena with exactly `k` free pools.
    pub(crate) nfp2lasta: [u32; MAX_POOLS_IN_ARENA + 1],
    /// `narenas_currently_allocated`.
    pub(crate) narenas: usize,
    /// `ntimes_arena_allocated`.
    pub(crate) ntimes: usize,
    /// `narenas_highwater`.
    pub(crate) highwater: usize,
    /// Blocks served raw (sizes 0 and over 512, and fallbacks), with their sizes.
    pub(crate) raw: RawBlocks,
    /// This heap's owner slot in the process-wide arena registry (0: none, never maps arenas).
    pub(crate) slot: u32,
    /// Where arenas and raw blocks come from.
    pub(crate) source: Box<dyn ArenaSource>,
    /// An empty pool whose move to `freepools` is deferred (see `State::pool_emptied`), or null.
    pub(crate) pending: *mut PoolHeader,
    /// Whether empty-pool moves may be deferred (tests turn it off to compare decisions).
    #[cfg(test)]
    pub(crate) defer: bool,
    /// Stats dump before each new arena, if enabled.
    pub(crate) on_new_arena: Option<ArenaDump>,
    /// Reports taken before new arenas, waiting for `on_new_arena`.
    pub(crate) pending_dumps: Vec<String>,
}

impl State {
    pub(crate) fn new(source: Box<dyn ArenaSource>, slot: u32) -> State {
        State {
            used: UsedPools::new(),
            arenas: Vec::new(),
            unused: NONE,
            usable: NONE,
            nfp2lasta: [NONE; MAX_POOLS_IN_ARENA + 1],
            narenas: 0,
            ntimes: 0,
            highwater: 0,
            raw: RawBlocks::default(),
            slot,
            source,
            pending: ptr::null_mut(),
            #[cfg(test)]
            defer: true,
            on_new_arena: None,
            pending_dumps: Vec::new(),
        }
    }

    /// `pymalloc_alloc` for class `i`: pop the head pool's free list, or take a new pool.
    /// `None` means no pool memory could be had (the caller falls back to raw).
    ///
    /// # Safety
    ///
    /// The state's invariants hold (every linked pool is valid).
    #[inline]
    pub(crate) unsafe fn pool_alloc(&mut self, i: usize) -> Option<NonNull<u8>> {
        // SAFETY: forwarded contract.
        match unsafe { self.pool_pop(i) } {
            Some(p) => Some(p),
            // SAFETY: list `i` is empty and the invariants hold.
            None => unsafe { self.allocate_from_new_pool(i) },
        }
    }

    /// The fast half of `pymalloc_alloc`: pop a block from the head pool of class `i`, or
    /// `None` if class `i` has no used pool (the caller then takes a new pool).
    ///
    /// # Safety
    ///
    /// The state's invariants hold (every linked pool is valid).
    #[inline(always)]
    pub(crate) unsafe fn pool_pop(&mut self, i: usize) -> Option<NonNull<u8>> {
        let pool = self.used.head[i];
        if pool.is_null() {
            return None;
        }
        // SAFETY: a used pool has a non-null free list whose links are valid blocks of the pool.
        unsafe {
            (*pool).count += 1;
            let bp = (*pool).freeblock;
            let next = *bp.cast::<*mut u8>();
            (*pool).freeblock = next;
            if next.is_null() {
                self.pool_extend(pool, i);
            }
            Some(NonNull::new_unchecked(bp))
        }
    }

    /// `pymalloc_pool_extend`: the free list ran dry. Carve one virgin block, or, if none is left,
    /// the pool is full and leaves the used list (it is the head of list `i`).
    ///
    /// # Safety
    ///
    /// `pool` is the head of list `i` and its free list is empty.
    #[cold]
    #[inline(never)]
    unsafe fn pool_extend(&mut self, pool: *mut PoolHeader, i: usize) {
        // SAFETY: `pool` is a valid used pool (contract); `nextoffset <= maxnextoffset` keeps the
        // carved block inside the pool.
        unsafe {
            if (*pool).nextoffset <= (*pool).maxnextoffset {
                let bp = pool.cast::<u8>().add((*pool).nextoffset as usize);
                (*pool).freeblock = bp;
                (*pool).nextoffset += index2size(i) as u32;
                *bp.cast::<*mut u8>() = ptr::null_mut();
                return;
            }
            let next = (*pool).nextpool;
            self.used.head[i] = next;
            if !next.is_null() {
                (*next).prevpool = ptr::null_mut();
            }
        }
    }

    /// `pymalloc_free` of a block known to lie in one of this state's arenas.
    ///
    /// # Safety
    ///
    /// `p` is a live block handed out by this state's pools.
    #[inline(always)]
    pub(crate) unsafe fn pool_free(&mut self, p: NonNull<u8>) {
        let p = p.as_ptr();
        let pool = pool_of(p);
        // SAFETY: `p` is a live block of a carved pool (contract), so its header is valid.
        unsafe {
            let lastfree = (*pool).freeblock;
            *p.cast::<*mut u8>() = lastfree;
            (*pool).freeblock = p;
            (*pool).count -= 1;
            if lastfree.is_null() {
                // It was full; at least 31 blocks per pool, so it cannot be empty now.
                self.insert_to_usedpool(pool);
            } else if (*pool).count == 0 && pool != self.pending {
                // Still pending means no arena decision ran since it was deferred, so the
                // deferral still holds.
                self.pool_emptied(pool);
            }
        }
    }

    /// `insert_to_usedpool`: a full pool got a free block; link it at the front of its class so
    /// the next allocation of that class reuses exactly that block.
    ///
    /// # Safety
    ///
    /// `pool` is a valid pool on no list.
    #[cold]
    #[inline(never)]
    unsafe fn insert_to_usedpool(&mut self, pool: *mut PoolHeader) {
        // SAFETY: invariants hold; then forwarded contract (`pool` is full, so never pending).
        unsafe {
            self.flush_pending();
            self.used.push_front((*pool).szidx as usize, pool)
        }
    }

    /// The class of a block known to lie in one of this state's pools.
    ///
    /// # Safety
    ///
    /// `p` is a live block of this state's pools.
    #[inline]
    pub(crate) unsafe fn block_class(p: NonNull<u8>) -> usize {
        // SAFETY: the header of a live block's pool is valid.
        unsafe { (*pool_of(p.as_ptr())).szidx as usize }
    }

    /// Blocks in use: raw blocks plus every pool's count (`_PyInterpreterState_GetAllocatedBlocks`).
    pub(crate) fn allocated_blocks(&self) -> usize {
        let mut n = self.raw.len();
        // SAFETY: carved pools have valid headers.
        self.for_each_pool(|_, p| n += unsafe { (*p).count } as usize);
        n
    }
}
