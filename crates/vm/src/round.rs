//! `round(float, ndigits)` correctly rounded, as CPython's `double_round`: the exact binary
//! value of the float is rounded half to even at the `10**-ndigits` position, then the
//! decimal result is converted back to the nearest double.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};

/// Beyond this many digits a double is returned unchanged (CPython's `NDIGITS_MAX`:
/// `(DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103`).
const NDIGITS_MAX: i64 = 323;
/// Below this the result is a zero of the value's sign (`NDIGITS_MIN`:
/// `-(DBL_MAX_EXP + 1) * 0.30103`).
const NDIGITS_MIN: i64 = -308;

/// `round(f, k)`.
pub(crate) fn round_float(f: f64, k: i64) -> f64 {
    if !f.is_finite() || f == 0.0 || k > NDIGITS_MAX {
        return f;
    }
    if k < NDIGITS_MIN {
        return 0.0 * f;
    }
    let r = if k >= 0 {
        // Rust's fixed-precision formatting is exact and rounds half to even on the exact
        // value, as `_Py_dg_dtoa` in mode 3 does; parsing is correctly rounded.
        format!("{f:.*}", k as usize).parse().unwrap_or(f)
    } else {
        round_integer_part(f, (-k) as u32)
    };
    // A result that rounds to zero keeps the value's sign, as CPython's.
    if r == 0.0 { 0.0 * f } else { r }
}

/// `f` rounded half to even to a multiple of `10**p` (`p >= 1`).
fn round_integer_part(f: f64, p: u32) -> f64 {
    let whole = BigInt::from_f64(f.trunc()).unwrap_or_default();
    // Exact: the fraction of a double is a double.
    let has_fraction = f.fract() != 0.0;
    let unit = num_traits::pow(BigInt::from(10u8), p as usize);
    let (q, r) = whole.abs().div_rem(&unit);
    let twice = &r * 2u8;
    let up = twice > unit || (twice == unit && (has_fraction || q.is_odd()));
    let q = if up { q + 1u8 } else { q };
    let v = q * unit;
    let v = v.to_f64().unwrap_or(f64::INFINITY);
    if f.is_sign_negative() && !v.is_zero() {
        -v
    } else {
        v
    }
}
