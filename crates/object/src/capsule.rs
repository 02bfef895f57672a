//! Capsules: a named opaque pointer (CPython's way for extension modules to share native
//! state), with an optional destructor that runs in the owning interpreter when the capsule is
//! freed.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::exc::VALUE_ERROR;
use crate::header::{ObjBox, Raw, payload};
use crate::types::{CAPSULE, Kind};
use crate::{Obj, Py, PyErr, PyResult};

/// Runs when a capsule is freed, under its owner's token: `(py, pointer, name)`.
pub type CapsuleDestructor = for<'py> fn(Py<'py>, NonNull<()>, Option<&'static str>);

#[repr(C)]
pub(crate) struct CapsuleData {
    ptr: NonNull<()>,
    name: Option<&'static str>,
    /// Taken when it runs (at dealloc, or at heap close for a capsule still alive).
    destructor: Cell<Option<CapsuleDestructor>>,
}

impl<'py> Py<'py> {
    /// `PyCapsule_New(ptr, name, destructor)`. The pointer is opaque here: the object layer
    /// never dereferences it. The destructor runs on whichever thread frees the capsule or
    /// closes its heap (a pool worker, the thread ending the interpreter), so what the pointer
    /// owns must be safe to drop there (`Send`): turning it back into a value is the
    /// destructor's own `unsafe` step, and that is where the promise is kept.
    pub fn new_capsule(
        self,
        ptr: NonNull<()>,
        name: Option<&'static str>,
        destructor: Option<CapsuleDestructor>,
    ) -> PyResult<Obj<'py>> {
        let p = self.new_obj(&CAPSULE.header, std::mem::size_of::<ObjBox<CapsuleData>>())?;
        // SAFETY: fresh block sized for `ObjBox<CapsuleData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<CapsuleData>>()).payload).write(
                CapsuleData {
                    ptr,
                    name,
                    destructor: Cell::new(destructor),
                },
            )
        };
        if destructor.is_some() {
            // SAFETY: the token proves the GIL; `p` is a live object of its heap.
            unsafe { self.ctx().track(p) };
        }
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// The payload of capsule `p`.
///
/// # Safety
/// `p` is a live capsule object (laid out as `ObjBox<CapsuleData>`), and the reference is not used
/// after it is freed.
unsafe fn data<'a>(p: Raw) -> &'a CapsuleData {
    // SAFETY: forwarded contract.
    unsafe { payload::<CapsuleData>(p) }
}

impl Obj<'_> {
    /// `PyCapsule_GetPointer(self, name)`: the pointer, if `name` matches the capsule's.
    pub fn capsule_pointer(&self, name: Option<&str>) -> PyResult<NonNull<()>> {
        if self.kind() != Kind::Capsule {
            return Err(PyErr::new(
                &VALUE_ERROR,
                "PyCapsule_GetPointer called with invalid PyCapsule object",
            ));
        }
        // SAFETY: kind checked; `self` keeps the capsule alive while `d` is used.
        let d = unsafe { data(self.raw()) };
        if d.name != name {
            return Err(PyErr::new(
                &VALUE_ERROR,
                "PyCapsule_GetPointer called with incorrect name",
            ));
        }
        Ok(d.ptr)
    }

    /// `PyCapsule_GetName(self)`.
    pub fn capsule_name(&self) -> PyResult<Option<&'static str>> {
        if self.kind() != Kind::Capsule {
            return Err(PyErr::new(
                &VALUE_ERROR,
                "PyCapsule_GetName called with invalid PyCapsule object",
            ));
        }
        // SAFETY: kind checked; `self` is live.
        Ok(unsafe { data(self.raw()) }.name)
    }
}

/// `repr(capsule)`: `<capsule object "NAME" at 0x...>` (`NULL` for no name).
///
/// # Safety
/// `c` is a capsule.
pub(crate) unsafe fn capsule_repr(c: &Obj<'_>) -> String {
    // SAFETY: a capsule (the contract), kept alive by `c`.
    match unsafe { data(c.raw()) }.name {
        Some(n) => format!("<capsule object \"{n}\" at {:#x}>", c.id()),
        None => format!("<capsule object NULL at {:#x}>", c.id()),
    }
}

/// Runs the destructor (dealloc, in the owner).
///
/// # Safety
/// `p` is a capsule of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_capsule(py: Py<'_>, p: Raw) {
    // SAFETY: the token proves the GIL; `p` is a live capsule of its heap (the contract).
    unsafe {
        py.ctx().untrack(p);
        finalize_capsule(py, p);
    }
}

/// Runs the capsule's destructor, once (it is taken out first); the capsule keeps its pointer
/// and name.
///
/// # Safety
/// `p` is a live capsule of `py`'s heap, and the caller holds its GIL (or the closing user's
/// exclusive access).
pub(crate) unsafe fn finalize_capsule(py: Py<'_>, p: Raw) {
    // SAFETY: a live capsule (the contract).
    let d = unsafe { data(p) };
    if let Some(f) = d.destructor.take() {
        f(py, d.ptr, d.name);
    }
}
