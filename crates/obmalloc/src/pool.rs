//! The pool header (`struct pool_header`, 48 bytes at the start of every 16 KiB pool) and the
//! per-class `usedpools` lists.
//!
//! Pool states (CPython's "Pool table"); a carved pool is in exactly one of them forever:
//!
//! | state | `count` | `freeblock` | linked into |
//! |---|---|---|---|
//! | used  | 0 < count < NUMBLOCKS | non-null | `usedpools[szidx]` (doubly linked) |
//! | full  | NUMBLOCKS | null | nothing |
//! | empty | 0 | intact free list | its arena's `freepools` (singly linked by `nextpool`) |
//!
//! Transitions: used→full when the last block is handed out (eager unlink); full→used on a free
//! (front insertion, so the next allocation reuses that block); used→empty on the last free.

use std::ptr;

use crate::geometry::{NB_SMALL_SIZE_CLASSES, POOL_OVERHEAD, POOL_SIZE_MASK};

/// `szidx` of a freshly carved pool, so "same class as last time" never matches.
pub(crate) const DUMMY_SIZE_IDX: u32 = 0xffff;

/// Header at the start of each pool. Offsets and size match CPython's 64-bit layout.
#[repr(C)]
pub(crate) struct PoolHeader {
    /// Blocks handed out and not freed (`ref.count`).
    pub(crate) count: u32,
    _pad: u32,
    /// Head of the intrusive free list; each free block's first word links to the next.
    pub(crate) freeblock: *mut u8,
    /// Next pool in `usedpools[szidx]` (used) or in the arena's `freepools` (empty).
    pub(crate) nextpool: *mut PoolHeader,
    /// Previous pool in `usedpools[szidx]`, null at the head (meaningless when not used).
    pub(crate) prevpool: *mut PoolHeader,
    /// Index of the owning arena in the heap's arena vector.
    pub(crate) arenaindex: u32,
    /// Size class; kept while empty so a same-class reuse skips re-initialisation.
    pub(crate) szidx: u32,
    /// Offset of the next never-used ("virgin") block.
    pub(crate) nextoffset: u32,
    /// `POOL_SIZE - blocksize`: all blocks were handed out once iff `nextoffset > maxnextoffset`.
    pub(crate) maxnextoffset: u32,
}

const _: () = assert!(size_of::<PoolHeader>() == POOL_OVERHEAD);

/// The pool containing block `p` (`POOL_ADDR`), keeping `p`'s provenance.
#[inline(always)]
pub(crate) fn pool_of(p: *mut u8) -> *mut PoolHeader {
    p.map_addr(|a| a & !POOL_SIZE_MASK).cast()
}

/// Heads of the per-class lists of used pools (CPython's `usedpools`, without the aliasing
/// trick: an empty list is a null head, so the emptiness test is still one load and compare).
pub(crate) struct UsedPools {
    pub(crate) head: [*mut PoolHeader; NB_SMALL_SIZE_CLASSES],
}

impl UsedPools {
    pub(crate) const fn new() -> UsedPools {
        UsedPools {
            head: [ptr::null_mut(); NB_SMALL_SIZE_CLASSES],
        }
    }

    /// Link `pool` at the front of class `i` (`insert_to_usedpool`, and the frontlink of
    /// `allocate_from_new_pool`).
    ///
    /// # Safety
    ///
    /// `pool` is a carved pool on no list; every pool on list `i` is valid.
    #[inline]
    pub(crate) unsafe fn push_front(&mut self, i: usize, pool: *mut PoolHeader) {
        let next = self.head[i];
        // SAFETY: `pool` and (if non-null) `next` are valid pool headers per the contract.
        unsafe {
            (*pool).nextpool = next;
            (*pool).prevpool = ptr::null_mut();
            if !next.is_null() {
                (*next).prevpool = pool;
            }
        }
        self.head[i] = pool;
    }

    /// Unlink `pool` from class `i`, wherever it is.
    ///
    /// # Safety
    ///
    /// `pool` is on list `i`, whose pools are all valid.
    #[inline]
    pub(crate) unsafe fn unlink(&mut self, i: usize, pool: *mut PoolHeader) {
        // SAFETY: `pool` is on list `i`, so it and its neighbours are valid headers.
        unsafe {
            let next = (*pool).nextpool;
            let prev = (*pool).prevpool;
            if prev.is_null() {
                self.head[i] = next;
            } else {
                (*prev).nextpool = next;
            }
            if !next.is_null() {
                (*next).prevpool = prev;
            }
        }
    }
}
