//! `int(x=0, /, base=10)`: CPython's `long_new`, with 64-bit ints (a value beyond them is
//! `OverflowError: Python int too large to convert to C long`, where CPython would make a big
//! int).

use subinterp_object::{
    Kind, Obj, Py, PyErr, PyResult, bytes_repr, checked, decimal_and_space_to_ascii, exc, str_repr,
    trim_py_space,
};

use super::args::Params;

/// CPython shows at most this many characters (or bytes) of a bad literal.
const MAX_SHOWN: usize = 200;

pub(super) fn int_new<'py>(
    py: Py<'py>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    const PARAMS: Params = Params {
        func: "int",
        names: &["x", "base"],
        posonly: 1,
    };
    let [x, base] = PARAMS.bind::<2>(args, kwargs)?;
    let Some(x) = x else {
        return match base {
            Some(_) => Err(PyErr::type_error("int() missing string argument")),
            None => py.int(0),
        };
    };
    let Some(base) = base else {
        return number_to_int(py, x);
    };
    let base = base.as_i64().ok_or_else(|| {
        PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            base.type_name()
        ))
    })?;
    let base = match u32::try_from(base) {
        Ok(b @ (0 | 2..=36)) => b,
        _ => {
            return Err(PyErr::value_error(
                "int() base must be >= 2 and <= 36, or 0",
            ));
        }
    };
    match x.kind() {
        Kind::Str => from_text(py, x.as_str().unwrap_or_default(), base),
        Kind::Bytes => from_bytes(py, x.as_bytes().unwrap_or_default(), base),
        _ => Err(PyErr::type_error(
            "int() can't convert non-string with explicit base",
        )),
    }
}

/// `int(x)` without a base (`PyNumber_Long`).
fn number_to_int<'py>(py: Py<'py>, x: &Obj<'py>) -> PyResult<Obj<'py>> {
    match x.kind() {
        Kind::Int => Ok(x.clone()),
        Kind::Bool => py.int(x.as_i64().unwrap_or_default()),
        Kind::Float => py.int(float_to_i64(x.as_f64().unwrap_or_default())?),
        Kind::Str => from_text(py, x.as_str().unwrap_or_default(), 10),
        Kind::Bytes => from_bytes(py, x.as_bytes().unwrap_or_default(), 10),
        _ => Err(PyErr::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            x.type_name()
        ))),
    }
}

/// Truncation toward zero, as `float.__int__`.
fn float_to_i64(v: f64) -> PyResult<i64> {
    if v.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if v.is_infinite() {
        return Err(PyErr::new(
            &exc::OVERFLOW_ERROR,
            "cannot convert float infinity to integer",
        ));
    }
    let t = v.trunc();
    // -2**63 is exact in f64; 2**63 is the first value past the top.
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&t) {
        Ok(t as i64)
    } else {
        checked(None)
    }
}

/// `int(s, base)` for a str: Unicode decimal digits of any script count as their ASCII digit
/// and Unicode white space may surround the number (CPython's `PyLong_FromUnicodeObject`).
fn from_text<'py>(py: Py<'py>, s: &str, base: u32) -> PyResult<Obj<'py>> {
    let ascii = decimal_and_space_to_ascii(s);
    match parse(trim_py_space(&ascii), base) {
        Parsed::Value(v) => py.int(v),
        Parsed::Overflow => checked(None).and_then(|v| py.int(v)),
        Parsed::Invalid => {
            let shown: String = s.chars().take(MAX_SHOWN).collect();
            Err(invalid(base, &str_repr(&shown)))
        }
    }
}

fn from_bytes<'py>(py: Py<'py>, b: &[u8], base: u32) -> PyResult<Obj<'py>> {
    match parse(trim_py_space(b), base) {
        Parsed::Value(v) => py.int(v),
        Parsed::Overflow => checked(None).and_then(|v| py.int(v)),
        Parsed::Invalid => Err(invalid(base, &bytes_repr(&b[..b.len().min(MAX_SHOWN)]))),
    }
}

fn invalid(base: u32, shown: &str) -> PyErr {
    PyErr::value_error(format!(
        "invalid literal for int() with base {base}: {shown}"
    ))
}

#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    Value(i64),
    /// Well-formed, but outside `i64`.
    Overflow,
    Invalid,
}

/// CPython's `PyLong_FromString` grammar on stripped text: an optional sign; for base 0 a
/// `0x`/`0o`/`0b` prefix picks the base (else decimal, where a leading zero allows only
/// zeros); for base 16, 8 or 2 the matching prefix is optional; digits with single
/// underscores between them (and one allowed right after a prefix).
fn parse(t: &[u8], mut base: u32) -> Parsed {
    let (neg, mut rest) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let prefix = match rest {
        [b'0', p, ..] => match p.to_ascii_lowercase() {
            b'x' => Some(16),
            b'o' => Some(8),
            b'b' => Some(2),
            _ => None,
        },
        _ => None,
    };
    let mut after_prefix = false;
    match (base, prefix) {
        (0, Some(p)) => {
            base = p;
            rest = &rest[2..];
            after_prefix = true;
        }
        (0, None) => {
            base = 10;
            // "010" is an error in base 0, "000" and "0_0" are zero.
            if rest.first() == Some(&b'0') && rest.iter().any(|&c| c != b'0' && c != b'_') {
                return Parsed::Invalid;
            }
        }
        (b, Some(p)) if b == p => {
            rest = &rest[2..];
            after_prefix = true;
        }
        _ => {}
    }
    if after_prefix && rest.first() == Some(&b'_') {
        rest = &rest[1..];
    }
    if rest.is_empty() || rest[0] == b'_' || rest[rest.len() - 1] == b'_' {
        return Parsed::Invalid;
    }
    let mut v: u128 = 0;
    let mut overflow = false;
    let mut prev_underscore = false;
    for &c in rest {
        if c == b'_' {
            if prev_underscore {
                return Parsed::Invalid;
            }
            prev_underscore = true;
            continue;
        }
        prev_underscore = false;
        let Some(d) = (c as char).to_digit(base) else {
            return Parsed::Invalid;
        };
        if !overflow {
            v = v * u128::from(base) + u128::from(d);
            overflow = v > 1 << 63;
        }
    }
    if overflow {
        return Parsed::Overflow;
    }
    let signed = if neg { -(v as i128) } else { v as i128 };
    match i64::try_from(signed) {
        Ok(v) => Parsed::Value(v),
        Err(_) => Parsed::Overflow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, base: u32, expect: Parsed) {
        assert_eq!(parse(text.as_bytes(), base), expect, "{text:?} base {base}");
    }

    #[test]
    fn grammar_matches_cpython() {
        use Parsed::*;
        check("0", 10, Value(0));
        check("-12", 10, Value(-12));
        check("+1_000", 10, Value(1000));
        check("1__0", 10, Invalid);
        check("_1", 10, Invalid);
        check("1_", 10, Invalid);
        check("", 10, Invalid);
        check("-", 10, Invalid);
        check("010", 10, Value(10));
        check("010", 0, Invalid);
        check("000", 0, Value(0));
        check("0_0", 0, Value(0));
        check("0x_1f", 0, Value(31));
        check("0X1F", 16, Value(31));
        check("1f", 16, Value(31));
        check("0x", 16, Invalid);
        check("0x_", 0, Invalid);
        check("0b101", 0, Value(5));
        check("0b101", 16, Value(0xb101));
        check("0o17", 8, Value(15));
        check("0o17", 10, Invalid);
        check("zz", 36, Value(35 * 36 + 35));
        check("9", 8, Invalid);
        check("9223372036854775807", 10, Value(i64::MAX));
        check("-9223372036854775808", 10, Value(i64::MIN));
        check("9223372036854775808", 10, Overflow);
        check("99999999999999999999999999999999999999999999", 10, Overflow);
        check("9999999999999999999999999999999999999999999x", 10, Invalid);
    }

    #[test]
    fn float_truncates_toward_zero() {
        assert_eq!(float_to_i64(-2.9).unwrap(), -2);
        assert_eq!(float_to_i64(2.9).unwrap(), 2);
        assert_eq!(float_to_i64(-(2f64.powi(63))).unwrap(), i64::MIN);
        assert!(float_to_i64(2f64.powi(63)).is_err());
        assert_eq!(
            float_to_i64(f64::NAN).unwrap_err().to_string(),
            "ValueError: cannot convert float NaN to integer"
        );
        assert_eq!(
            float_to_i64(f64::NEG_INFINITY).unwrap_err().to_string(),
            "OverflowError: cannot convert float infinity to integer"
        );
    }
}
