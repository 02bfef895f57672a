//! [`Tracer`]: a tracemalloc-style hook that wraps all three domains at any time and traces
//! every live block (size and domain), with current and peak traced bytes. It shows the hook
//! discipline (`_PyTraceMalloc_Start`/`_Stop`) and is what debug dumps would consult.

use std::collections::HashMap;
use std::ptr::NonNull;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::Heap;
use crate::domain::{Allocators, Domain, DomainAllocator};
use crate::error::MemError;

#[derive(Default)]
struct Table {
    /// Block address → (domain, size).
    traces: HashMap<usize, (Domain, usize)>,
    current: usize,
    peak: usize,
}

impl Table {
    fn add(&mut self, p: NonNull<u8>, d: Domain, size: usize) {
        self.traces.insert(p.as_ptr().addr(), (d, size));
        self.current += size;
        self.peak = self.peak.max(self.current);
    }

    fn remove(&mut self, p: NonNull<u8>) {
        if let Some((_, size)) = self.traces.remove(&p.as_ptr().addr()) {
            self.current -= size;
        }
    }
}

/// Traced memory figures (`tracemalloc.get_traced_memory()` plus the block count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traced {
    /// Live traced blocks.
    pub blocks: usize,
    /// Bytes of live traced blocks.
    pub current: usize,
    /// Highest `current` seen since tracing started.
    pub peak: usize,
}

struct TraceHook {
    domain: Domain,
    inner: Arc<dyn DomainAllocator>,
    table: Arc<Mutex<Table>>,
}

impl DomainAllocator for TraceHook {
    fn malloc(&self, heap: Option<&Heap>, size: usize) -> Result<NonNull<u8>, MemError> {
        let p = self.inner.malloc(heap, size)?;
        self.table.lock().add(p, self.domain, size);
        Ok(p)
    }

    fn calloc(
        &self,
        heap: Option<&Heap>,
        nelem: usize,
        elsize: usize,
    ) -> Result<NonNull<u8>, MemError> {
        let p = self.inner.calloc(heap, nelem, elsize)?;
        self.table
            .lock()
            .add(p, self.domain, nelem.saturating_mul(elsize));
        Ok(p)
    }

    unsafe fn realloc(
        &self,
        heap: Option<&Heap>,
        ptr: NonNull<u8>,
        size: usize,
    ) -> Result<NonNull<u8>, MemError> {
        // SAFETY: forwarded contract.
        let q = unsafe { self.inner.realloc(heap, ptr, size) }?;
        let mut t = self.table.lock();
        t.remove(ptr);
        t.add(q, self.domain, size);
        Ok(q)
    }

    unsafe fn free(&self, heap: Option<&Heap>, ptr: NonNull<u8>) -> Result<(), MemError> {
        // SAFETY: forwarded contract.
        unsafe { self.inner.free(heap, ptr) }?;
        self.table.lock().remove(ptr);
        Ok(())
    }
}

/// A running trace on the three domains of one [`Allocators`].
///
/// ```
/// use subinterp_obmalloc::{Allocators, Domain, Heap, Tracer};
/// let allocs = Allocators::new();
/// let heap = Heap::new();
/// let tracer = Tracer::start(&allocs);
/// let p = allocs.malloc(Domain::Obj, Some(&heap), 100).unwrap();
/// assert_eq!(tracer.traced().current, 100);
/// // SAFETY: `p` is a live OBJ block of `heap`.
/// unsafe { allocs.free(Domain::Obj, Some(&heap), Some(p)).unwrap() };
/// assert_eq!(tracer.traced().peak, 100);
/// tracer.stop(&allocs).unwrap();
/// ```
pub struct Tracer {
    table: Arc<Mutex<Table>>,
    hooks: Vec<(Domain, Arc<dyn DomainAllocator>)>,
}

impl std::fmt::Debug for Tracer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracer")
            .field("traced", &self.traced())
            .finish()
    }
}

impl Tracer {
    /// Wrap RAW, MEM and OBJ of `allocs` (`tracemalloc.start()`). Blocks allocated before are
    /// not traced, and freeing them is fine.
    pub fn start(allocs: &Allocators) -> Tracer {
        let table = Arc::new(Mutex::new(Table::default()));
        let mut hooks = Vec::new();
        for d in Domain::ALL {
            let mut mine = None;
            allocs.push_hook(d, |inner| {
                let h: Arc<dyn DomainAllocator> = Arc::new(TraceHook {
                    domain: d,
                    inner,
                    table: table.clone(),
                });
                mine = Some(h.clone());
                h
            });
            hooks.extend(mine.map(|h| (d, h)));
        }
        Tracer { table, hooks }
    }

    /// Current figures.
    pub fn traced(&self) -> Traced {
        let t = self.table.lock();
        Traced {
            blocks: t.traces.len(),
            current: t.current,
            peak: t.peak,
        }
    }

    /// Size and domain of a traced live block.
    pub fn trace_of(&self, p: NonNull<u8>) -> Option<(Domain, usize)> {
        self.table.lock().traces.get(&p.as_ptr().addr()).copied()
    }

    /// Remove the hooks (`tracemalloc.stop()`). They must still be the last hooks of their
    /// domains (LIFO); otherwise nothing is removed past the first that is not, and the tracer
    /// comes back with the error.
    pub fn stop(mut self, allocs: &Allocators) -> Result<Traced, (Tracer, MemError)> {
        while let Some((d, h)) = self.hooks.pop() {
            if let Err(e) = allocs.remove_hook(d, &h) {
                self.hooks.push((d, h));
                return Err((self, e));
            }
        }
        Ok(self.traced())
    }
}
