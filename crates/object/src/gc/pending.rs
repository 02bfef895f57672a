//! `__del__` at refcount zero (CPython's `subtype_dealloc` calling
//! `PyObject_CallFinalizerFromDealloc`, with PEP 442's rules).
//!
//! A dealloc happens inside whatever operation dropped the last reference, with no thread
//! state and possibly with borrowed pointers held above it, so it cannot run Python code.
//! Instead an instance of a class defining `__del__` whose finalizer has not run is revived
//! with one reference, owned by the heap's queue, and left whole (its weak references too,
//! as CPython clears them only after `__del__`). The loop runs the queue at its next check
//! ([`Py::gc_run_due`]): marks each object finalized, calls its `__del__`, and drops the
//! queue's reference; unless `__del__` resurrected it, that frees it for good (marked, it is
//! never queued again). The queue is a worklist, so a chain of 100,000 such objects, each
//! freeing the next, runs in constant native stack.

use crate::header::Raw;
use crate::heaptype::HEAPTYPE;
use crate::types::{type_data, type_of};
use crate::{Obj, Py};

use super::head::{self, FINALIZED, Mode};
use super::{DUE_FINALIZE, GcHooks};

/// Whether `p`, whose refcount just reached zero, waits for its `__del__` instead of being
/// freed now: if so it holds one reference again, owned by the queue.
///
/// # Safety
/// `p` is an object of `py`'s heap whose refcount just reached zero, at the start of its
/// dealloc.
#[inline]
pub(crate) unsafe fn defer_to_finalizer(py: Py<'_>, p: Raw) -> bool {
    let ty = type_of(p);
    // SAFETY: an object's type outlives it.
    let td = unsafe { type_data(ty) };
    if td.heap.flags() & HEAPTYPE == 0
        || td.prefix.gc == Mode::None
        || head::head_of(p).has(FINALIZED)
        || !has_del(py, ty)
    {
        return false;
    }
    // SAFETY: `p` is live (its block is not freed yet); the queue owns this reference.
    unsafe { p.as_ref() }.rc.set(1);
    let st = &py.ctx().gc;
    st.pending.borrow_mut().push(p);
    st.due.set(st.due.get() | DUE_FINALIZE);
    true
}

/// Whether heap class `ty`'s MRO defines `__del__`, cached at the class's version tag
/// (assigning `C.__del__` or a base's gives a new tag).
fn has_del(py: Py<'_>, ty: Raw) -> bool {
    // SAFETY: `ty` is a live type (it has an instance being freed).
    let h = &unsafe { type_data(ty) }.heap;
    let v = h.version();
    if v != 0 && h.del_version.get() == v {
        return h.has_del.get();
    }
    let Ok(key) = py.str("__del__") else {
        return false;
    };
    // SAFETY: as above; the instance being freed holds its type.
    let t = unsafe { Obj::borrowed(py, ty) };
    let found = t
        .type_heap_dicts(|d| d.dict_get(&key).map(|v| v.map(|_| ())))
        .ok()
        .flatten()
        .is_some();
    h.has_del.set(found);
    h.del_version.set(v);
    found
}

/// Runs the queued finalizers depth first, as CPython's immediate calls would: the objects
/// freed after one `__del__` (and queued by those frees) are finalized before the next
/// object of the same batch, in the order they were queued. A worklist, not recursion.
pub(super) fn run<'py>(py: Py<'py>, hooks: &mut dyn GcHooks<'py>) {
    let mut work: Vec<Raw> = Vec::new();
    loop {
        work.extend(
            std::mem::take(&mut *py.ctx().gc.pending.borrow_mut())
                .into_iter()
                .rev(),
        );
        let Some(p) = work.pop() else {
            return;
        };
        head::head_of(p).set(FINALIZED);
        // SAFETY: the queue owned one reference to `p`, handed to `o`.
        let o = unsafe { Obj::owned(py, p) };
        hooks.finalize(&o);
    }
}
