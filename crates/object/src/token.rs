//! `Py<'py>`: the GIL token of one interpreter, through which every object is reached.

use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::Arc;

use subinterp_obmalloc::{Heap, HeapId};

use crate::header::{Header, Raw};
use crate::heap::{HeapCtx, Op};
use crate::{InterpId, Objects, PyErr, PyResult};

/// Proof that the current thread holds the GIL serialising one interpreter's heap whenever the
/// token is used during `'py` (it may be released and re-taken meanwhile while the token and
/// its handles are untouched: see [`Objects::with_gil`]).
///
/// `Copy`, `!Send`, `!Sync`, and invariant in `'py`: each [`Objects::with_gil`] call brands its
/// token with a fresh lifetime, so handles ([`Obj<'py>`](crate::Obj)) made through it can leave
/// neither the closure nor the thread, and handles of two interpreters cannot be mixed
/// (`Obj<'a>` is not an `Obj<'b>`). Made only by the `unsafe` [`Objects::with_gil`], whose
/// contract the layer that attached a thread state fulfils.
///
/// ```compile_fail,E0277
/// # use subinterp_object::{Objects, InterpId};
/// # use subinterp_obmalloc::Heap;
/// let objs = Objects::new(InterpId::new(0), Heap::new());
/// // SAFETY: single-threaded doc test.
/// unsafe {
///     objs.with_gil(|py| {
///         let s = py.str("x").unwrap();
///         std::thread::spawn(move || drop(s)); // Obj<'py> is !Send
///     })
/// }
/// ```
///
/// ```compile_fail
/// # use subinterp_object::{Objects, InterpId};
/// # use subinterp_obmalloc::Heap;
/// let objs = Objects::new(InterpId::new(0), Heap::new());
/// // SAFETY: single-threaded doc test.
/// let leaked = unsafe { objs.with_gil(|py| py.int(7).unwrap()) }; // cannot escape 'py
/// ```
///
/// Nor can handles of two interpreters be mixed (the brand is invariant):
///
/// ```compile_fail
/// # use subinterp_object::{Objects, InterpId};
/// # use subinterp_obmalloc::Heap;
/// let (a, b) = (Objects::new(InterpId::new(1), Heap::new()), Objects::new(InterpId::new(2), Heap::new()));
/// // SAFETY: single-threaded doc test.
/// unsafe {
///     a.with_gil(|pa| {
///         let x = pa.str("a's").unwrap();
///         b.with_gil(|pb| pb.list(&[x]).map(drop)) // expected `Obj<'pb>`, found `Obj<'pa>`
///     })
/// };
/// ```
///
/// The same code with one interpreter compiles:
///
/// ```
/// # use subinterp_object::{Objects, InterpId};
/// # use subinterp_obmalloc::Heap;
/// let a = Objects::new(InterpId::new(1), Heap::new());
/// // SAFETY: single-threaded doc test.
/// let r = unsafe { a.with_gil(|pa| pa.list(&[pa.str("a's").unwrap()]).map(drop)) };
/// assert!(r.is_ok());
/// ```
#[derive(Clone, Copy)]
pub struct Py<'py> {
    st: &'py Objects,
    _brand: PhantomData<Brand<'py>>,
}

/// Invariant in `'py` (the function type) and `!Send + !Sync` (the raw pointer).
type Brand<'py> = (fn(&'py ()) -> &'py (), *mut ());

impl<'py> Py<'py> {
    /// # Safety
    /// See [`Objects::with_gil`].
    pub(crate) unsafe fn new(st: &'py Objects) -> Py<'py> {
        Py {
            st,
            _brand: PhantomData,
        }
    }

    /// The interpreter this token belongs to.
    #[inline]
    pub fn interp(self) -> InterpId {
        self.st.id()
    }

    /// The object-layer state this token was made from.
    #[inline]
    pub fn objects(self) -> &'py Objects {
        self.st
    }

    /// The heap objects are allocated from.
    #[inline]
    pub fn heap(self) -> &'py Heap {
        // SAFETY: the token proves the GIL serialising this heap is held, and a token exists
        // only while its `Objects` has not ended, so the heap is open.
        unsafe { self.ctx().heap() }
    }

    /// The import layer's state of this token's interpreter ([`Objects::imports`]).
    pub fn imports(self) -> Option<Arc<dyn std::any::Any + Send + Sync>> {
        self.st.imports()
    }

    /// The id of that heap.
    #[inline]
    pub fn heap_id(self) -> HeapId {
        self.st.ctx.id
    }

    /// Live objects allocated from this token's heap (by any interpreter sharing it).
    pub fn live_objects(self) -> usize {
        // SAFETY: the token proves the GIL is held.
        unsafe { self.ctx().live() }
    }

    /// Runs the refcount operations other threads deferred to this heap (foreign decrefs,
    /// dropped unbound references), in the order they were deferred. Returns how many ran.
    /// The runtime calls this from a pending call when the [`DeferHook`](crate::DeferHook)
    /// fires, and before ending an interpreter.
    pub fn run_deferred(self) -> usize {
        let mut total = 0;
        loop {
            let batch = self.ctx().take_pending();
            if batch.is_empty() {
                return total;
            }
            total += batch.len();
            self.ctx().note_ran(batch.len());
            for d in batch {
                // Objects of this heap only are ever queued here (the queue lives in the
                // heap's context), so these are ordinary same-heap operations.
                // SAFETY: the object is live: a deferred incref comes from a handle that still
                // held it, a deferred decref is the dropped handle's own reference, and the
                // queue is FIFO (an incref precedes the decrefs of the handles it made).
                unsafe {
                    match d.op {
                        Op::Incref => crate::handle::incref(self, d.ptr),
                        Op::Decref => crate::handle::decref(self, d.ptr),
                    }
                }
            }
        }
    }

    /// Runs the operations queued so far like [`Py::run_deferred`], but a decref reaching
    /// zero goes on dealloc's worklist `stack` instead of freeing at once.
    ///
    /// # Safety
    /// Called from dealloc, with `stack` its worklist.
    pub(crate) unsafe fn run_deferred_into(self, stack: &mut Vec<Raw>) {
        let batch = self.ctx().take_pending();
        self.ctx().note_ran(batch.len());
        for d in batch {
            // SAFETY: as in `run_deferred`: queued objects are live objects of this heap.
            unsafe {
                match d.op {
                    Op::Incref => crate::handle::incref(self, d.ptr),
                    Op::Decref => crate::handle::decref_into(self, d.ptr, stack),
                }
            }
        }
    }

    #[inline]
    pub(crate) fn ctx(self) -> &'py HeapCtx {
        &self.st.ctx
    }

    #[inline]
    pub(crate) fn ctx_ptr(self) -> *const HeapCtx {
        Arc::as_ptr(&self.st.ctx)
    }

    /// Allocates a raw block from this heap (`MemoryError` on failure).
    #[inline]
    pub(crate) fn alloc(self, size: usize) -> PyResult<NonNull<u8>> {
        match self.heap().alloc(size) {
            Ok(p) => Ok(p),
            Err(_) => Err(PyErr::no_memory()),
        }
    }

    /// Returns a block to this heap.
    ///
    /// # Safety
    /// `p` came from [`Py::alloc`] on this heap and is not used afterwards.
    #[inline]
    pub(crate) unsafe fn free(self, p: NonNull<u8>) {
        // SAFETY: forwarded contract. A refusal (foreign pointer) frees nothing; it cannot
        // happen for blocks of this heap, and nothing better than keeping the block is possible.
        let _ = unsafe { self.heap().free(p) };
    }

    /// Allocates an object block of `size` bytes with a header for type `ty` and refcount 1.
    /// Instances of heap types hold a reference to their type.
    #[inline]
    pub(crate) fn new_obj(self, ty: *const Header, size: usize) -> PyResult<Raw> {
        // SAFETY: `ty` is a live type object (callers pass statics or a held heap type).
        let pr = unsafe { crate::layout::prefix_of_type(ty) };
        let p = if pr.size() == 0 {
            self.alloc(size)?.cast::<Header>()
        } else {
            let block = self.alloc(size + pr.size())?;
            // SAFETY: a fresh block of this heap with room for the prefixes and the object.
            unsafe { crate::layout::init_prefix(self, block, pr) }
        };
        // SAFETY: `p` is a fresh block of at least `size_of::<Header>()` bytes, 16-aligned.
        unsafe {
            p.as_ptr().write(Header {
                rc: std::cell::Cell::new(1),
                ty: std::cell::Cell::new(ty),
                heap: self.ctx_ptr(),
                owner: self.interp().get(),
            });
            self.ctx().live_add(1);
        }
        // SAFETY: `ty` is a live type object (callers pass statics or a held heap type).
        unsafe { crate::handle::incref(self, NonNull::new_unchecked(ty.cast_mut())) };
        Ok(p)
    }
}

impl std::fmt::Debug for Py<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Py(interp {})", self.interp())
    }
}
