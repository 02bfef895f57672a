//! Allocator domains RAW / MEM / OBJ (`PyMem_RawMalloc`, `PyMem_Malloc`, `PyObject_Malloc`),
//! with allocators replaceable before first use (`PyMem_SetAllocator`) and hooks that wrap them
//! at any time (tracemalloc-style), plus the debug hooks (`PyMem_SetupDebugHooks`).
//!
//! CPython keeps these tables process-global and looks the interpreter's heap up per call; here
//! an [`Allocators`] is a value (one per runtime) and each call passes the caller's heap:
//! `Some(&heap)` for MEM and OBJ (the caller holds that interpreter's GIL), `None` for RAW (which
//! may run without the GIL). A MEM/OBJ call without a heap is "called without holding the GIL".
//!
//! Hook discipline (LIFO): [`Allocators::push_hook`] wraps the current allocator of a domain,
//! [`Allocators::pop_hook`] restores the one it wrapped. Calls read the current allocator with
//! one atomic load; replaced allocators stay alive until the `Allocators` is dropped, so a call
//! racing with a hook change still runs on a valid allocator.

use std::fmt;
use std::ptr::{self, NonNull};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

use parking_lot::Mutex;

use crate::Heap;
use crate::debug::{DebugHook, DebugOptions};
use crate::error::{AllocError, MemError};

/// A memory domain (`PyMemAllocatorDomain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Domain {
    /// `PYMEM_DOMAIN_RAW`: callable without the GIL; default `malloc`.
    Raw,
    /// `PYMEM_DOMAIN_MEM`: GIL required; default pymalloc.
    Mem,
    /// `PYMEM_DOMAIN_OBJ`: GIL required; default pymalloc.
    Obj,
}

impl Domain {
    /// All three, in CPython's order.
    pub const ALL: [Domain; 3] = [Domain::Raw, Domain::Mem, Domain::Obj];

    /// The API id the debug hooks store in each block: `'r'`, `'m'` or `'o'`.
    pub fn api_id(self) -> u8 {
        match self {
            Domain::Raw => b'r',
            Domain::Mem => b'm',
            Domain::Obj => b'o',
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Domain::Raw => "raw",
            Domain::Mem => "mem",
            Domain::Obj => "obj",
        })
    }
}

/// One domain's allocator (`PyMemAllocatorEx`). `heap` is the calling interpreter's heap, or
/// `None` when called without the GIL (RAW).
///
/// Every method must return a distinct non-null pointer for 0 bytes, as CPython requires.
pub trait DomainAllocator: Send + Sync + 'static {
    /// Allocate `size` bytes.
    fn malloc(&self, heap: Option<&Heap>, size: usize) -> Result<NonNull<u8>, MemError>;

    /// Allocate `nelem * elsize` zeroed bytes (the product is checked by the caller).
    fn calloc(
        &self,
        heap: Option<&Heap>,
        nelem: usize,
        elsize: usize,
    ) -> Result<NonNull<u8>, MemError>;

    /// Resize a block; on error the block is untouched.
    ///
    /// # Safety
    ///
    /// `ptr` is a live block obtained from this allocator (with the same `heap`, if any).
    unsafe fn realloc(
        &self,
        heap: Option<&Heap>,
        ptr: NonNull<u8>,
        size: usize,
    ) -> Result<NonNull<u8>, MemError>;

    /// Free a block; on error nothing is freed.
    ///
    /// # Safety
    ///
    /// As for [`realloc`](Self::realloc).
    unsafe fn free(&self, heap: Option<&Heap>, ptr: NonNull<u8>) -> Result<(), MemError>;

    /// CPython's name for this allocator (`"malloc"`, `"pymalloc"`, `"pymalloc_debug"`, ...),
    /// or `None` for anything else (a tracing hook, a custom allocator).
    fn name(&self) -> Option<String> {
        None
    }
}

/// The C library's allocator (`_PyMem_RawMalloc` and friends): 0 bytes become 1.
#[derive(Debug, Default, Clone, Copy)]
pub struct Malloc;

impl DomainAllocator for Malloc {
    fn malloc(&self, _heap: Option<&Heap>, size: usize) -> Result<NonNull<u8>, MemError> {
        // SAFETY: malloc accepts any size; it returns null or a fresh block.
        let p = unsafe { libc::malloc(size.max(1)) };
        NonNull::new(p.cast()).ok_or(MemError::Alloc(AllocError::OutOfMemory { size }))
    }

    fn calloc(
        &self,
        _heap: Option<&Heap>,
        nelem: usize,
        elsize: usize,
    ) -> Result<NonNull<u8>, MemError> {
        let (n, e) = if nelem == 0 || elsize == 0 {
            (1, 1)
        } else {
            (nelem, elsize)
        };
        // SAFETY: calloc checks the product itself and returns null or a zeroed block.
        let p = unsafe { libc::calloc(n, e) };
        let size = nelem.saturating_mul(elsize);
        NonNull::new(p.cast()).ok_or(MemError::Alloc(AllocError::OutOfMemory { size }))
    }

    unsafe fn realloc(
        &self,
        _heap: Option<&Heap>,
        ptr: NonNull<u8>,
        size: usize,
    ) -> Result<NonNull<u8>, MemError> {
        // SAFETY: `ptr` is a live malloc block (contract); on failure it is left untouched.
        let p = unsafe { libc::realloc(ptr.as_ptr().cast(), size.max(1)) };
        NonNull::new(p.cast()).ok_or(MemError::Alloc(AllocError::OutOfMemory { size }))
    }

    unsafe fn free(&self, _heap: Option<&Heap>, ptr: NonNull<u8>) -> Result<(), MemError> {
        // SAFETY: `ptr` is a live malloc block (contract).
        unsafe { libc::free(ptr.as_ptr().cast()) };
        Ok(())
    }

    fn name(&self) -> Option<String> {
        Some("malloc".into())
    }
}

/// pymalloc on the caller's [`Heap`] (`_PyObject_Malloc` and friends). A call without a heap is
/// refused ([`MemError::NoHeap`]); a free of another heap's block is refused with the heap's
/// typed error instead of reaching libc.
#[derive(Debug, Default, Clone, Copy)]
pub struct Pymalloc;

fn need<'h>(heap: Option<&'h Heap>, func: &'static str) -> Result<&'h Heap, MemError> {
    heap.ok_or(MemError::NoHeap { func })
}

impl DomainAllocator for Pymalloc {
    fn malloc(&self, heap: Option<&Heap>, size: usize) -> Result<NonNull<u8>, MemError> {
        Ok(need(heap, "_PyObject_Malloc")?.alloc(size)?)
    }

    fn calloc(
        &self,
        heap: Option<&Heap>,
        nelem: usize,
        elsize: usize,
    ) -> Result<NonNull<u8>, MemError> {
        Ok(need(heap, "_PyObject_Calloc")?.calloc(nelem, elsize)?)
    }

    unsafe fn realloc(
        &self,
        heap: Option<&Heap>,
        ptr: NonNull<u8>,
        size: usize,
    ) -> Result<NonNull<u8>, MemError> {
        // SAFETY: forwarded contract.
        Ok(unsafe { need(heap, "_PyObject_Realloc")?.realloc(ptr, size) }?)
    }

    unsafe fn free(&self, heap: Option<&Heap>, ptr: NonNull<u8>) -> Result<(), MemError> {
        // SAFETY: forwarded contract.
        Ok(unsafe { need(heap, "_PyObject_Free")?.free(ptr) }?)
    }

    fn name(&self) -> Option<String> {
        Some("pymalloc".into())
    }
}

/// `PYTHONMALLOC` values this build supports (`PyMemAllocatorName`; no mimalloc here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocatorName {
    /// `default`: pymalloc for MEM and OBJ, malloc for RAW.
    Default,
    /// `debug`: the default with debug hooks.
    Debug,
    /// `malloc`: malloc for all three domains.
    Malloc,
    /// `malloc_debug`: malloc with debug hooks.
    MallocDebug,
    /// `pymalloc`: as `default`.
    Pymalloc,
    /// `pymalloc_debug`: pymalloc with debug hooks.
    PymallocDebug,
}

impl std::str::FromStr for AllocatorName {
    type Err = MemError;

    /// Parse a `PYTHONMALLOC` value; empty means `default`. Anything else (including
    /// `mimalloc`, which this build lacks) is CPython's "PYTHONMALLOC: unknown allocator".
    fn from_str(s: &str) -> Result<AllocatorName, MemError> {
        Ok(match s {
            "" | "default" => AllocatorName::Default,
            "debug" => AllocatorName::Debug,
            "malloc" => AllocatorName::Malloc,
            "malloc_debug" => AllocatorName::MallocDebug,
            "pymalloc" => AllocatorName::Pymalloc,
            "pymalloc_debug" => AllocatorName::PymallocDebug,
            _ => return Err(MemError::UnknownAllocator),
        })
    }
}

struct Tables {
    /// Per domain, the base allocator then each hook, innermost first.
    stacks: [Vec<Arc<dyn DomainAllocator>>; 3],
    /// Every allocator ever published, kept alive until the `Allocators` is dropped. Boxed:
    /// `current` points at the box contents, which must not move when the vector grows.
    #[allow(clippy::vec_box)]
    published: Vec<Box<Arc<dyn DomainAllocator>>>,
}

/// The three domains' allocators (`_PyRuntime.allocators`), one value per runtime.
pub struct Allocators {
    current: [AtomicPtr<Arc<dyn DomainAllocator>>; 3],
    used: AtomicBool,
    tables: Mutex<Tables>,
}

impl fmt::Debug for Allocators {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Allocators")
            .field("name", &self.current_name())
            .field("used", &self.used.load(Ordering::Relaxed))
            .finish()
    }
}

impl Default for Allocators {
    fn default() -> Self {
        Allocators::new()
    }
}

impl Allocators {
    /// CPython's defaults: RAW = [`Malloc`], MEM = OBJ = [`Pymalloc`].
    pub fn new() -> Allocators {
        let raw: Arc<dyn DomainAllocator> = Arc::new(Malloc);
        let py: Arc<dyn DomainAllocator> = Arc::new(Pymalloc);
        Allocators::from_parts([raw, py.clone(), py])
    }

    /// The configuration a `PYTHONMALLOC` value selects.
    pub fn with_name(name: AllocatorName) -> Allocators {
        let a = match name {
            AllocatorName::Malloc | AllocatorName::MallocDebug => {
                let m: Arc<dyn DomainAllocator> = Arc::new(Malloc);
                Allocators::from_parts([m.clone(), m.clone(), m])
            }
            _ => Allocators::new(),
        };
        if matches!(
            name,
            AllocatorName::Debug | AllocatorName::MallocDebug | AllocatorName::PymallocDebug
        ) {
            // A fresh value has not been used, so this cannot fail.
            let _ = a.setup_debug_hooks(DebugOptions::default());
        }
        a
    }

    fn from_parts(base: [Arc<dyn DomainAllocator>; 3]) -> Allocators {
        let a = Allocators {
            current: [const { AtomicPtr::new(ptr::null_mut()) }; 3],
            used: AtomicBool::new(false),
            tables: Mutex::new(Tables {
                stacks: [vec![], vec![], vec![]],
                published: Vec::new(),
            }),
        };
        {
            let mut t = a.tables.lock();
            for (d, alloc) in Domain::ALL.into_iter().zip(base) {
                t.stacks[d.index()].push(alloc);
                a.publish(&mut t, d);
            }
        }
        a
    }

    /// Make the top of `d`'s stack current.
    fn publish(&self, t: &mut Tables, d: Domain) {
        let Some(top) = t.stacks[d.index()].last() else {
            return;
        };
        let mut boxed = Box::new(top.clone());
        let p: *mut Arc<dyn DomainAllocator> = &mut *boxed;
        t.published.push(boxed);
        self.current[d.index()].store(p, Ordering::Release);
    }

    #[inline]
    fn get(&self, d: Domain) -> &dyn DomainAllocator {
        if !self.used.load(Ordering::Relaxed) {
            self.used.store(true, Ordering::Relaxed);
        }
        let p = self.current[d.index()].load(Ordering::Acquire);
        // SAFETY: `p` points into a box in `published`, which lives (unmoved: boxed) as long as
        // `self`; it was fully written before the Release store that published it.
        unsafe { &**p }
    }

    /// Allocate `size` bytes in domain `d` (`PyMem_RawMalloc`/`PyMem_Malloc`/`PyObject_Malloc`).
    /// Sizes over `PY_SSIZE_T_MAX` are refused without calling the allocator.
    #[inline]
    pub fn malloc(
        &self,
        d: Domain,
        heap: Option<&Heap>,
        size: usize,
    ) -> Result<NonNull<u8>, MemError> {
        if size > isize::MAX as usize {
            return Err(AllocError::TooLarge { size }.into());
        }
        self.get(d).malloc(heap, size)
    }

    /// Allocate `nelem * elsize` zeroed bytes in domain `d`; an overflowing product is refused.
    pub fn calloc(
        &self,
        d: Domain,
        heap: Option<&Heap>,
        nelem: usize,
        elsize: usize,
    ) -> Result<NonNull<u8>, MemError> {
        if elsize != 0 && nelem > isize::MAX as usize / elsize {
            return Err(AllocError::TooLarge {
                size: nelem.saturating_mul(elsize),
            }
            .into());
        }
        self.get(d).calloc(heap, nelem, elsize)
    }

    /// Resize a block of domain `d`; `None` allocates. On error the block is untouched.
    ///
    /// # Safety
    ///
    /// `ptr` is a live block obtained from domain `d` of this `Allocators` (with the same heap).
    pub unsafe fn realloc(
        &self,
        d: Domain,
        heap: Option<&Heap>,
        ptr: Option<NonNull<u8>>,
        size: usize,
    ) -> Result<NonNull<u8>, MemError> {
        if size > isize::MAX as usize {
            return Err(AllocError::TooLarge { size }.into());
        }
        match ptr {
            // SAFETY: forwarded contract.
            Some(p) => unsafe { self.get(d).realloc(heap, p, size) },
            None => self.get(d).malloc(heap, size),
        }
    }

    /// Free a block of domain `d`; `None` is a no-op. On error nothing is freed.
    ///
    /// # Safety
    ///
    /// As for [`realloc`](Self::realloc). (With debug hooks, a block of another domain is
    /// detected and refused with CPython's "bad ID" text.)
    #[inline]
    pub unsafe fn free(
        &self,
        d: Domain,
        heap: Option<&Heap>,
        ptr: Option<NonNull<u8>>,
    ) -> Result<(), MemError> {
        match ptr {
            // SAFETY: forwarded contract.
            Some(p) => unsafe { self.get(d).free(heap, p) },
            None => Ok(()),
        }
    }

    /// Replace `d`'s allocator (`PyMem_SetAllocator`). Only before first use: afterwards
    /// existing blocks would reach an allocator that did not make them, so install a hook.
    pub fn set_allocator(
        &self,
        d: Domain,
        alloc: Arc<dyn DomainAllocator>,
    ) -> Result<(), MemError> {
        let mut t = self.tables.lock();
        if self.used.load(Ordering::Relaxed) {
            return Err(MemError::InUse { domain: d });
        }
        t.stacks[d.index()] = vec![alloc];
        self.publish(&mut t, d);
        Ok(())
    }

    /// The current allocator of `d` (`PyMem_GetAllocator`), hooks included.
    pub fn allocator(&self, d: Domain) -> Arc<dyn DomainAllocator> {
        let t = self.tables.lock();
        t.stacks[d.index()]
            .last()
            .cloned()
            .unwrap_or_else(|| Arc::new(Malloc))
    }

    /// Wrap `d`'s current allocator: `wrap` gets it and returns the hook that delegates to it.
    /// Allowed at any time (a hook must keep the block layout of what it wraps). Returns the new
    /// hook depth.
    pub fn push_hook(
        &self,
        d: Domain,
        wrap: impl FnOnce(Arc<dyn DomainAllocator>) -> Arc<dyn DomainAllocator>,
    ) -> usize {
        let mut t = self.tables.lock();
        let below = t.stacks[d.index()]
            .last()
            .cloned()
            .unwrap_or_else(|| Arc::new(Malloc));
        t.stacks[d.index()].push(wrap(below));
        self.publish(&mut t, d);
        t.stacks[d.index()].len() - 1
    }

    /// Remove the last hook of `d`, restoring what it wrapped. Fails if `d` has no hook.
    pub fn pop_hook(&self, d: Domain) -> Result<Arc<dyn DomainAllocator>, MemError> {
        let mut t = self.tables.lock();
        if t.stacks[d.index()].len() <= 1 {
            return Err(MemError::NoHook { domain: d });
        }
        let top = t.stacks[d.index()]
            .pop()
            .ok_or(MemError::NoHook { domain: d })?;
        self.publish(&mut t, d);
        Ok(top)
    }

    /// Remove `hook` from `d`, which must be its last hook (LIFO discipline).
    pub fn remove_hook(&self, d: Domain, hook: &Arc<dyn DomainAllocator>) -> Result<(), MemError> {
        let mut t = self.tables.lock();
        let stack = &mut t.stacks[d.index()];
        if stack.len() <= 1 || !stack.last().is_some_and(|top| Arc::ptr_eq(top, hook)) {
            return Err(MemError::NoHook { domain: d });
        }
        stack.pop();
        self.publish(&mut t, d);
        Ok(())
    }

    /// Hooks installed on `d`.
    pub fn hook_depth(&self, d: Domain) -> usize {
        self.tables.lock().stacks[d.index()].len().saturating_sub(1)
    }

    /// Install the debug hooks on every domain not already debug-wrapped
    /// (`PyMem_SetupDebugHooks`). Only before first use: blocks made without the debug header
    /// cannot be checked later.
    pub fn setup_debug_hooks(&self, opts: DebugOptions) -> Result<(), MemError> {
        let mut t = self.tables.lock();
        if self.used.load(Ordering::Relaxed) {
            return Err(MemError::InUse {
                domain: Domain::Raw,
            });
        }
        let serial = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for d in Domain::ALL {
            let stack = &mut t.stacks[d.index()];
            let Some(top) = stack.last().cloned() else {
                continue;
            };
            if top.name().is_some_and(|n| n.ends_with("_debug")) {
                continue;
            }
            stack.push(Arc::new(DebugHook::new(d, top, opts, serial.clone())));
            self.publish(&mut t, d);
        }
        Ok(())
    }

    /// Whether the debug hooks wrap every domain.
    pub fn is_debug_enabled(&self) -> bool {
        Domain::ALL.into_iter().all(|d| {
            self.allocator(d)
                .name()
                .is_some_and(|n| n.ends_with("_debug"))
        })
    }

    /// CPython's name for the configuration (`_PyMem_GetCurrentAllocatorName`): `"pymalloc"`,
    /// `"malloc"` or their `"_debug"` forms, or `None` when something else is installed.
    pub fn current_name(&self) -> Option<String> {
        let names: Vec<_> = Domain::ALL
            .into_iter()
            .map(|d| self.allocator(d).name())
            .collect();
        let [raw, mem, obj] = [&names[0], &names[1], &names[2]].map(|n| n.as_deref());
        match (raw, mem, obj) {
            (Some("malloc"), Some("pymalloc"), Some("pymalloc")) => Some("pymalloc".into()),
            (Some("malloc_debug"), Some("pymalloc_debug"), Some("pymalloc_debug")) => {
                Some("pymalloc_debug".into())
            }
            (Some(r), Some(m), Some(o))
                if r == m && m == o && (r == "malloc" || r == "malloc_debug") =>
            {
                Some(r.to_owned())
            }
            _ => None,
        }
    }
}
