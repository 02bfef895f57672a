//! Arena management (`struct arena_object`, `new_arena`, `allocate_from_new_pool`,
//! `insert_to_freepool`): the arena vector, the `unused_arena_objects` stack, the
//! `usable_arenas` list sorted by free pools, and the `nfp2lasta` search fingers.
//!
//! Arena slot states:
//!
//! | state | `base` | list | leaves it when |
//! |---|---|---|---|
//! | unused | null | `unused` stack (`nextarena`) | `new_arena` pops it and maps memory |
//! | usable | mapped | `usable` (sorted ascending by `nfreepools`) | its last free pool is taken (→ full) or it is wholly free and not the tail (→ unused, unmapped) |
//! | full | mapped | none | one of its pools empties (→ usable, at the head) |

use std::ptr::{self, NonNull};

use crate::geometry::{
    ARENA_SIZE, INITIAL_ARENA_OBJECTS, MAX_POOLS_IN_ARENA, POOL_OVERHEAD, POOL_SIZE,
    POOL_SIZE_MASK, SYSTEM_PAGE_SIZE, index2size,
};
use crate::pool::{DUMMY_SIZE_IDX, PoolHeader};
use crate::registry;
use crate::state::State;

/// "No arena" index (CPython's NULL `arena_object*`).
pub(crate) const NONE: u32 = u32::MAX;

/// One slot of the arena vector. Invariant: `base.is_null()` iff the slot is on `unused`.
pub(crate) struct ArenaObject {
    /// Base returned by the source (CPython's `address`); null when unassociated.
    pub(crate) base: *mut u8,
    /// Pool-aligned high-water mark: the next pool to carve.
    pub(crate) pool_address: *mut u8,
    /// Cached empty pools plus never-carved pools.
    pub(crate) nfreepools: u32,
    /// 64, or 63 when the base is not pool-aligned.
    pub(crate) ntotalpools: u32,
    /// LIFO of empty pools, linked by `nextpool`.
    pub(crate) freepools: *mut PoolHeader,
    /// Next slot in `usable` (or in `unused` when unassociated).
    pub(crate) nextarena: u32,
    /// Previous slot in `usable`.
    pub(crate) prevarena: u32,
}

impl ArenaObject {
    const fn unused(next: u32) -> ArenaObject {
        ArenaObject {
            base: ptr::null_mut(),
            pool_address: ptr::null_mut(),
            nfreepools: 0,
            ntotalpools: 0,
            freepools: ptr::null_mut(),
            nextarena: next,
            prevarena: NONE,
        }
    }

    /// First pool-aligned address of the arena (`ALIGN_UP(address, POOL_SIZE)`).
    pub(crate) fn first_pool(&self) -> *mut u8 {
        self.base
            .map_addr(|a| (a + POOL_SIZE_MASK) & !POOL_SIZE_MASK)
    }
}

impl State {
    /// `new_arena`: map an arena into a fresh slot. `None` leaves the state as it was
    /// (except that the arena vector may have grown, as in CPython).
    #[cold]
    #[inline(never)]
    fn new_arena(&mut self) -> Option<u32> {
        if self.on_new_arena.is_some() {
            // Taken now (the state before mapping, as CPython prints it); the callback runs
            // once the heap call that got here is done, so it may use the heap itself.
            let text = crate::stats::report_of(self);
            self.pending_dumps.push(text);
        }
        if self.unused == NONE {
            let max = self.arenas.len();
            let num = if max == 0 {
                INITIAL_ARENA_OBJECTS
            } else {
                max.checked_mul(2)?
            };
            if num >= NONE as usize {
                return None; // the index space is exhausted (CPython's overflow check)
            }
            self.arenas.try_reserve_exact(num - max).ok()?;
            for i in max..num {
                let next = if i + 1 < num { (i + 1) as u32 } else { NONE };
                self.arenas.push(ArenaObject::unused(next));
            }
            self.unused = max as u32;
        }
        let slot = self.unused;
        let ao = &mut self.arenas[slot as usize];
        if self.slot == 0 {
            return None; // no registry slot: this heap serves everything raw
        }
        let base = self.source.alloc_arena(ARENA_SIZE)?;
        // A base that is not page-aligned breaks the source's contract; refuse it.
        if base.as_ptr().addr() % SYSTEM_PAGE_SIZE != 0
            || !registry::mark(base.as_ptr().addr(), self.slot)
        {
            // SAFETY: the arena was just obtained from this source and nothing uses it.
            unsafe { self.source.free_arena(base, ARENA_SIZE) };
            return None;
        }
        self.unused = ao.nextarena;
        self.narenas += 1;
        self.ntimes += 1;
        self.highwater = self.highwater.max(self.narenas);
        ao.base = base.as_ptr();
        ao.freepools = ptr::null_mut();
        ao.nfreepools = MAX_POOLS_IN_ARENA as u32;
        ao.pool_address = ao.first_pool();
        if ao.pool_address != ao.base {
            ao.nfreepools -= 1;
        }
        ao.ntotalpools = ao.nfreepools;
        Some(slot)
    }

    /// `allocate_from_new_pool`: take a pool from the head of `usable` (cached before virgin),
    /// make it the only used pool of class `i`, and return its first block.
    ///
    /// # Safety
    ///
    /// The state's invariants hold and list `i` is empty.
    #[cold]
    #[inline(never)]
    pub(crate) unsafe fn allocate_from_new_pool(&mut self, i: usize) -> Option<NonNull<u8>> {
        // SAFETY: invariants hold (contract).
        unsafe { self.flush_pending() };
        if self.usable == NONE {
            let a = self.new_arena()?;
            self.usable = a;
            let ao = &mut self.arenas[a as usize];
            ao.nextarena = NONE;
            ao.prevarena = NONE;
            self.nfp2lasta[ao.nfreepools as usize] = a;
        }
        let a = self.usable;
        let ao = &mut self.arenas[a as usize];
        let nfp = ao.nfreepools as usize;
        // The head holds the minimum, so taking a pool keeps the order; fix the fingers.
        if self.nfp2lasta[nfp] == a {
            self.nfp2lasta[nfp] = NONE;
        }
        if nfp > 1 {
            self.nfp2lasta[nfp - 1] = a;
        }
        let pool: *mut PoolHeader;
        if !ao.freepools.is_null() {
            pool = ao.freepools;
            // SAFETY: pools on `freepools` are carved pools of this arena.
            ao.freepools = unsafe { (*pool).nextpool };
        } else {
            pool = ao.pool_address.cast();
            // SAFETY: `nfreepools > 0` with no cached pool means a virgin pool lies at
            // `pool_address`, inside the arena.
            unsafe {
                (*pool).arenaindex = a;
                (*pool).szidx = DUMMY_SIZE_IDX;
                ao.pool_address = ao.pool_address.add(POOL_SIZE);
            }
        }
        ao.nfreepools -= 1;
        if ao.nfreepools == 0 {
            let next = ao.nextarena;
            self.usable = next;
            if next != NONE {
                self.arenas[next as usize].prevarena = NONE;
            }
        }
        // SAFETY: `pool` is a carved pool on no list and list `i` is empty (contract).
        unsafe {
            self.used.push_front(i, pool);
            (*pool).count = 1;
            if (*pool).szidx == i as u32 {
                // Same class as before it emptied: header and free list are intact.
                let bp = (*pool).freeblock;
                (*pool).freeblock = *bp.cast::<*mut u8>();
                return Some(NonNull::new_unchecked(bp));
            }
            let size = index2size(i);
            (*pool).szidx = i as u32;
            let bp = pool.cast::<u8>().add(POOL_OVERHEAD);
            (*pool).nextoffset = (POOL_OVERHEAD + 2 * size) as u32;
            (*pool).maxnextoffset = (POOL_SIZE - size) as u32;
            (*pool).freeblock = bp.add(size);
            *(*pool).freeblock.cast::<*mut u8>() = ptr::null_mut();
            Some(NonNull::new_unchecked(bp))
        }
    }

    /// A used pool just became empty (`insert_to_freepool`'s caller).
    ///
    /// When moving it to `freepools` now and taking it back on the next allocation of its class
    /// would be a no-op (it is the only pool of its class, and its arena is and would stay the
    /// head of `usable`), the move is deferred: the pool stays linked with count 0 and is moved
    /// by [`flush_pending`](Self::flush_pending) before any other arena decision or
    /// observation. Every decision and statistic stays CPython's; a lone alloc/free loop just
    /// stops paying for two list splices per iteration.
    ///
    /// # Safety
    ///
    /// `pool` is a used pool of this state whose count just dropped to 0.
    #[cold]
    #[inline(never)]
    pub(crate) unsafe fn pool_emptied(&mut self, pool: *mut PoolHeader) {
        if self.pending == pool {
            self.pending = ptr::null_mut(); // stale: it was reused and emptied again
        }
        // SAFETY: any pending pool is a valid carved pool of this state.
        unsafe { self.flush_pending() };
        // SAFETY: `pool` is a valid used pool (contract).
        if unsafe { self.can_defer(pool) } {
            self.pending = pool;
            return;
        }
        // SAFETY: forwarded contract.
        unsafe { self.insert_to_freepool(pool) }
    }

    /// Whether moving the empty `pool` to `freepools` can wait (see `pool_emptied`).
    ///
    /// # Safety
    ///
    /// `pool` is a valid used pool with count 0.
    unsafe fn can_defer(&self, pool: *mut PoolHeader) -> bool {
        #[cfg(test)]
        if !self.defer {
            return false;
        }
        // SAFETY: contract.
        let (i, alone, a) = unsafe {
            (
                (*pool).szidx as usize,
                (*pool).nextpool.is_null(),
                (*pool).arenaindex,
            )
        };
        if self.used.head[i] != pool || !alone {
            return false;
        }
        let ao = &self.arenas[a as usize];
        let k = ao.nfreepools;
        if k == 0 {
            return true; // full arena: it would go to the head and give this pool straight back
        }
        self.usable == a
            && (ao.nextarena == NONE
                || (self.arenas[ao.nextarena as usize].nfreepools > k && k + 1 != ao.ntotalpools))
    }

    /// Perform a deferred move of an empty pool, if one is pending and still empty.
    ///
    /// # Safety
    ///
    /// The state's invariants hold (a pending pool is a carved pool of this state).
    #[inline]
    pub(crate) unsafe fn flush_pending(&mut self) {
        let p = std::mem::replace(&mut self.pending, ptr::null_mut());
        // SAFETY: a pending pool is a valid carved pool; with count 0 it is still on its used
        // list (only the fast paths ran since it was deferred).
        if !p.is_null() && unsafe { (*p).count } == 0 {
            // SAFETY: as above.
            unsafe { self.insert_to_freepool(p) };
        }
    }

    /// `insert_to_freepool`: `pool` just became empty. Move it to its arena's `freepools`, then
    /// keep `usable` sorted in O(1) and release the arena if it is wholly free and not the tail.
    ///
    /// # Safety
    ///
    /// `pool` is a used pool of this state whose count just dropped to 0.
    pub(crate) unsafe fn insert_to_freepool(&mut self, pool: *mut PoolHeader) {
        // SAFETY: `pool` is a valid used pool on list `szidx` (contract).
        let a = unsafe {
            self.used.unlink((*pool).szidx as usize, pool);
            (*pool).arenaindex
        };
        let ao = &mut self.arenas[a as usize];
        // SAFETY: as above; `prevpool` is meaningless on `freepools`.
        unsafe { (*pool).nextpool = ao.freepools };
        ao.freepools = pool;
        let mut nf = ao.nfreepools as usize;
        // If this was the rightmost arena with `nf` free pools, the finger moves left.
        let lastnf = self.nfp2lasta[nf];
        if lastnf == a {
            let p = ao.prevarena;
            self.nfp2lasta[nf] = if p != NONE && self.arenas[p as usize].nfreepools as usize == nf {
                p
            } else {
                NONE
            };
        }
        let ao = &mut self.arenas[a as usize];
        nf += 1;
        ao.nfreepools = nf as u32;

        // Case 1: wholly free and not the last usable arena: give it back to the OS.
        // A wholly free tail is kept so alloc/free loops do not thrash mmap (bpo-37257).
        if nf == ao.ntotalpools as usize && ao.nextarena != NONE {
            let (prev, next) = (ao.prevarena, ao.nextarena);
            if prev == NONE {
                self.usable = next;
            } else {
                self.arenas[prev as usize].nextarena = next;
            }
            self.arenas[next as usize].prevarena = prev;
            self.release_arena(a);
            return;
        }
        // Case 2: it was full (on no list): it goes to the head, having the fewest free pools.
        if nf == 1 {
            ao.nextarena = self.usable;
            ao.prevarena = NONE;
            if self.usable != NONE {
                self.arenas[self.usable as usize].prevarena = a;
            }
            self.usable = a;
            if self.nfp2lasta[1] == NONE {
                self.nfp2lasta[1] = a;
            }
            return;
        }
        if self.nfp2lasta[nf] == NONE {
            self.nfp2lasta[nf] = a;
        }
        // Case 4: it was the rightmost with the old count, so it is still in order.
        if a == lastnf {
            return;
        }
        // Case 3: slide it right, to just after `lastnf` (the old rightmost with nf - 1).
        let (prev, next) = (ao.prevarena, ao.nextarena);
        if prev != NONE {
            self.arenas[prev as usize].nextarena = next;
        } else {
            self.usable = next;
        }
        self.arenas[next as usize].prevarena = prev;
        let after = self.arenas[lastnf as usize].nextarena;
        let ao = &mut self.arenas[a as usize];
        ao.prevarena = lastnf;
        ao.nextarena = after;
        if after != NONE {
            self.arenas[after as usize].prevarena = a;
        }
        self.arenas[lastnf as usize].nextarena = a;
    }

    /// Unmap arena `a` (already off every list) and push its slot on `unused`.
    fn release_arena(&mut self, a: u32) {
        let ao = &mut self.arenas[a as usize];
        let base = ao.base;
        ao.base = ptr::null_mut();
        ao.nextarena = self.unused;
        self.unused = a;
        self.narenas -= 1;
        registry::unmark(base.addr());
        if let Some(base) = NonNull::new(base) {
            // SAFETY: the arena came from this source, is wholly free, and no longer registered.
            unsafe { self.source.free_arena(base, ARENA_SIZE) };
        }
    }

    /// Return every mapped arena to the source (heap end). Afterwards the state holds no arena.
    pub(crate) fn release_all_arenas(&mut self) -> usize {
        let mut n = 0;
        for ao in &mut self.arenas {
            if let Some(base) = NonNull::new(ao.base) {
                registry::unmark(base.as_ptr().addr());
                // SAFETY: the arena came from this source; the heap is ending, so nothing may use
                // its blocks any more (documented on `Heap::close`).
                unsafe { self.source.free_arena(base, ARENA_SIZE) };
                n += 1;
            }
        }
        self.arenas = Vec::new();
        self.unused = NONE;
        self.usable = NONE;
        self.nfp2lasta = [NONE; MAX_POOLS_IN_ARENA + 1];
        self.used = crate::pool::UsedPools::new();
        self.pending = ptr::null_mut();
        self.narenas = 0;
        n
    }

    /// Call `f` on every carved pool of every mapped arena.
    pub(crate) fn for_each_pool(&self, mut f: impl FnMut(&ArenaObject, *mut PoolHeader)) {
        for ao in &self.arenas {
            if ao.base.is_null() {
                continue;
            }
            let mut p = ao.first_pool();
            while p < ao.pool_address {
                f(ao, p.cast());
                // SAFETY: `p < pool_address <= base + ARENA_SIZE`, so the step stays in the arena
                // or lands exactly on its end.
                p = unsafe { p.add(POOL_SIZE) };
            }
        }
    }
}
