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

/// `repr(x)` as CPython prints it (`float_repr_style == 'short'`): the shortest digits that
/// round-trip, a tie between two shortest candidates going to the even digit as David Gay's
/// `dtoa` does (which is what the `ryu` crate computes: std's `{:e}` rounds ties up and gave
/// `...366.3` for `2134828773255366.25`, CPython `...366.2`); then CPython's layout: fixed
/// notation when the decimal point position is in (-4, 16], else exponent notation with a
/// signed, at least two-digit exponent; `.0` is added to integral values; `inf`, `nan`,
/// `-0.0`.
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
    let mut buf = ryu::Buffer::new();
    let (digits, decpt) = shortest_digits(buf.format_finite(x.abs()));
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

/// The significant digits of a positive decimal numeral (`ryu`'s `12.5`, `0.001`, `1e16`,
/// `1.5e-7`, ...) without leading or trailing zeros, and the position of the decimal point
/// relative to them (`dtoa`'s `decpt`: the value is `0.DIGITS * 10**decpt`).
fn shortest_digits(text: &str) -> (String, i32) {
    let (mant, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let mut decpt = int.len() as i32 + exp;
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    decpt -= lead as i32;
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    if digits.is_empty() {
        return ("0".to_owned(), 1);
    }
    (digits.to_owned(), decpt)
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
        // Ties between two shortest candidates go to the even digit (the example).
        // 2134828773255366.25 and 2134828773255366.75, exactly (each needs 17 digits).
        check(f64::from_bits(0x431e_5676_3abe_a319), "2134828773255366.2");
        check(f64::from_bits(0x431e_5676_3abe_a31b), "2134828773255366.8");
    }

    /// Every double of `tests/data/float_repr.txt` (CPython 3.13's `repr` of 9,276 doubles:
    /// powers of ten and their neighbours, 2,000 halfway cases, random bit patterns, short
    /// decimals and their neighbours, subnormals, the extremes) prints as CPython prints it.
    #[test]
    fn repr_matches_cpython_on_a_large_sample() {
        let data = include_str!("../tests/data/float_repr.txt");
        let mut checked = 0;
        let mut wrong = Vec::new();
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let (bits, expect) = line.split_once(' ').expect("bits and repr");
            let x = f64::from_bits(u64::from_str_radix(bits, 16).expect("hex bits"));
            let got = float_repr(x);
            if got != expect {
                wrong.push(format!("{bits}: {got} (CPython: {expect})"));
            }
            checked += 1;
        }
        assert!(checked > 9_000, "{checked} lines");
        assert!(
            wrong.is_empty(),
            "{} differ: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(10)]
        );
    }
}
