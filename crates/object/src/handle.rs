//! Handles: `Obj<'py>` (owned, bound to a token) and `ObjRef` (owned, unbound, `Send`), plus
//! the refcount primitives with the owner check.
//!
//! The owner check compares the object's heap with the token's heap *before* touching the
//! refcount: refcounts are plain cells serialised by the owner's GIL, so a foreign thread
//! writing one would be a data race. A foreign incref or decref is queued to the owning heap
//! instead (FIFO, so an incref queued by a clone always precedes the decref of that clone).

use std::fmt;
use std::ptr::NonNull;
use std::sync::Arc;

use subinterp_obmalloc::HeapId;

use crate::header::{Header, Raw};
use crate::heap::{HeapCtx, Op};
use crate::{InterpId, Py};

/// The header of object `p`.
///
/// # Safety
/// `p` is a live object (static, or in a heap that is open), and the reference is not used
/// after it is freed.
#[inline]
unsafe fn hdr<'a>(p: Raw) -> &'a Header {
    // SAFETY: forwarded contract.
    unsafe { p.as_ref() }
}

/// Adds a strong reference (deferred when the object belongs to another heap).
///
/// # Safety
/// `p` is a live object (the caller owns a reference to it, or holds what does).
#[inline]
pub(crate) unsafe fn incref(py: Py<'_>, p: Raw) {
    // SAFETY: the contract.
    let h = unsafe { hdr(p) };
    if h.heap == py.ctx_ptr() {
        h.rc.set(h.rc.get() + 1);
    } else if !h.is_immortal() {
        foreign(h, p, Op::Incref);
    }
}

/// Drops a strong reference, freeing the object (in its own heap) at zero.
///
/// # Safety
/// `p` is a live object (the caller owns a reference to it, or holds what does).
/// The reference dropped is the caller's.
#[inline]
pub(crate) unsafe fn decref(py: Py<'_>, p: Raw) {
    // SAFETY: the contract.
    let h = unsafe { hdr(p) };
    if h.heap == py.ctx_ptr() {
        let rc = h.rc.get() - 1;
        h.rc.set(rc);
        if rc == 0 {
            // SAFETY: an object of this heap (checked above) whose last reference is gone.
            unsafe { crate::dealloc::dealloc(py, p) };
        }
    } else if !h.is_immortal() {
        foreign(h, p, Op::Decref);
    }
}

/// Like [`decref`], but an object reaching zero is pushed on `stack` instead of being freed
/// (dealloc's worklist, so deep nesting cannot overflow the native stack).
///
/// # Safety
/// `p` is a live object (the caller owns a reference to it, or holds what does).
/// The reference dropped is the caller's.
#[inline]
pub(crate) unsafe fn decref_into(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract.
    let h = unsafe { hdr(p) };
    if h.heap == py.ctx_ptr() {
        let rc = h.rc.get() - 1;
        h.rc.set(rc);
        if rc == 0 {
            stack.push(p);
        }
    } else if !h.is_immortal() {
        foreign(h, p, Op::Decref);
    }
}

#[cold]
#[inline(never)]
fn foreign(h: &Header, p: Raw, op: Op) {
    // SAFETY: a non-immortal object's `heap` points to its heap context, which outlives the
    // object (the object's memory is that heap's); `heap` is immutable after creation.
    let ctx = unsafe { &*h.heap };
    ctx.defer(p, op);
}

/// An owned, strong reference to an object, usable only with the GIL of the interpreter that
/// made it (`'py`). `Clone` increfs, `Drop` decrefs; `!Send`.
pub struct Obj<'py> {
    pub(crate) ptr: Raw,
    pub(crate) py: Py<'py>,
}

impl<'py> Obj<'py> {
    /// Takes over one strong reference to `ptr`.
    ///
    /// # Safety
    /// `ptr` is a live object the caller owns a reference to, usable under `py`.
    #[inline]
    pub(crate) unsafe fn owned(py: Py<'py>, ptr: Raw) -> Obj<'py> {
        Obj { ptr, py }
    }

    /// A new strong reference to `ptr`.
    ///
    /// # Safety
    /// `ptr` is a live object usable under `py`.
    #[inline]
    pub(crate) unsafe fn borrowed(py: Py<'py>, ptr: Raw) -> Obj<'py> {
        // SAFETY: forwarded contract.
        unsafe { incref(py, ptr) };
        Obj { ptr, py }
    }

    /// A handle to a static immortal object.
    #[inline]
    pub(crate) fn immortal(py: Py<'py>, h: &'static Header) -> Obj<'py> {
        Obj {
            ptr: NonNull::from(h),
            py,
        }
    }

    /// The token this handle is bound to.
    #[inline]
    pub fn py(&self) -> Py<'py> {
        self.py
    }

    #[inline]
    pub(crate) fn header(&self) -> &Header {
        // SAFETY: the handle owns a reference, so the object is live while `self` is.
        unsafe { hdr(self.ptr) }
    }

    /// `a is b`.
    #[inline]
    pub fn is(&self, other: &Obj<'_>) -> bool {
        self.ptr == other.ptr
    }

    /// CPython's `id()`: the object's address.
    #[inline]
    pub fn id(&self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// The reference count (`sys.getrefcount` minus its own argument). Immortal objects show a
    /// large constant that never changes.
    pub fn refcnt(&self) -> usize {
        self.header().rc.get()
    }

    /// Whether this is a static immortal object (shared by all interpreters).
    pub fn is_immortal(&self) -> bool {
        self.header().is_immortal()
    }

    /// The interpreter that allocated this object (`None` for immortals).
    pub fn owner(&self) -> Option<InterpId> {
        let h = self.header();
        (!h.is_immortal()).then_some(InterpId::new(h.owner))
    }

    /// Unbinds this handle so it can be stored in interpreter state or sent to another thread.
    pub fn unbind(self) -> ObjRef {
        let ptr = self.ptr;
        let h = self.header();
        let ctx = if h.is_immortal() {
            None
        } else {
            // SAFETY: `h.heap` is this object's live heap context (see `foreign`), which the
            // token's `Objects` keeps alive through its `Arc`; bumping the strong count of that
            // same `Arc` is sound.
            unsafe {
                Arc::increment_strong_count(h.heap);
                Some(Arc::from_raw(h.heap))
            }
        };
        std::mem::forget(self);
        ObjRef { ptr, ctx }
    }

    /// An unbound strong reference to the same object.
    pub fn to_ref(&self) -> ObjRef {
        self.clone().unbind()
    }

    #[inline]
    pub(crate) fn raw(&self) -> Raw {
        self.ptr
    }

    /// Gives up the handle without a decref, returning the pointer (the reference moves to the
    /// caller).
    #[inline]
    pub(crate) fn into_raw(self) -> Raw {
        let p = self.ptr;
        std::mem::forget(self);
        p
    }
}

impl Clone for Obj<'_> {
    #[inline]
    fn clone(&self) -> Self {
        // SAFETY: the handle owns a reference: the object is live.
        unsafe { incref(self.py, self.ptr) };
        Obj {
            ptr: self.ptr,
            py: self.py,
        }
    }
}

impl Drop for Obj<'_> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the handle's own reference to a live object, given up.
        unsafe { decref(self.py, self.ptr) };
    }
}

impl fmt::Debug for Obj<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::repr::repr_string(self) {
            Ok(s) => f.write_str(&s),
            Err(e) => write!(f, "<repr failed: {e}>"),
        }
    }
}

/// Why an [`ObjRef`] could not be bound to a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    /// The object lives in another interpreter's heap, whose GIL this token does not prove.
    #[error(
        "object of interpreter {owner} (heap {heap}) cannot be used in interpreter {current} (heap {current_heap})"
    )]
    WrongInterpreter {
        /// The interpreter that owns the object's heap.
        owner: InterpId,
        /// The object's heap.
        heap: HeapId,
        /// The token's interpreter.
        current: InterpId,
        /// The token's heap.
        current_heap: HeapId,
    },
    /// The object's interpreter has ended and its heap was reclaimed.
    #[error("interpreter {owner} has ended; its objects no longer exist")]
    Ended {
        /// The interpreter that owned the heap.
        owner: InterpId,
    },
}

/// [`ObjRef::into_bound`] failed: the error and the reference, handed back.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct IntoBoundError {
    /// Why binding failed.
    pub error: BindError,
    /// The reference, unchanged.
    pub obj: ObjRef,
}

/// An owned strong reference not bound to any token (PyO3's `Py<T>`): `Send`, storable in
/// interpreter state, usable only after [`ObjRef::bind`] with a token of a heap-sharing
/// interpreter (another interpreter's token is a typed error, not undefined behaviour).
///
/// Dropping it needs no token: the decref is deferred to the owning heap (see
/// [`Py::run_deferred`]); after the heap was closed it is a counted no-op. Prefer
/// [`ObjRef::release`] when a token is at hand.
pub struct ObjRef {
    ptr: Raw,
    /// `None` for immortals. Keeps the heap context (not the heap's memory) alive.
    ctx: Option<Arc<HeapCtx>>,
}

// SAFETY: an `ObjRef` never touches its object except through `bind`/`release`, which check
// that the token's heap is the object's heap (so the caller holds the serialising GIL), and
// `Drop`, which only queues the pointer under the heap context's mutex.
unsafe impl Send for ObjRef {}
// SAFETY: `&ObjRef` allows the same checked operations only.
unsafe impl Sync for ObjRef {}

impl ObjRef {
    fn check(&self, py: Py<'_>) -> Result<(), BindError> {
        match &self.ctx {
            None => Ok(()),
            Some(c) if Arc::as_ptr(c) == py.ctx_ptr() => Ok(()),
            Some(c) if c.is_closed() => Err(BindError::Ended { owner: c.owner }),
            Some(c) => Err(BindError::WrongInterpreter {
                owner: c.owner,
                heap: c.id,
                current: py.interp(),
                current_heap: py.heap_id(),
            }),
        }
    }

    /// A bound handle (a new strong reference), if `py` serialises the object's heap.
    pub fn bind<'py>(&self, py: Py<'py>) -> Result<Obj<'py>, BindError> {
        self.check(py)?;
        // SAFETY: checked: the object is live (we hold a reference) and in `py`'s heap.
        Ok(unsafe { Obj::borrowed(py, self.ptr) })
    }

    /// Turns this reference into a bound handle, or hands it back with the error.
    pub fn into_bound<'py>(self, py: Py<'py>) -> Result<Obj<'py>, IntoBoundError> {
        match self.check(py) {
            Ok(()) => {
                let ptr = self.ptr;
                drop(self.ctx_take());
                // SAFETY: checked as in `bind`; our reference moves into the handle.
                Ok(unsafe { Obj::owned(py, ptr) })
            }
            Err(error) => Err(IntoBoundError { error, obj: self }),
        }
    }

    /// Binds without the owner check: for the runtime's own tests of the second line of
    /// defence (the owner check on decref), and for a layer that has proved ownership by other
    /// means.
    ///
    /// # Safety
    /// The object's heap must be open, and while the handle (and its clones) lives, no other
    /// thread may access the object. Refcount operations through the handle are deferred to
    /// the owning heap when it is not `py`'s, so they stay sound.
    pub unsafe fn into_bound_unchecked<'py>(self, py: Py<'py>) -> Obj<'py> {
        let ptr = self.ptr;
        drop(self.ctx_take());
        // SAFETY: forwarded contract; our reference moves into the handle.
        unsafe { Obj::owned(py, ptr) }
    }

    /// Another unbound reference to the same object (an incref under `py`).
    pub fn clone_ref(&self, py: Py<'_>) -> Result<ObjRef, BindError> {
        Ok(self.bind(py)?.unbind())
    }

    /// Drops this reference now, with a token: a direct decref when `py` serialises the
    /// object's heap, otherwise the same deferral as `Drop`.
    pub fn release(self, py: Py<'_>) {
        if self.check(py).is_ok() {
            let ptr = self.ptr;
            drop(self.ctx_take());
            // SAFETY: checked to be of `py`'s heap (or immortal); our reference, given up.
            unsafe { decref(py, ptr) };
        }
    }

    /// Whether both refer to the same object.
    pub fn is(&self, other: &ObjRef) -> bool {
        self.ptr == other.ptr
    }

    /// Whether this refers to the object `other` is bound to (no binding, so no owner
    /// check: a caller that already holds `other` can clone it instead of binding this).
    #[inline]
    pub fn refers_to(&self, other: &Obj<'_>) -> bool {
        self.ptr == other.ptr
    }

    /// Whether the object is a static immortal.
    pub fn is_immortal(&self) -> bool {
        self.ctx.is_none()
    }

    /// The interpreter owning the object's heap (`None` for immortals).
    pub fn heap_owner(&self) -> Option<InterpId> {
        self.ctx.as_ref().map(|c| c.owner)
    }

    /// Deferral counters of the object's heap (`None` for immortals); still readable after
    /// the heap closed.
    pub fn defer_stats(&self) -> Option<crate::DeferStats> {
        self.ctx.as_ref().map(|c| c.stats())
    }

    /// The object's heap (`None` for immortals).
    pub fn heap_id(&self) -> Option<HeapId> {
        self.ctx.as_ref().map(|c| c.id)
    }

    #[inline]
    pub(crate) fn raw(&self) -> Raw {
        self.ptr
    }

    /// Whether the object lives in heap `ctx` (compares the context, reads no object memory).
    #[inline]
    pub(crate) fn in_heap(&self, ctx: *const HeapCtx) -> bool {
        self.ctx.as_ref().is_some_and(|c| Arc::as_ptr(c) == ctx)
    }

    fn ctx_take(mut self) -> Option<Arc<HeapCtx>> {
        let c = self.ctx.take();
        std::mem::forget(self);
        c
    }
}

impl Drop for ObjRef {
    fn drop(&mut self) {
        if let Some(c) = &self.ctx {
            c.defer(self.ptr, Op::Decref);
        }
    }
}

impl fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjRef")
            .field("ptr", &self.ptr)
            .field("heap_owner", &self.heap_owner())
            .finish()
    }
}
