//! [`Heap`]: one interpreter's small-object allocator (CPython's per-interpreter
//! `_obmalloc_state` with the OBJ-domain entry points `_PyObject_Malloc`/`Realloc`/`Free`).
//!
//! The heap is passed explicitly (no thread-local lookup on the fast path), is `Send` but not
//! `Sync` (the GIL serialises it; see [`SharedHeap`](crate::SharedHeap) for
//! `use_main_obmalloc`), knows which blocks are its own, and returns every arena to the OS when
//! it ends, reporting what was still live.

use std::cell::UnsafeCell;
use std::fmt;
use std::ptr::NonNull;

use crate::error::{AllocError, FreeError};
use crate::geometry::{ARENA_SIZE, index2size, size_class};
use crate::id::HeapId;
use crate::registry;
use crate::source::{ArenaSource, OsSource};
use crate::state::{ArenaDump, State};
use crate::stats::{self, HeapStats};

/// A per-interpreter small-object heap.
///
/// Requests of 1..=512 bytes come from 16 KiB pools in 1 MiB arenas, by size class (16-byte
/// steps); requests of 0 or over 512 bytes, and any request no pool can serve, go raw.
/// Every block is 16-byte aligned.
///
/// Blocks are valid until freed or until the heap ends ([`Heap::close`] or drop), whichever is
/// first; the heap does not track borrows of block memory, so using a block after that is the
/// caller's bug (dereferencing a block pointer is `unsafe` anyway).
///
/// ```
/// use subinterp_obmalloc::Heap;
/// let heap = Heap::new();
/// let p = heap.alloc(24).unwrap();
/// assert!(heap.owns(p.as_ptr()));
/// assert_eq!(heap.allocated_blocks(), 1);
/// // SAFETY: `p` is a live block of `heap`.
/// unsafe { heap.free(p).unwrap() };
/// let report = heap.close();
/// assert_eq!(report.live_blocks, 0);
/// ```
pub struct Heap {
    state: UnsafeCell<State>,
    id: HeapId,
}

// SAFETY: the state's raw pointers point only into arenas and raw blocks this heap owns
// exclusively (no other heap or thread holds them: registry entries are atomics keyed by
// address), and the source is `Send + Sync`. Moving the heap moves ownership of all of it.
// `Heap` stays `!Sync` through `UnsafeCell`, so two threads never touch the state at once.
unsafe impl Send for Heap {}

/// What was still live when a heap ended. The memory is returned to the OS regardless
/// (CPython instead leaks every arena of an interpreter that ends with live blocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeakReport {
    /// The heap that ended.
    pub heap: HeapId,
    /// Blocks still allocated (pool blocks plus raw blocks).
    pub live_blocks: usize,
    /// Of those, raw blocks.
    pub live_raw_blocks: usize,
    /// Arenas returned to the source.
    pub arenas_released: usize,
    /// Bytes returned: arenas plus raw blocks.
    pub bytes_released: usize,
}

impl LeakReport {
    /// No block was live at the end.
    pub fn is_clean(&self) -> bool {
        self.live_blocks == 0
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl fmt::Debug for Heap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Heap")
            .field("id", &self.id)
            .field("allocated_blocks", &self.allocated_blocks())
            .field("mapped_bytes", &self.mapped_bytes())
            .finish()
    }
}

impl Heap {
    /// A heap taking arenas from the OS ([`OsSource`]). Maps nothing until the first request.
    pub fn new() -> Heap {
        Heap::with_source(OsSource::new())
    }

    /// A heap taking arenas and raw blocks from `source` (CPython's `PyObject_SetArenaAllocator`,
    /// per heap). Tests use it to fix arena alignment and inject failures.
    pub fn with_source(source: impl ArenaSource) -> Heap {
        Heap::with_boxed_source(Box::new(source))
    }

    /// As [`with_source`](Self::with_source), for an already boxed source.
    pub fn with_boxed_source(source: Box<dyn ArenaSource>) -> Heap {
        let id = HeapId::next();
        // Without a registry slot (16M heaps alive at once) every request is served raw.
        let slot = registry::acquire_slot(id).unwrap_or(0);
        Heap {
            state: UnsafeCell::new(State::new(source, slot)),
            id,
        }
    }

    /// This heap's process-unique id.
    #[inline]
    pub fn id(&self) -> HeapId {
        self.id
    }

    /// The state, for one public call.
    ///
    /// # Safety
    ///
    /// The returned reference must not outlive the calling method, and no other reference into
    /// the state may exist meanwhile. `Heap` is `!Sync` and its methods never call each other or
    /// user code while holding it (sources must not reenter, per `ArenaSource`'s contract).
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    unsafe fn st(&self) -> &mut State {
        // SAFETY: forwarded contract.
        unsafe { &mut *self.state.get() }
    }

    /// Allocate `size` bytes (`PyObject_Malloc`): 1..=512 from pools, 0 and over 512 raw.
    /// A pool failure (no arena) falls back to raw, as in CPython; only when that fails too is
    /// the error returned.
    #[inline]
    pub fn alloc(&self, size: usize) -> Result<NonNull<u8>, AllocError> {
        if let Some(i) = size_class(size) {
            // SAFETY: one state reference, ended before the slow path takes its own.
            let st = unsafe { self.st() };
            // SAFETY: the state's invariants hold between calls.
            if let Some(p) = unsafe { st.pool_pop(i) } {
                return Ok(p);
            }
        }
        self.alloc_slow(size)
    }

    /// A new pool (maybe a new arena) or a raw block.
    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, size: usize) -> Result<NonNull<u8>, AllocError> {
        let r = {
            // SAFETY: one state reference for this block.
            let st = unsafe { self.st() };
            // SAFETY: the state's invariants hold between calls.
            match size_class(size).and_then(|i| unsafe { st.allocate_from_new_pool(i) }) {
                Some(p) => Ok(p),
                None => st.raw_alloc(size, false),
            }
        };
        self.run_dumps();
        r
    }

    /// Hand reports taken before new arenas to the dump callback, with no state reference
    /// live, so the callback may use this heap.
    fn run_dumps(&self) {
        let (mut dump, texts) = {
            // SAFETY: one state reference for this block.
            let st = unsafe { self.st() };
            if st.pending_dumps.is_empty() {
                return;
            }
            (
                st.on_new_arena.take(),
                std::mem::take(&mut st.pending_dumps),
            )
        };
        if let Some(f) = dump.as_mut() {
            for t in &texts {
                f(t);
            }
        }
        // SAFETY: one state reference for this block.
        let st = unsafe { self.st() };
        if st.on_new_arena.is_none() {
            st.on_new_arena = dump; // unless the callback installed another one
        }
    }

    /// Allocate `nelem * elsize` zeroed bytes (`PyObject_Calloc`); an overflowing product is
    /// [`AllocError::TooLarge`] with nothing allocated.
    pub fn calloc(&self, nelem: usize, elsize: usize) -> Result<NonNull<u8>, AllocError> {
        let Some(size) = nelem
            .checked_mul(elsize)
            .filter(|&n| n <= isize::MAX as usize)
        else {
            return Err(AllocError::TooLarge {
                size: nelem.saturating_mul(elsize),
            });
        };
        let r = {
            // SAFETY: one state reference for this block.
            let st = unsafe { self.st() };
            // SAFETY: the state's invariants hold between calls.
            match size_class(size).and_then(|i| unsafe { st.pool_alloc(i) }) {
                Some(p) => {
                    // SAFETY: a fresh block of at least `size` bytes.
                    unsafe { p.as_ptr().write_bytes(0, size) };
                    Ok(p)
                }
                None => st.raw_alloc(size, true),
            }
        };
        self.run_dumps();
        r
    }

    /// Free a block (`PyObject_Free`). A pointer of another heap's arenas is refused with
    /// [`FreeError::Foreign`], any other pointer that is not a live raw block of this heap with
    /// [`FreeError::NotAllocated`]; in both cases nothing is freed.
    ///
    /// # Safety
    ///
    /// If `ptr` lies in one of this heap's arenas, it must be a live block returned by this heap
    /// (pool blocks carry no header, so a double free there corrupts the free list exactly as in
    /// CPython). Pointers outside this
    /// heap's arenas are only compared, never dereferenced.
    #[inline]
    pub unsafe fn free(&self, ptr: NonNull<u8>) -> Result<(), FreeError> {
        // SAFETY: one state reference for this call.
        let st = unsafe { self.st() };
        if registry::is_in(ptr.as_ptr().addr(), st.slot) {
            // SAFETY: in our arenas, so a live block of ours per the contract.
            unsafe { st.pool_free(ptr) };
            return Ok(());
        }
        free_not_in_arenas(st, self.id, ptr)
    }

    /// Resize a block (`PyObject_Realloc`), following CPython's rules: a pool block is kept when
    /// `new_size` fits its class and does not shrink it by 25% or more; otherwise it moves
    /// (to a pool or raw) with its bytes copied. A raw block stays raw. On error the old block is
    /// untouched and still valid.
    ///
    /// # Safety
    ///
    /// As for [`free`](Self::free).
    pub unsafe fn realloc(
        &self,
        ptr: NonNull<u8>,
        new_size: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: forwarded contract.
        let r = unsafe { self.realloc_inner(ptr, new_size) };
        self.run_dumps();
        r
    }

    /// # Safety
    ///
    /// As for [`realloc`](Self::realloc).
    unsafe fn realloc_inner(
        &self,
        ptr: NonNull<u8>,
        new_size: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: one state reference for this call.
        let st = unsafe { self.st() };
        let addr = ptr.as_ptr().addr();
        if registry::is_in(addr, st.slot) {
            // SAFETY: a live block of our pools per the contract.
            let size = index2size(unsafe { State::block_class(ptr) });
            let copy = if new_size <= size {
                if 4 * new_size > 3 * size {
                    return Ok(ptr);
                }
                new_size
            } else {
                size
            };
            let q = match size_class(new_size) {
                // SAFETY: the state's invariants hold.
                Some(i) => match unsafe { st.pool_alloc(i) } {
                    Some(q) => q,
                    None => st.raw_alloc(new_size, false)?,
                },
                None => st.raw_alloc(new_size, false)?,
            };
            // SAFETY: both blocks are live, distinct, and at least `copy` bytes long; then the
            // old block is a live pool block of ours.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr.as_ptr(), q.as_ptr(), copy);
                st.pool_free(ptr);
            }
            return Ok(q);
        }
        match st.raw.size_of(addr) {
            // SAFETY: `old` is the recorded size of our live raw block.
            Some(old) => unsafe { st.raw_realloc(ptr, old, new_size) },
            None => Err(free_not_in_arenas_error(st, self.id, addr).into()),
        }
    }

    /// Whether `ptr` belongs to this heap: inside one of its arenas (CPython's
    /// `address_in_range`, exact to the byte, O(1)) or the start of one of its live raw blocks.
    #[inline]
    pub fn owns(&self, ptr: *const u8) -> bool {
        // SAFETY: one state reference for this call.
        let st = unsafe { self.st() };
        let addr = ptr.addr();
        registry::is_in(addr, st.slot) || st.raw.size_of(addr).is_some()
    }

    /// Whether `ptr` lies in one of this heap's arenas (`address_in_range` only).
    #[inline]
    pub fn in_arenas(&self, ptr: *const u8) -> bool {
        // SAFETY: one state reference for this call.
        let slot = unsafe { self.st() }.slot;
        registry::is_in(ptr.addr(), slot)
    }

    /// The heap that owns the arena containing `ptr`, if any live heap does.
    pub fn arena_owner(ptr: *const u8) -> Option<HeapId> {
        registry::slot_owner(registry::owner_slot(ptr.addr())?)
    }

    /// Blocks in use: pool blocks plus raw blocks (`_PyInterpreterState_GetAllocatedBlocks`,
    /// O(pools)).
    pub fn allocated_blocks(&self) -> usize {
        // SAFETY: one state reference for this call.
        unsafe { self.st() }.allocated_blocks()
    }

    /// Bytes of arenas currently mapped (`narenas * ARENA_SIZE`).
    pub fn mapped_bytes(&self) -> usize {
        // SAFETY: one state reference for this call.
        unsafe { self.st() }.narenas * ARENA_SIZE
    }

    /// Bytes requested by live raw blocks.
    pub fn raw_bytes(&self) -> usize {
        // SAFETY: one state reference for this call.
        unsafe { self.st() }.raw.bytes()
    }

    /// A structured snapshot of the allocator state.
    pub fn stats(&self) -> HeapStats {
        // SAFETY: one state reference for this call.
        stats::stats_of(unsafe { self.st() })
    }

    /// The stats report in `sys._debugmallocstats()`'s format.
    pub fn report(&self) -> String {
        self.stats().report()
    }

    /// Call `dump` with the stats report before each new arena is mapped (what
    /// `PYTHONMALLOCSTATS` does with stderr), or stop with `None`.
    pub fn set_arena_dump(&self, dump: Option<ArenaDump>) {
        // SAFETY: one state reference for this call.
        unsafe { self.st() }.on_new_arena = dump;
    }

    /// End the heap: return every arena and raw block to the source and report what was live.
    /// Dropping a heap does the same silently.
    pub fn close(self) -> LeakReport {
        let mut me = self;
        me.teardown()
    }

    fn teardown(&mut self) -> LeakReport {
        let st = self.state.get_mut();
        let live_blocks = st.allocated_blocks();
        let raw_bytes = st.raw.bytes();
        st.on_new_arena = None;
        st.pending_dumps.clear();
        let arenas_released = st.release_all_arenas();
        let live_raw_blocks = st.release_all_raw();
        if st.slot != 0 {
            registry::release_slot(st.slot);
            st.slot = 0;
        }
        LeakReport {
            heap: self.id,
            live_blocks,
            live_raw_blocks,
            arenas_released,
            bytes_released: arenas_released * ARENA_SIZE + raw_bytes,
        }
    }

    /// Run `f` with the state (for this crate's tests).
    #[cfg(test)]
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        // SAFETY: one state reference for this call; `f` is crate code that does not reenter.
        let st = unsafe { self.st() };
        // Tests look at CPython's state, so perform any deferred move first.
        // SAFETY: the invariants hold between calls.
        unsafe { st.flush_pending() };
        f(st)
    }
}

#[cfg(test)]
impl Heap {
    /// Run `f` with the state exactly as it is (no deferred move performed first).
    pub(crate) fn with_raw_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        // SAFETY: one state reference for this call; `f` is crate code that does not reenter.
        f(unsafe { self.st() })
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        self.teardown();
    }
}

/// The free of a pointer outside this heap's arenas: one of our raw blocks, or an error.
#[cold]
#[inline(never)]
fn free_not_in_arenas(st: &mut State, heap: HeapId, ptr: NonNull<u8>) -> Result<(), FreeError> {
    if st.raw_free(ptr) {
        return Ok(());
    }
    Err(free_not_in_arenas_error(st, heap, ptr.as_ptr().addr()))
}

#[cold]
fn free_not_in_arenas_error(_st: &State, heap: HeapId, addr: usize) -> FreeError {
    match registry::owner_slot(addr).and_then(registry::slot_owner) {
        Some(owner) if owner != heap => FreeError::Foreign { addr, owner, heap },
        _ => FreeError::NotAllocated { addr, heap },
    }
}
