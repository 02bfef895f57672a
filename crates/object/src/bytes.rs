//! `bytes`: immutable bytes stored inline after the header, in one heap block.

use std::cell::Cell;

use crate::header::{ObjBox, Raw, payload, tail};
use crate::immortal::EMPTY_BYTES;
use crate::types::{BYTES, Kind};
use crate::{Obj, Py, PyResult};

/// The fixed part of a bytes object; the data follow it.
#[repr(C)]
pub(crate) struct BytesHead {
    pub(crate) len: usize,
    /// Cached hash; -1 until computed (never written for immortals).
    pub(crate) hash: Cell<i64>,
}

impl<'py> Py<'py> {
    /// A `bytes` with a copy of `b` (`b''` is the shared immortal).
    pub fn bytes(self, b: &[u8]) -> PyResult<Obj<'py>> {
        if b.is_empty() {
            return Ok(Obj::immortal(self, EMPTY_BYTES.header()));
        }
        let p = self.new_obj(
            &BYTES.header,
            std::mem::size_of::<ObjBox<BytesHead>>() + b.len(),
        )?;
        // SAFETY: fresh block with room for the head and `b.len()` tail bytes.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<BytesHead>>()).payload).write(
                BytesHead {
                    len: b.len(),
                    hash: Cell::new(-1),
                },
            );
            std::ptr::copy_nonoverlapping(b.as_ptr(), tail::<BytesHead>(p), b.len());
        }
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// The head of bytes object `p`.
///
/// # Safety
/// `p` is a live bytes object (laid out as `ObjBox<BytesHead>`), and the reference is not used
/// after it is freed.
#[inline]
pub(crate) unsafe fn head<'a>(p: Raw) -> &'a BytesHead {
    // SAFETY: forwarded contract.
    unsafe { payload::<BytesHead>(p) }
}

/// The data of bytes object `p`.
///
/// # Safety
/// `p` is a live bytes object and the result does not outlive it.
#[inline]
pub(crate) unsafe fn as_bytes<'a>(p: Raw) -> &'a [u8] {
    // SAFETY: the tail holds `len` bytes, immutable since creation.
    unsafe { std::slice::from_raw_parts(tail::<BytesHead>(p), head(p).len) }
}

impl Obj<'_> {
    /// The data of a `bytes`.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        // SAFETY: kind checked; the data live as long as `self`.
        (self.kind() == Kind::Bytes).then(|| unsafe { as_bytes(self.raw()) })
    }
}
