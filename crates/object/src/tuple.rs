//! `tuple`: an immutable array of references stored inline after the header.

use crate::header::{ObjBox, Raw, payload, tail};
use crate::immortal::EMPTY_TUPLE;
use crate::types::{Kind, TUPLE};
use crate::{Obj, Py, PyResult};

/// The fixed part of a tuple; `len` item pointers follow it.
#[repr(C)]
pub(crate) struct TupleHead {
    pub(crate) len: usize,
}

impl<'py> Py<'py> {
    /// A `tuple` of new references to `items` (`()` is the shared immortal).
    pub fn tuple(self, items: &[Obj<'py>]) -> PyResult<Obj<'py>> {
        self.tuple_from(items.iter().cloned())
    }

    /// A `tuple` taking the references `items` yields (an exact-size iterator).
    pub fn tuple_from(self, items: impl ExactSizeIterator<Item = Obj<'py>>) -> PyResult<Obj<'py>> {
        let n = items.len();
        if n == 0 {
            return Ok(Obj::immortal(self, EMPTY_TUPLE.header()));
        }
        let size = std::mem::size_of::<ObjBox<TupleHead>>() + n * std::mem::size_of::<Raw>();
        let p = self.new_obj(&TUPLE.header, size)?;
        let slots = tail::<TupleHead>(p).cast::<Raw>();
        let mut len = 0;
        // SAFETY: fresh block with room for the head and `n` pointers; `len` counts the
        // initialised items, and the head is written before anything can observe the tuple.
        unsafe {
            for it in items.take(n) {
                slots.add(len).write(it.into_raw());
                len += 1;
            }
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<TupleHead>>()).payload)
                .write(TupleHead { len });
        }
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// The items of tuple `p`.
///
/// # Safety
/// `p` is a live tuple and the result does not outlive it.
#[inline]
pub(crate) unsafe fn items<'a>(p: Raw) -> &'a [Raw] {
    // SAFETY: a tuple's tail holds `len` initialised item pointers, immutable since creation.
    unsafe {
        std::slice::from_raw_parts(
            tail::<TupleHead>(p).cast::<Raw>(),
            payload::<TupleHead>(p).len,
        )
    }
}

impl<'py> Obj<'py> {
    /// The items of a `tuple`, as new references.
    pub fn tuple_items(&self) -> Option<Vec<Obj<'py>>> {
        if self.kind() != Kind::Tuple {
            return None;
        }
        // SAFETY: kind checked, so the payload is a tuple head followed by its items, which
        // stay live while `self` holds the tuple.
        let items = unsafe { items(self.raw()) };
        Some(
            items
                .iter()
                // SAFETY: each item is a live object of this interpreter (the tuple owns a
                // reference to it); `borrowed` increfs, so the new handle owns its own reference.
                .map(|&p| unsafe { Obj::borrowed(self.py, p) })
                .collect(),
        )
    }
}
