//! `str`: immutable UTF-8 text stored inline after the header, in one heap block.
//!
//! The header records the PEP 393 width (1, 2 or 4 bytes per code point) because CPython
//! hashes that representation, and the code-point count for `len()`.

use std::cell::Cell;

use crate::header::{ObjBox, Raw, payload, tail};
use crate::immortal::EMPTY_STR;
use crate::types::{Kind, STR};
use crate::{Obj, Py, PyResult};

/// The fixed part of a str object; the UTF-8 bytes follow it.
#[repr(C)]
pub(crate) struct StrHead {
    /// Length in bytes.
    pub(crate) len: usize,
    /// Length in code points (`len()`).
    pub(crate) nchars: usize,
    /// Cached hash; -1 until computed (never written for immortals).
    pub(crate) hash: Cell<i64>,
    /// PEP 393 width: 1 (latin-1), 2 (UCS-2) or 4 (UCS-4).
    pub(crate) width: u8,
}

impl<'py> Py<'py> {
    /// A `str` with a copy of `s` (the empty string is the shared immortal).
    #[inline]
    pub fn str(self, s: &str) -> PyResult<Obj<'py>> {
        if s.is_empty() {
            return Ok(Obj::immortal(self, EMPTY_STR.header()));
        }
        let (nchars, width) = if s.is_ascii() { (s.len(), 1) } else { scan(s) };
        let p = self.new_obj(
            &STR.header,
            std::mem::size_of::<ObjBox<StrHead>>() + s.len(),
        )?;
        // SAFETY: fresh block with room for the head and `s.len()` tail bytes.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<StrHead>>()).payload).write(
                StrHead {
                    len: s.len(),
                    nchars,
                    hash: Cell::new(-1),
                    width,
                },
            );
            std::ptr::copy_nonoverlapping(s.as_ptr(), tail::<StrHead>(p), s.len());
        }
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

fn scan(s: &str) -> (usize, u8) {
    let mut n = 0;
    let mut max = 0u32;
    for c in s.chars() {
        n += 1;
        max = max.max(c as u32);
    }
    (
        n,
        if max < 0x100 {
            1
        } else if max < 0x10000 {
            2
        } else {
            4
        },
    )
}

/// The head of str object `p`.
///
/// # Safety
/// `p` is a live str object (laid out as `ObjBox<StrHead>`), and the reference is not used
/// after it is freed.
#[inline]
pub(crate) unsafe fn head<'a>(p: Raw) -> &'a StrHead {
    // SAFETY: forwarded contract.
    unsafe { payload::<StrHead>(p) }
}

/// The text of str object `p`.
///
/// # Safety
/// `p` is a live str object and the result does not outlive it.
#[inline]
pub(crate) unsafe fn as_str<'a>(p: Raw) -> &'a str {
    // SAFETY: forwarded contract.
    let h = unsafe { head(p) };
    // SAFETY: the tail holds `len` bytes copied from a `&str`, immutable since.
    unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(tail::<StrHead>(p), h.len)) }
}

impl Obj<'_> {
    /// The text of a `str`.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        // SAFETY: kind checked; the text lives as long as `self`.
        (self.kind() == Kind::Str).then(|| unsafe { as_str(self.raw()) })
    }
}
