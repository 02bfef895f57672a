//! `float`, and its `repr` (CPython's shortest round-trip `'r'` format).

use crate::header::{ObjBox, payload};
use crate::types::{FLOAT, Kind};
use crate::{Obj, Py, PyResult};

impl<'py> Py<'py> {
    /// A `float`.
    #[inline]
    pub fn float(self, v: f64) -> PyResult<Obj<'py>> {
        let p = self.new_obj(&FLOAT.header, std::mem::size_of::<ObjBox<f64>>())?;
        // SAFETY: fresh block sized for `ObjBox<f64>`.
        unsafe { std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<f64>>()).payload).write(v) };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

impl Obj<'_> {
    /// The value of a `float`.
    #[inline]
    pub fn as_f64(&self) -> Option<f64> {
        // SAFETY: floats are `ObjBox<f64>`.
        (self.kind() == Kind::Float).then(|| unsafe { *payload::<f64>(self.raw()) })
    }
}

/// `repr(x)` as CPython prints it: the shortest digits that round-trip, in fixed notation when
/// the decimal point position is in (-4, 16], else in exponent notation with a signed,
/// at least two-digit exponent; `.0` is added to integral values.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e-7".
    let sci = format!("{:e}", x.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let decpt = exp + 1;
    let mut out = String::with_capacity(digits.len() + 8);
    if x < 0.0 {
        out.push('-');
    }
    let n = digits.len() as i32;
    if -4 < decpt && decpt <= 16 {
        if decpt <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-decpt) as usize));
            out.push_str(&digits);
        } else if decpt >= n {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..decpt as usize]);
            out.push('.');
            out.push_str(&digits[decpt as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        out.push_str(&format!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[track_caller]
    fn check(x: f64, expect: &str) {
        assert_eq!(float_repr(x), expect, "repr({x:?})");
    }

    #[test]
    fn repr_matches_cpython() {
        // Expected values are CPython 3.13's `repr(float)`.
        check(1.0, "1.0");
        check(-1.0, "-1.0");
        check(0.1, "0.1");
        check(1.5, "1.5");
        check(100.0, "100.0");
        check(1e15, "1000000000000000.0");
        check(1e16, "1e+16");
        check(1.2345678901234568e17, "1.2345678901234568e+17");
        check(1e22, "1e+22");
        check(1e100, "1e+100");
        check(0.0001, "0.0001");
        check(1e-5, "1e-05");
        check(1.5e-5, "1.5e-05");
        check(-2.5e-7, "-2.5e-07");
        check(0.0, "0.0");
        check(-0.0, "-0.0");
        check(f64::INFINITY, "inf");
        check(f64::NEG_INFINITY, "-inf");
        check(f64::NAN, "nan");
        check(1.0 / 3.0, "0.3333333333333333");
        check(123456.789, "123456.789");
        check(5e-324, "5e-324");
        check(f64::MAX, "1.7976931348623157e+308");
    }
}
