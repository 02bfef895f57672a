//! Big ints: `int` values outside the 64-bit fast path, still of type `int`.
//!
//! An `int` object's payload starts with an `i64`. For the fast path it is the value itself;
//! [`BIG_TAG`] (`i64::MIN`) marks the big form instead, whose magnitude follows in the same
//! block as little-endian 32-bit digits (so, like every other object, a big int's storage is
//! in its owner's heap). Every value that fits `i64` except `i64::MIN` has the small form
//! (one representation per value); `i64::MIN` itself takes the big form, which is what frees
//! the tag. Arithmetic converts to `num_bigint::BigInt` and back: the big path costs an
//! allocation per operand, the small path reads one word and compares it.

use std::sync::atomic::Ordering;

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::ToPrimitive;

use crate::exc::VALUE_ERROR;
use crate::header::{ObjBox, Raw, payload, tail};
use crate::types::{INT, Kind};
use crate::{Obj, Py, PyErr, PyResult};

/// The payload word that marks the big form.
pub(crate) const BIG_TAG: i64 = i64::MIN;

/// CPython's default `sys.get_int_max_str_digits()`: decimal conversions of ints with more
/// digits are refused (CVE-2020-10735); [`Py::set_int_max_str_digits`] changes it.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// The fixed part of a big int's payload; `len` digits follow it.
#[repr(C)]
pub(crate) struct BigHead {
    pub(crate) tag: i64,
    pub(crate) neg: usize,
    pub(crate) len: usize,
}

/// Whether the int or bool at `p` has the big form.
///
/// # Safety
/// `p` is a live int or bool.
#[inline]
pub(crate) unsafe fn is_big(p: Raw) -> bool {
    // SAFETY: ints and bools start their payload with an `i64` (the contract).
    unsafe { *payload::<i64>(p) == BIG_TAG }
}

/// The value of the big int at `p`.
///
/// # Safety
/// `p` is a live int in the big form ([`is_big`]).
pub(crate) unsafe fn big_value(p: Raw) -> BigInt {
    // SAFETY: the contract: a big int's payload is a `BigHead`, its digits follow.
    let (h, digits) = unsafe {
        let h = payload::<BigHead>(p);
        let d = std::slice::from_raw_parts(tail::<BigHead>(p).cast::<u32>(), h.len);
        (h, d)
    };
    let sign = if h.neg != 0 { Sign::Minus } else { Sign::Plus };
    BigInt::from_biguint(sign, BigUint::from_slice(digits))
}

/// The value of any int or bool object at `p`.
///
/// # Safety
/// `p` is a live int or bool.
pub(crate) unsafe fn int_big(p: Raw) -> BigInt {
    // SAFETY: forwarded contract.
    unsafe {
        if is_big(p) {
            big_value(p)
        } else {
            BigInt::from(*payload::<i64>(p))
        }
    }
}

impl<'py> Py<'py> {
    /// An `int` of any size: the 64-bit form when `v` fits it.
    pub fn int_big(self, v: &BigInt) -> PyResult<Obj<'py>> {
        match v.to_i64() {
            Some(i) if i != BIG_TAG => self.int(i),
            _ => self.new_big(v),
        }
    }

    /// A big-form int (callers normalise first).
    #[cold]
    pub(crate) fn new_big(self, v: &BigInt) -> PyResult<Obj<'py>> {
        let digits = v.magnitude().to_u32_digits();
        let size = std::mem::size_of::<ObjBox<BigHead>>()
            .checked_add(digits.len().saturating_mul(4))
            .ok_or_else(PyErr::no_memory)?;
        let p = self.new_obj(&INT.header, size)?;
        // SAFETY: `p` is a fresh block sized for `ObjBox<BigHead>` and `digits.len()` `u32`s
        // after it (4-aligned: `ObjBox<BigHead>`'s size is a multiple of 8).
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<BigHead>>()).payload).write(
                BigHead {
                    tag: BIG_TAG,
                    neg: usize::from(v.sign() == Sign::Minus),
                    len: digits.len(),
                },
            );
            std::ptr::copy_nonoverlapping(
                digits.as_ptr(),
                tail::<BigHead>(p).cast::<u32>(),
                digits.len(),
            );
        }
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

impl Obj<'_> {
    /// The value of an `int` or `bool` of any size.
    pub fn as_bigint(&self) -> Option<BigInt> {
        match self.kind() {
            // SAFETY: kind checked.
            Kind::Int | Kind::Bool => Some(unsafe { int_big(self.raw()) }),
            _ => None,
        }
    }

    /// Whether this is an `int` outside the `i64` range.
    pub fn is_big_int(&self) -> bool {
        // SAFETY: kind checked first.
        self.kind() == Kind::Int && unsafe { is_big(self.raw()) } && self.as_i64().is_none()
    }
}

/// `i64` value of a big-form int, when it fits (only `i64::MIN` does).
///
/// # Safety
/// `p` is a live int in the big form.
#[cold]
pub(crate) unsafe fn big_as_i64(p: Raw) -> Option<i64> {
    // SAFETY: forwarded contract.
    unsafe { big_value(p) }.to_i64()
}

/// `hash(int)` for any size: the value modulo 2**61 - 1 with the value's sign, -1 -> -2
/// (CPython's `long_hash`).
pub fn hash_bigint(v: &BigInt) -> i64 {
    const MODULUS: u128 = (1 << 61) - 1;
    let mut h: u128 = 0;
    for d in v.magnitude().to_u32_digits().iter().rev() {
        h = ((h << 32) | u128::from(*d)) % MODULUS;
    }
    // `h < 2**61`: fits.
    let h = h as i64;
    let h = if v.sign() == Sign::Minus { -h } else { h };
    if h == -1 { -2 } else { h }
}

impl Py<'_> {
    /// `sys.get_int_max_str_digits()`: the decimal conversion limit of this heap's
    /// interpreters (0: none; [`INT_MAX_STR_DIGITS`] at first).
    pub fn int_max_str_digits(self) -> usize {
        self.ctx().max_str_digits.load(Ordering::Relaxed)
    }

    /// `sys.set_int_max_str_digits(n)` (the caller checks CPython's rule: 0 or at least
    /// 640). Interpreters sharing a heap (legacy ones share main's) share the setting.
    pub fn set_int_max_str_digits(self, n: usize) {
        self.ctx().max_str_digits.store(n, Ordering::Relaxed);
    }
}

/// `str(v)` in decimal, refused beyond `limit` digits (0: no limit) with CPython's
/// `ValueError` text (the sign is not counted).
pub fn int_to_decimal(v: &BigInt, limit: usize) -> PyResult<String> {
    if limit == 0 {
        return Ok(v.to_string());
    }
    let too_many = || {
        PyErr::new(
            &VALUE_ERROR,
            format!(
                "Exceeds the limit ({limit} digits) for integer string \
                 conversion; use sys.set_int_max_str_digits() to increase the limit"
            ),
        )
    };
    // A value of `bits` bits has at least `(bits - 1) * log10(2)` digits: refuse the clearly
    // too long before paying for the conversion.
    if (v.bits().saturating_sub(1) as f64) * std::f64::consts::LOG10_2 > limit as f64 + 1.0 {
        return Err(too_many());
    }
    let s = v.to_string();
    if s.trim_start_matches('-').len() > limit {
        return Err(too_many());
    }
    Ok(s)
}
