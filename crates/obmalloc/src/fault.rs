//! [`FailingSource`]: an arena source with fault injection and counters, for tests of this crate
//! and of every crate above it (allocation failure must surface as an error with state intact).

use std::alloc::Layout;
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};

use crate::source::{ArenaSource, OsSource};

#[derive(Debug, Default)]
struct Plan {
    fail_arenas: AtomicBool,
    fail_raw: AtomicBool,
    /// Arena allocations still allowed before failing; negative means unlimited.
    arena_budget: AtomicI64,
    /// Raw allocations still allowed before failing; negative means unlimited.
    raw_budget: AtomicI64,
    arenas_live: AtomicUsize,
    arenas_total: AtomicUsize,
    raw_live: AtomicUsize,
    failures: AtomicUsize,
}

/// An [`ArenaSource`] wrapper that can be told to fail, and counts what it hands out.
///
/// It is a cheap handle: clone it, give one clone to the heap, keep one to steer and inspect.
///
/// ```
/// use subinterp_obmalloc::{FailingSource, Heap};
/// let src = FailingSource::os();
/// let heap = Heap::with_source(src.clone());
/// src.fail_arenas(true);
/// src.fail_raw(true);
/// assert!(heap.alloc(64).is_err()); // no arena and no raw fallback: a typed error
/// src.fail_arenas(false);
/// assert!(heap.alloc(64).is_ok());
/// ```
#[derive(Clone)]
pub struct FailingSource {
    inner: Arc<dyn ArenaSource>,
    plan: Arc<Plan>,
}

impl std::fmt::Debug for FailingSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FailingSource")
            .field("plan", &self.plan)
            .finish_non_exhaustive()
    }
}

impl FailingSource {
    /// Wrap `inner`; nothing fails until told to.
    pub fn new(inner: impl ArenaSource) -> FailingSource {
        let plan = Plan::default();
        plan.arena_budget.store(-1, Ordering::Relaxed);
        plan.raw_budget.store(-1, Ordering::Relaxed);
        FailingSource {
            inner: Arc::new(inner),
            plan: Arc::new(plan),
        }
    }

    /// Wrap the default [`OsSource`].
    pub fn os() -> FailingSource {
        FailingSource::new(OsSource::new())
    }

    /// Make every arena allocation fail (`true`) or succeed again (`false`).
    pub fn fail_arenas(&self, fail: bool) {
        self.plan.fail_arenas.store(fail, Ordering::Relaxed);
    }

    /// Make every raw allocation and reallocation fail (`true`) or succeed again (`false`).
    pub fn fail_raw(&self, fail: bool) {
        self.plan.fail_raw.store(fail, Ordering::Relaxed);
    }

    /// Allow `n` more arena allocations, then fail; `None` removes the limit.
    pub fn arena_budget(&self, n: Option<usize>) {
        let v = n.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        self.plan.arena_budget.store(v, Ordering::Relaxed);
    }

    /// Allow `n` more raw allocations, then fail; `None` removes the limit.
    pub fn raw_budget(&self, n: Option<usize>) {
        let v = n.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        self.plan.raw_budget.store(v, Ordering::Relaxed);
    }

    /// Arenas handed out and not yet given back.
    pub fn arenas_live(&self) -> usize {
        self.plan.arenas_live.load(Ordering::Relaxed)
    }

    /// Arenas handed out in total.
    pub fn arenas_total(&self) -> usize {
        self.plan.arenas_total.load(Ordering::Relaxed)
    }

    /// Raw blocks handed out and not yet freed.
    pub fn raw_live(&self) -> usize {
        self.plan.raw_live.load(Ordering::Relaxed)
    }

    /// Requests refused so far (arena and raw).
    pub fn failures(&self) -> usize {
        self.plan.failures.load(Ordering::Relaxed)
    }

    fn allow(&self, fail: &AtomicBool, budget: &AtomicI64) -> bool {
        let ok = !fail.load(Ordering::Relaxed)
            && budget
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| match b {
                    b if b < 0 => Some(b),
                    0 => None,
                    b => Some(b - 1),
                })
                .is_ok();
        if !ok {
            self.plan.failures.fetch_add(1, Ordering::Relaxed);
        }
        ok
    }
}

// SAFETY: every successful request is forwarded to `inner`, which upholds the contract; refusals
// return `None` without touching memory.
unsafe impl ArenaSource for FailingSource {
    fn alloc_arena(&self, size: usize) -> Option<NonNull<u8>> {
        if !self.allow(&self.plan.fail_arenas, &self.plan.arena_budget) {
            return None;
        }
        let p = self.inner.alloc_arena(size)?;
        self.plan.arenas_live.fetch_add(1, Ordering::Relaxed);
        self.plan.arenas_total.fetch_add(1, Ordering::Relaxed);
        Some(p)
    }

    unsafe fn free_arena(&self, arena: NonNull<u8>, size: usize) {
        self.plan.arenas_live.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: forwarded contract; the arena came from `inner`.
        unsafe { self.inner.free_arena(arena, size) }
    }

    fn alloc_raw(&self, layout: Layout, zeroed: bool) -> Option<NonNull<u8>> {
        if !self.allow(&self.plan.fail_raw, &self.plan.raw_budget) {
            return None;
        }
        let p = self.inner.alloc_raw(layout, zeroed)?;
        self.plan.raw_live.fetch_add(1, Ordering::Relaxed);
        Some(p)
    }

    unsafe fn realloc_raw(
        &self,
        ptr: NonNull<u8>,
        layout: Layout,
        new_size: usize,
    ) -> Option<NonNull<u8>> {
        if !self.allow(&self.plan.fail_raw, &self.plan.raw_budget) {
            return None;
        }
        // SAFETY: forwarded contract; the block came from `inner`.
        unsafe { self.inner.realloc_raw(ptr, layout, new_size) }
    }

    unsafe fn free_raw(&self, ptr: NonNull<u8>, layout: Layout) {
        self.plan.raw_live.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: forwarded contract; the block came from `inner`.
        unsafe { self.inner.free_raw(ptr, layout) }
    }
}
