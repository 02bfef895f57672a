//! `None`, `bool` and `int` (the 64-bit fast path; the big form is in `bigint.rs`).

use crate::bigint::BIG_TAG;
use crate::exc::{OVERFLOW_ERROR, VALUE_ERROR};
use crate::header::{ObjBox, payload};
use crate::immortal::{FALSE, NONE, TRUE, small_int};
use crate::types::{INT, Kind};
use crate::{Obj, Py, PyErr, PyResult};

/// CPython's text when an int does not fit a C long.
pub(crate) const TOO_LARGE: &str = "Python int too large to convert to C long";

impl<'py> Py<'py> {
    /// `None`.
    #[inline]
    pub fn none(self) -> Obj<'py> {
        Obj::immortal(self, NONE.header())
    }

    /// `True` or `False`.
    #[inline]
    pub fn bool(self, v: bool) -> Obj<'py> {
        Obj::immortal(self, if v { TRUE.header() } else { FALSE.header() })
    }

    /// An `int`; -5..=256 are the shared immortal small ints.
    #[inline]
    pub fn int(self, v: i64) -> PyResult<Obj<'py>> {
        if let Some(h) = small_int(v) {
            return Ok(Obj::immortal(self, h));
        }
        if v == BIG_TAG {
            return self.new_big(&v.into());
        }
        let p = self.new_obj(&INT.header, std::mem::size_of::<ObjBox<i64>>())?;
        // SAFETY: fresh block sized for `ObjBox<i64>`.
        unsafe { std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<i64>>()).payload).write(v) };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }

    /// An `int` from a wider value (the big form beyond 64 bits).
    pub fn int_wide(self, v: i128) -> PyResult<Obj<'py>> {
        match i64::try_from(v) {
            Ok(v) => self.int(v),
            Err(_) => self.int_big(&v.into()),
        }
    }

    /// `int(s)` for a base-10 literal (underscores between digits and surrounding whitespace
    /// allowed, decimal digits of any script, as in CPython): `ValueError` for bad text,
    /// `OverflowError` beyond 64 bits.
    pub fn parse_int(self, s: &str) -> PyResult<Obj<'py>> {
        let bad = || {
            PyErr::new(
                &VALUE_ERROR,
                format!(
                    "invalid literal for int() with base 10: {}",
                    crate::repr::str_repr(s)
                ),
            )
        };
        let ascii = crate::digits::decimal_and_space_to_ascii(s);
        let t = crate::digits::trim_py_space(&ascii);
        let (neg, b) = match t.first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        if b.is_empty()
            || b[0] == b'_'
            || b[b.len() - 1] == b'_'
            || b.windows(2).any(|w| w == b"__")
        {
            return Err(bad());
        }
        let mut v: i128 = 0;
        for &c in b {
            match c {
                b'_' => {}
                b'0'..=b'9' => {
                    v = v * 10 + i128::from(c - b'0');
                    if v > i128::from(u64::MAX) {
                        // Keep validating the rest, so bad text wins over overflow.
                        if !b.iter().all(|c| c.is_ascii_digit() || *c == b'_') {
                            return Err(bad());
                        }
                        return Err(PyErr::new(&OVERFLOW_ERROR, TOO_LARGE));
                    }
                }
                _ => return Err(bad()),
            }
        }
        match i64::try_from(if neg { -v } else { v }) {
            Ok(v) => self.int(v),
            Err(_) => Err(PyErr::new(&OVERFLOW_ERROR, TOO_LARGE)),
        }
    }
}

/// The value of an int or bool object, when it fits `i64`.
///
/// # Safety
/// `p` is a live int or bool.
#[inline]
pub(crate) unsafe fn int_value(p: crate::header::Raw) -> Option<i64> {
    // SAFETY: ints and bools start their payload with an `i64`.
    let v = unsafe { *payload::<i64>(p) };
    if v == BIG_TAG {
        // SAFETY: the tag marks the big form.
        return unsafe { crate::bigint::big_as_i64(p) };
    }
    Some(v)
}

impl Obj<'_> {
    /// The value of an `int` or `bool` (`True` is 1) when it fits `i64` (see
    /// [`Obj::as_bigint`] for any size).
    #[inline]
    pub fn as_i64(&self) -> Option<i64> {
        match self.kind() {
            // SAFETY: kind checked.
            Kind::Int | Kind::Bool => unsafe { int_value(self.raw()) },
            _ => None,
        }
    }

    /// The value of a `bool`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind() {
            // SAFETY: kind checked.
            Kind::Bool => Some(unsafe { int_value(self.raw()) } != Some(0)),
            _ => None,
        }
    }

    /// Whether this is `None`.
    #[inline]
    pub fn is_none(&self) -> bool {
        std::ptr::eq(self.raw().as_ptr().cast_const(), NONE.header())
    }
}

/// Checked 64-bit arithmetic with CPython's `OverflowError` text, for layers that compute.
pub fn checked(v: Option<i64>) -> PyResult<i64> {
    v.ok_or_else(|| PyErr::new(&OVERFLOW_ERROR, TOO_LARGE))
}
