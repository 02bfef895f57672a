//! The object header every object starts with: refcount, type, owning heap and interpreter.
//!
//! Layout is `#[repr(C)]` and shared by heap objects (allocated from an obmalloc `Heap`) and
//! static immortal objects. A null `heap` pointer is the immortal marker: it is checked before
//! any refcount write, so an immortal's refcount is never written (which is what makes sharing
//! static objects between interpreters, and between threads, sound).

use std::cell::Cell;
use std::ptr::NonNull;

use crate::heap::HeapCtx;

/// Refcount value shown by immortal objects (CPython 3.12+ uses `_Py_IMMORTAL_REFCNT`, a large
/// value; ours is never read back into arithmetic).
pub(crate) const IMMORTAL_RC: usize = u32::MAX as usize;

/// Owner id recorded in the header of static objects.
pub(crate) const NO_OWNER: u64 = u64::MAX;

/// The common prefix of every object.
#[repr(C)]
pub(crate) struct Header {
    /// Strong references. Non-atomic: only the thread holding the owner's GIL touches it.
    pub(crate) rc: Cell<usize>,
    /// The type object (a static `StaticType` or a heap type object); changed only by
    /// `obj.__class__ = C` on an instance of a heap type (`Obj::set_class`).
    pub(crate) ty: Cell<*const Header>,
    /// The heap this object was allocated from; null for immortal statics.
    pub(crate) heap: *const HeapCtx,
    /// The interpreter that allocated it ([`NO_OWNER`] for statics).
    pub(crate) owner: u64,
}

impl Header {
    /// A header for a static immortal object of type `ty`.
    pub(crate) const fn immortal(ty: *const Header) -> Header {
        Header {
            rc: Cell::new(IMMORTAL_RC),
            ty: Cell::new(ty),
            heap: std::ptr::null(),
            owner: NO_OWNER,
        }
    }

    /// Whether this object is a static immortal.
    #[inline]
    pub(crate) fn is_immortal(&self) -> bool {
        self.heap.is_null()
    }
}

/// A raw pointer to an object header; what containers store.
pub(crate) type Raw = NonNull<Header>;

/// A header followed by a fixed payload: the layout of every object kind (variable parts, when
/// present, follow the payload in the same block).
#[repr(C)]
pub(crate) struct ObjBox<T> {
    pub(crate) header: Header,
    pub(crate) payload: T,
}

/// The payload of the object at `p`, seen as `T`.
///
/// # Safety
/// `p` must point to a live object whose layout is `ObjBox<T>`, and the returned reference
/// must not outlive it.
#[inline]
pub(crate) unsafe fn payload<'a, T>(p: Raw) -> &'a T {
    // SAFETY: the caller guarantees `p` is a live `ObjBox<T>`.
    unsafe { &(*p.as_ptr().cast::<ObjBox<T>>()).payload }
}

/// The address of the first byte after the payload `T` of the object at `p`, where variable
/// parts start.
#[inline]
pub(crate) fn tail<T>(p: Raw) -> *mut u8 {
    p.as_ptr()
        .cast::<u8>()
        .wrapping_add(std::mem::size_of::<ObjBox<T>>())
}
