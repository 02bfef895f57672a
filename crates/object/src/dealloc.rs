//! Freeing objects whose refcount reached zero, in their own heap, with an explicit worklist
//! (CPython's trashcan idea) so that freeing a deeply nested structure cannot overflow the
//! native stack.

use crate::Py;
use crate::header::Raw;
use crate::types::{Kind, kind_of, type_of};

/// Frees `p` (refcount zero, owned by `py`'s heap) and everything that dies with it.
pub(crate) fn dealloc(py: Py<'_>, p: Raw) {
    let mut stack = Vec::new();
    dealloc_one(py, p, &mut stack);
    drain(py, stack);
}

/// Frees every object on `stack` (each has refcount zero), and what dies with them.
pub(crate) fn drain(py: Py<'_>, mut stack: Vec<Raw>) {
    while let Some(p) = stack.pop() {
        dealloc_one(py, p, &mut stack);
    }
}

fn dealloc_one(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    let ty = type_of(p);
    match kind_of(p) {
        Kind::Tuple => {
            // SAFETY: kind checked; the items are the tuple's references.
            for &it in unsafe { crate::tuple::items(p) } {
                crate::handle::decref_into(py, it, stack);
            }
        }
        Kind::List => crate::list::drop_list(py, p, stack),
        Kind::Dict => crate::dict::drop_dict(py, p, stack),
        Kind::Module => crate::module::drop_module(py, p, stack),
        Kind::Func => crate::func::drop_func(py, p, stack),
        Kind::Capsule => crate::capsule::drop_capsule(py, p),
        Kind::Type => crate::types::drop_type(py, p, stack),
        Kind::Exception => crate::exc::drop_exception(py, p, stack),
        // SAFETY: kind checked; the refcount is zero and dealloc runs once per object.
        Kind::Native => unsafe { crate::native::drop_native(py, p) },
        Kind::None
        | Kind::Bool
        | Kind::Int
        | Kind::Float
        | Kind::Str
        | Kind::Bytes
        | Kind::Object => {}
    }
    // Instances hold a reference to their type (a no-op for static types).
    crate::handle::decref_into(py, ty, stack);
    // SAFETY: the object's refcount is zero and it was allocated from `py`'s heap (dealloc is
    // only reached through a same-heap decref); nothing refers to it any more.
    unsafe {
        py.ctx().live_add(-1);
        py.free(p.cast());
    }
}
