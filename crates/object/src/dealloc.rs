//! Freeing objects whose refcount reached zero, in their own heap, with an explicit worklist
//! (CPython's trashcan idea) so that freeing a deeply nested structure cannot overflow the
//! native stack.

use std::ptr::NonNull;

use crate::Py;
use crate::header::Raw;
use crate::types::{Kind, kind_of, type_of};

/// Frees `p` and everything that dies with it.
///
/// # Safety
/// `p` is an object of `py`'s heap whose refcount just reached zero (nothing refers to it).
pub(crate) unsafe fn dealloc(py: Py<'_>, p: Raw) {
    let mut stack = Vec::new();
    // SAFETY: forwarded contract.
    unsafe {
        dealloc_one(py, p, &mut stack);
        drain(py, stack);
    }
}

/// Frees every object on `stack`, and what dies with them.
///
/// # Safety
/// Each object on `stack` is of `py`'s heap, with refcount zero, and on it once.
pub(crate) unsafe fn drain(py: Py<'_>, mut stack: Vec<Raw>) {
    while let Some(p) = stack.pop() {
        // SAFETY: the contract; `dealloc_one` pushes only objects it brought to zero.
        unsafe { dealloc_one(py, p, &mut stack) };
    }
}

/// Frees `p`, pushing what reaches refcount zero with it on `stack`.
///
/// # Safety
/// As for [`dealloc`].
unsafe fn dealloc_one(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract: refcount zero, at the start of its dealloc.
    if unsafe { crate::gc::pending::defer_to_finalizer(py, p) } {
        return;
    }
    let ty = type_of(p);
    // One look at the type says what lies before the header.
    let pr = crate::layout::prefix_of(p);
    // SAFETY: the contract: refcount zero, at the start of its dealloc.
    let block = unsafe { crate::gc::on_dealloc(py, p, pr) };
    let kind = kind_of(p);
    match kind {
        Kind::Tuple => {
            // SAFETY: kind checked; the items are the tuple's references.
            for &it in unsafe { crate::tuple::items(p) } {
                // SAFETY: the tuple's reference to a live item, given up.
                unsafe { crate::handle::decref_into(py, it, stack) };
            }
        }
        // SAFETY: kind checked; refcount zero, freed once.
        Kind::List => unsafe { crate::list::drop_list(py, p, stack) },
        // SAFETY: kind checked; refcount zero, freed once.
        Kind::Dict => unsafe { crate::dict::drop_dict(py, p, stack) },
        Kind::Set | Kind::FrozenSet => {
            // SAFETY: kind checked; refcount zero, freed once. Without a reset nothing is
            // allocated, so this cannot fail.
            let _ = unsafe { crate::set::drop_set(py, p, stack, false) };
        }
        // SAFETY: kind checked; refcount zero, freed once.
        Kind::Module => unsafe { crate::module::drop_module(py, p, stack) },
        // SAFETY: kind checked; refcount zero, freed once.
        Kind::Capsule => unsafe { crate::capsule::drop_capsule(py, p) },
        // SAFETY: kind checked; refcount zero, freed once.
        Kind::Type => unsafe { crate::types::drop_type(py, p, stack) },
        // SAFETY: kind checked; refcount zero, freed once.
        Kind::Exception => unsafe { crate::exc::drop_exception(py, p, stack) },
        // SAFETY: kind checked; the refcount is zero and dealloc runs once per object.
        Kind::Native => unsafe { crate::native::drop_native(py, p, stack) },
        Kind::None
        | Kind::Bool
        | Kind::Int
        | Kind::Float
        | Kind::Str
        | Kind::Bytes
        | Kind::Object => {}
    }
    if pr.dict || kind == Kind::Object {
        // SAFETY: the contract; the type is alive until the decref below.
        unsafe { crate::heaptype::drop_instance_parts(py, p, stack) };
    }
    // Instances hold a reference to their type (a no-op for static types).
    // SAFETY: the instance's reference to its live type, given up.
    unsafe { crate::handle::decref_into(py, ty, stack) };
    // SAFETY: the object's refcount is zero and `block` is the start of its allocation from
    // `py`'s heap (dealloc is only reached through a same-heap decref); nothing refers to it
    // any more.
    unsafe {
        py.ctx().live_add(-1);
        py.free(NonNull::new_unchecked(block));
    }
}
