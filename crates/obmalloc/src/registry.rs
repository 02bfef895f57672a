//! The process-wide arena registry: a radix tree over addresses (CPython's `arena_map_*`, with
//! the same `tail_hi`/`tail_lo` rule for arenas that straddle two ideal 1 MiB regions), whose
//! leaves also record which heap owns each arena.
//!
//! CPython keeps one tree per interpreter, so a block of another interpreter looks "not mine"
//! and is handed to libc `free`. One shared tree answers both "is it mine?" (the free fast path:
//! three dependent loads and a compare, no lock) and "whose is it?" (the error path).
//! Leaves change only when an arena is mapped or unmapped; nodes are never freed.
//!
//! Owners are recorded as small *slots* (`u32`, reused after a heap ends) so an owner and an
//! arena boundary fit in one atomic word; [`slot_owner`] maps a slot back to its [`HeapId`].

use std::alloc::{Layout, alloc_zeroed};
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::HeapId;
use crate::geometry::{ARENA_BITS, ARENA_SIZE, ARENA_SIZE_MASK, SYSTEM_PAGE_SIZE};

/// Bits of the region key (`address >> ARENA_BITS`) resolved by each level, as in CPython
/// (`INTERIOR_BITS = (64 - 20 + 2) / 3 = 15`).
pub(crate) const MID_BITS: u32 = 15;
/// Bits resolved by the bottom level.
pub(crate) const BOT_BITS: u32 = 64 - ARENA_BITS - 2 * MID_BITS;
const TOP_LEN: usize = 1 << MID_BITS;
const MID_LEN: usize = 1 << MID_BITS;
const BOT_LEN: usize = 1 << BOT_BITS;

/// One ideal region, one atomic word like CPython's 8-byte `arena_coverage_t`: the high half
/// describes the arena that starts in the region, the low half the arena that ends in it.
/// Each half is `slot << 8 | offset / SYSTEM_PAGE_SIZE` (arenas are page-aligned), 0 for none.
/// `start <= t` is inside the starting arena, `t < end` inside the ending one.
struct Leaf(AtomicU64);

struct Bot {
    leaves: [Leaf; BOT_LEN],
}

struct Mid {
    bots: [AtomicPtr<Bot>; MID_LEN],
}

/// Bytes of the root (what CPython's stats call "arena map root").
pub(crate) const ROOT_BYTES: usize = TOP_LEN * size_of::<usize>();
/// Bytes of one mid node.
pub(crate) const MID_BYTES: usize = size_of::<Mid>();
/// Bytes of one bottom node.
pub(crate) const BOT_BYTES: usize = size_of::<Bot>();

static TOP: [AtomicPtr<Mid>; TOP_LEN] = [const { AtomicPtr::new(ptr::null_mut()) }; TOP_LEN];

/// Indices of the top, mid and bottom entries for an address.
#[inline(always)]
pub(crate) const fn split(addr: usize) -> (usize, usize, usize) {
    let key = addr >> ARENA_BITS;
    (
        (key >> (MID_BITS + BOT_BITS)) & (TOP_LEN - 1),
        (key >> BOT_BITS) & (MID_LEN - 1),
        key & (BOT_LEN - 1),
    )
}

/// The leaf for `addr`, or `None` when its nodes were never created (nothing mapped there).
#[inline(always)]
fn leaf(addr: usize) -> Option<&'static Leaf> {
    let (t, m, b) = split(addr);
    let mid = TOP[t].load(Ordering::Acquire);
    if mid.is_null() {
        return None;
    }
    // SAFETY: non-null node pointers are published with Release after zero-initialisation and
    // nodes are never freed, so the reference is valid for 'static.
    let bot = unsafe { &*mid }.bots[m].load(Ordering::Acquire);
    if bot.is_null() {
        return None;
    }
    // SAFETY: as above, for the bottom node.
    Some(unsafe { &(*bot).leaves[b] })
}

/// Create a zeroed node of type `T`, or `None` when memory is exhausted.
fn new_node<T>() -> Option<*mut T> {
    // SAFETY: `T` is a non-zero-sized array of atomics, for which all-zero is a valid value.
    let p = unsafe { alloc_zeroed(Layout::new::<T>()) }.cast::<T>();
    (!p.is_null()).then_some(p)
}

/// Install a node in `slot` if empty; returns the node now there. Losing a race frees ours.
fn get_or_create<T>(slot: &AtomicPtr<T>) -> Option<*mut T> {
    let cur = slot.load(Ordering::Acquire);
    if !cur.is_null() {
        return Some(cur);
    }
    let fresh = new_node::<T>()?;
    match slot.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => Some(fresh),
        Err(theirs) => {
            // SAFETY: `fresh` was allocated above with this layout and never published.
            unsafe { std::alloc::dealloc(fresh.cast(), Layout::new::<T>()) };
            Some(theirs)
        }
    }
}

fn leaf_create(addr: usize) -> Option<&'static Leaf> {
    let (t, m, b) = split(addr);
    let mid = get_or_create(&TOP[t])?;
    // SAFETY: published nodes are valid forever (never freed).
    let bot = get_or_create(unsafe { &(*mid).bots[m] })?;
    // SAFETY: as above.
    Some(unsafe { &(*bot).leaves[b] })
}

/// Largest slot number (24 bits).
pub(crate) const MAX_SLOT: u32 = (1 << 24) - 1;

const HALF: u32 = 32;
const PAGE_SHIFT: u32 = SYSTEM_PAGE_SIZE.trailing_zeros();

/// Set (`hi == true`: the starting arena) or clear one half of a leaf.
fn set_half(l: &Leaf, hi: bool, value: u32) {
    let (shift, keep) = if hi {
        (HALF, 0xffff_ffffu64)
    } else {
        (0, 0xffff_ffff_0000_0000u64)
    };
    // Other heaps may be writing the other half of the same region, hence the RMW.
    let _ = l.0.fetch_update(Ordering::AcqRel, Ordering::Acquire, |w| {
        Some((w & keep) | (u64::from(value) << shift))
    });
}

/// Record that the arena at `base` (ARENA_SIZE bytes, page-aligned) belongs to `slot`
/// (`arena_map_mark_used(.., 1)`). Fails, leaving nothing set, when a node cannot be allocated.
pub(crate) fn mark(base: usize, slot: u32) -> bool {
    debug_assert!(slot != 0 && slot <= MAX_SLOT && base.is_multiple_of(SYSTEM_PAGE_SIZE));
    let t = base & ARENA_SIZE_MASK;
    let half = slot << 8 | (t >> PAGE_SHIFT) as u32;
    let Some(first) = leaf_create(base) else {
        return false;
    };
    set_half(first, true, half);
    if t != 0 {
        match leaf_create(base + ARENA_SIZE) {
            Some(second) => set_half(second, false, half),
            None => {
                set_half(first, true, 0);
                return false;
            }
        }
    }
    true
}

/// Forget the arena at `base` (`arena_map_mark_used(.., 0)`).
pub(crate) fn unmark(base: usize) {
    if let Some(first) = leaf(base) {
        set_half(first, true, 0);
    }
    if base & ARENA_SIZE_MASK != 0
        && let Some(second) = leaf(base + ARENA_SIZE)
    {
        set_half(second, false, 0);
    }
}

/// Whether `addr` lies in an arena of `slot` (`address_in_range`, exact to the byte).
#[inline(always)]
pub(crate) fn is_in(addr: usize, slot: u32) -> bool {
    owner_slot(addr) == Some(slot)
}

/// The slot owning the arena that contains `addr`, if any.
#[inline(always)]
pub(crate) fn owner_slot(addr: usize) -> Option<u32> {
    let w = leaf(addr)?.0.load(Ordering::Acquire);
    let t = (addr & ARENA_SIZE_MASK) >> PAGE_SHIFT;
    let hi = (w >> HALF) as u32;
    if hi != 0 && t >= (hi & 0xff) as usize {
        return Some(hi >> 8);
    }
    let lo = w as u32;
    if lo != 0 && t < (lo & 0xff) as usize {
        return Some(lo >> 8);
    }
    None
}

/// Slot table: slot `s` (1-based) belongs to `ids[s - 1]` (0 when free).
struct Slots {
    ids: Vec<u64>,
    free: Vec<u32>,
}

static SLOTS: Mutex<Slots> = Mutex::new(Slots {
    ids: Vec::new(),
    free: Vec::new(),
});

/// The slot table's lock. A futex (std), not `parking_lot`: [`hold_for_fork`] holds it
/// across a `fork()`, and a `parking_lot` unlock in the child could hand it to a waiter of the
/// parent that does not exist there.
fn slots() -> MutexGuard<'static, Slots> {
    SLOTS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The process-wide heap registry's lock, held until the guard drops, for a `fork()` made
/// meanwhile: the child finds the registry consistent and releases it by dropping the guard.
pub fn hold_for_fork() -> ForkHold {
    ForkHold { _guard: slots() }
}

/// The heap registry's lock, held across a `fork()` ([`hold_for_fork`]).
#[must_use]
pub struct ForkHold {
    _guard: MutexGuard<'static, Slots>,
}

impl std::fmt::Debug for ForkHold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ForkHold")
    }
}

/// Take a slot for `id`; `None` only if 2^24 - 1 heaps are alive at once or memory is exhausted.
pub(crate) fn acquire_slot(id: HeapId) -> Option<u32> {
    let mut s = slots();
    if let Some(slot) = s.free.pop() {
        s.ids[slot as usize - 1] = id.get();
        return Some(slot);
    }
    let slot = u32::try_from(s.ids.len() + 1)
        .ok()
        .filter(|&n| n <= MAX_SLOT)?;
    s.ids.try_reserve(1).ok()?;
    let want = s.ids.len() + 1;
    s.free.try_reserve(want).ok()?;
    s.ids.push(id.get());
    Some(slot)
}

/// Give a slot back; the caller has unmarked every arena recorded with it.
pub(crate) fn release_slot(slot: u32) {
    let mut s = slots();
    if let Some(id) = s.ids.get_mut(slot as usize - 1) {
        *id = 0;
        // Capacity was reserved in `acquire_slot`, so this push does not allocate.
        s.free.push(slot);
    }
}

/// The heap currently holding `slot`.
pub(crate) fn slot_owner(slot: u32) -> Option<HeapId> {
    let s = slots();
    let id = *s.ids.get((slot as usize).checked_sub(1)?)?;
    HeapId::from_raw(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake base far from real mappings; the registry never dereferences arena memory.
    const FAKE: usize = 0x7a00_0000_0000;

    #[test]
    fn aligned_arena_covers_its_whole_region() {
        let base = FAKE;
        assert!(mark(base, 7));
        assert!(!is_in(base - 1, 7));
        assert!(is_in(base, 7));
        assert!(is_in(base + ARENA_SIZE - 1, 7));
        assert!(!is_in(base + ARENA_SIZE, 7));
        assert!(!is_in(base, 8));
        unmark(base);
        assert!(!is_in(base, 7));
    }

    #[test]
    fn misaligned_edges_and_shared_region() {
        // Scenario 34 and 35: arena A ends at X+t1, arena B starts at X+t2 >= X+t1.
        let x = FAKE + 16 * ARENA_SIZE;
        let (t1, t2) = (0x3000usize, 0x5000usize);
        let a = x - ARENA_SIZE + t1;
        let b = x + t2;
        assert!(mark(a, 3));
        assert!(mark(b, 4));
        assert_eq!(owner_slot(a - 1), None);
        assert_eq!(owner_slot(a), Some(3));
        assert_eq!(owner_slot(a + ARENA_SIZE - 1), Some(3));
        assert_eq!(owner_slot(a + ARENA_SIZE), None, "gap [t1, t2) is free");
        assert_eq!(owner_slot(x + t2 - 1), None);
        assert_eq!(owner_slot(b), Some(4));
        assert_eq!(owner_slot(b + ARENA_SIZE - 1), Some(4));
        assert_eq!(owner_slot(b + ARENA_SIZE), None);
        unmark(a);
        assert_eq!(owner_slot(a), None);
        assert_eq!(owner_slot(b), Some(4));
        unmark(b);
        assert_eq!(owner_slot(b), None);
    }

    #[test]
    fn unknown_addresses_have_no_owner() {
        assert_eq!(owner_slot(0), None);
        assert_eq!(owner_slot(usize::MAX), None);
    }
}
