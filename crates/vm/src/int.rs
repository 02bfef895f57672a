//! Integer arithmetic: the object crate's `int` has a 64-bit fast path and a big form; the
//! operations here try the fast path first and compute with `num_bigint::BigInt` when an
//! operand is big or the result overflows (normalised back to the 64-bit form when it fits).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use subinterp_compile::BinOp;
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};

/// An integer operand: small (an `int` or `bool` in the 64-bit form) or big.
#[derive(Clone)]
pub(crate) enum IntV {
    Small(i64),
    Big(BigInt),
}

impl IntV {
    pub(crate) fn to_big(&self) -> BigInt {
        match self {
            IntV::Small(i) => BigInt::from(*i),
            IntV::Big(b) => b.clone(),
        }
    }

    pub(crate) fn is_negative(&self) -> bool {
        match self {
            IntV::Small(i) => *i < 0,
            IntV::Big(b) => b.is_negative(),
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        matches!(self, IntV::Small(0))
    }

    /// The value as a float (`OverflowError` when it does not fit).
    pub(crate) fn to_f64(&self) -> PyResult<f64> {
        match self {
            IntV::Small(i) => Ok(*i as f64),
            IntV::Big(b) => b.to_f64().filter(|f| f.is_finite()).ok_or_else(|| {
                PyErr::new(&exc::OVERFLOW_ERROR, "int too large to convert to float")
            }),
        }
    }
}

/// The integer value of `o`, if it is an `int` (or `bool`).
#[inline]
pub(crate) fn int_value(o: &Obj<'_>) -> Option<IntV> {
    if let Some(i) = o.as_i64() {
        return Some(IntV::Small(i));
    }
    o.as_bigint().map(IntV::Big)
}

/// `TypeError: 'str' object cannot be interpreted as an integer`.
pub(crate) fn not_an_integer(o: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        o.type_name()
    ))
}

/// An `int` object for `v`: the 64-bit form when it fits.
pub(crate) fn from_big<'py>(py: Py<'py>, v: BigInt) -> PyResult<Obj<'py>> {
    py.int_big(&v)
}

/// `a op b` for integers, with CPython's floor-division and modulo signs and texts.
pub(crate) fn int_binop<'py>(py: Py<'py>, op: BinOp, a: IntV, b: IntV) -> PyResult<Obj<'py>> {
    if let (IntV::Small(x), IntV::Small(y)) = (&a, &b)
        && let Some(r) = small_binop(op, *x, *y)?
    {
        return r.into_obj(py);
    }
    big_binop(py, op, a, b)
}

enum Small {
    Int(i64),
    Float(f64),
}

impl Small {
    fn into_obj<'py>(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        match self {
            Small::Int(i) => py.int(i),
            Small::Float(f) => py.float(f),
        }
    }
}

fn zero_div(op: BinOp) -> PyErr {
    PyErr::new(
        &exc::ZERO_DIVISION_ERROR,
        match op {
            BinOp::Remainder => "integer modulo by zero",
            BinOp::TrueDivide => "division by zero",
            _ => "integer division or modulo by zero",
        },
    )
}

/// `x op y` for two 64-bit ints, when the result needs no big int (the loop's fast path:
/// no `IntV` is built).
#[inline]
pub(crate) fn small_int_binop<'py>(
    py: Py<'py>,
    op: BinOp,
    x: i64,
    y: i64,
) -> PyResult<Option<Obj<'py>>> {
    match small_binop(op, x, y)? {
        Some(r) => r.into_obj(py).map(Some),
        None => Ok(None),
    }
}

/// The 64-bit fast path: `None` when the result needs a big int.
fn small_binop(op: BinOp, x: i64, y: i64) -> PyResult<Option<Small>> {
    Ok(match op {
        BinOp::Add => x.checked_add(y).map(Small::Int),
        BinOp::Subtract => x.checked_sub(y).map(Small::Int),
        BinOp::Multiply => x.checked_mul(y).map(Small::Int),
        BinOp::FloorDivide | BinOp::Remainder => {
            if y == 0 {
                return Err(zero_div(op));
            }
            if x == i64::MIN && y == -1 {
                return Ok(None);
            }
            let (q, r) = (x.div_euclid(y), x.rem_euclid(y));
            // Euclid's remainder is non-negative; Python's takes the divisor's sign.
            let (q, r) = if r != 0 && y < 0 {
                (q - 1, r + y)
            } else {
                (q, r)
            };
            Some(Small::Int(if op == BinOp::FloorDivide { q } else { r }))
        }
        BinOp::TrueDivide => {
            if y == 0 {
                return Err(zero_div(op));
            }
            Some(Small::Float(true_div(x, y)?))
        }
        BinOp::Power => {
            if y < 0 {
                if x == 0 {
                    return Err(PyErr::new(
                        &exc::ZERO_DIVISION_ERROR,
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                return Ok(Some(Small::Float((x as f64).powf(y as f64))));
            }
            u32::try_from(y)
                .ok()
                .and_then(|e| x.checked_pow(e))
                .map(Small::Int)
        }
        BinOp::Lshift => {
            if y < 0 {
                return Err(PyErr::value_error("negative shift count"));
            }
            if x == 0 {
                Some(Small::Int(0))
            } else if y < 63 && (x << y) >> y == x {
                Some(Small::Int(x << y))
            } else {
                None
            }
        }
        BinOp::Rshift => {
            if y < 0 {
                return Err(PyErr::value_error("negative shift count"));
            }
            Some(Small::Int(x >> y.min(63)))
        }
        BinOp::And => Some(Small::Int(x & y)),
        BinOp::Or => Some(Small::Int(x | y)),
        BinOp::Xor => Some(Small::Int(x ^ y)),
        BinOp::MatrixMultiply => return Err(unsupported(op, "int", "int", false)),
    })
}

/// `x / y` for 64-bit ints, correctly rounded as CPython's.
fn true_div(x: i64, y: i64) -> PyResult<f64> {
    const EXACT: i64 = 1 << 53;
    if (-EXACT..=EXACT).contains(&x) && (-EXACT..=EXACT).contains(&y) {
        Ok(x as f64 / y as f64)
    } else {
        big_true_div(&BigInt::from(x), &BigInt::from(y))
    }
}

/// `a / b` (`b` non-zero) correctly rounded to a double (round half to even), as CPython's
/// `long_true_divide`: the quotient is computed to 55+ bits with a sticky remainder, so one
/// rounding happens, at the precision the result's exponent allows (subnormals included).
pub(crate) fn big_true_div(a: &BigInt, b: &BigInt) -> PyResult<f64> {
    let neg = a.is_negative() != b.is_negative();
    let (a, b) = (a.magnitude(), b.magnitude());
    if a.is_zero() {
        return Ok(if neg { -0.0 } else { 0.0 });
    }
    // Scale so the integer quotient has 55 or 56 bits.
    let shift = b.bits() as i64 - a.bits() as i64 + 55;
    let (n, d) = if shift >= 0 {
        (a << shift as u64, b.clone())
    } else {
        (a.clone(), b << shift.unsigned_abs())
    };
    let (q, r) = n.div_rem(&d);
    let qbits = q.bits() as i64;
    // The result lies in [2**e, 2**(e+1)).
    let e = qbits - 1 - shift;
    if e >= 1024 {
        return Err(too_large_quotient());
    }
    if e < -1075 {
        // Below half the smallest subnormal: rounds to zero.
        return Ok(if neg { -0.0 } else { 0.0 });
    }
    // Bits the result's precision keeps: 53, fewer below the normal range.
    let keep = if e >= -1022 {
        53
    } else {
        (53 - (-1022 - e)).max(0)
    };
    let cut = (qbits - keep) as u64;
    let mut m = (&q >> cut).to_u64().unwrap_or(0);
    let low = &q - (num_bigint::BigUint::from(m) << cut);
    let half = num_bigint::BigUint::from(1u8) << (cut - 1);
    if low > half || (low == half && (!r.is_zero() || m & 1 == 1)) {
        m += 1;
    }
    let v = ldexp(m as f64, cut as i64 - shift);
    if v.is_infinite() {
        return Err(too_large_quotient());
    }
    Ok(if neg { -v } else { v })
}

fn too_large_quotient() -> PyErr {
    PyErr::new(
        &exc::OVERFLOW_ERROR,
        "integer division result too large for a float",
    )
}

/// `x * 2**exp`, exact whenever the result is representable (the steps stay in range, and
/// only the last one can land below the normal range).
fn ldexp(mut x: f64, mut exp: i64) -> f64 {
    while exp > 1000 {
        x *= 2f64.powi(1000);
        exp -= 1000;
    }
    while exp < -1000 {
        x *= 2f64.powi(-1000);
        exp += 1000;
    }
    x * 2f64.powi(exp as i32)
}

fn big_binop<'py>(py: Py<'py>, op: BinOp, a: IntV, b: IntV) -> PyResult<Obj<'py>> {
    let (x, y) = (a.to_big(), b.to_big());
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Subtract => x - y,
        BinOp::Multiply => x * y,
        BinOp::FloorDivide | BinOp::Remainder => {
            if y.is_zero() {
                return Err(zero_div(op));
            }
            if op == BinOp::FloorDivide {
                x.div_floor(&y)
            } else {
                x.mod_floor(&y)
            }
        }
        BinOp::TrueDivide => {
            if y.is_zero() {
                return Err(zero_div(op));
            }
            return py.float(big_true_div(&x, &y)?);
        }
        BinOp::Power => {
            if y.is_negative() {
                if x.is_zero() {
                    return Err(PyErr::new(
                        &exc::ZERO_DIVISION_ERROR,
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                return py.float(a.to_f64()?.powf(b.to_f64()?));
            }
            let e = y
                .to_u32()
                .ok_or_else(|| PyErr::new(&exc::OVERFLOW_ERROR, "exponent too large"))?;
            num_traits::Pow::pow(x, e)
        }
        BinOp::Lshift | BinOp::Rshift => {
            if y.is_negative() {
                return Err(PyErr::value_error("negative shift count"));
            }
            let n = y.to_usize();
            if op == BinOp::Lshift {
                let n = n.ok_or_else(|| {
                    PyErr::new(&exc::OVERFLOW_ERROR, "too many digits in integer")
                })?;
                x << n
            } else {
                match n {
                    Some(n) => x >> n,
                    None if x.is_negative() => BigInt::from(-1),
                    None => BigInt::zero(),
                }
            }
        }
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        BinOp::MatrixMultiply => return Err(unsupported(op, "int", "int", false)),
    };
    from_big(py, r)
}

/// `pow(a, b, m)` for integers.
pub(crate) fn pow_mod<'py>(py: Py<'py>, a: IntV, b: IntV, m: IntV) -> PyResult<Obj<'py>> {
    if m.is_zero() {
        return Err(PyErr::value_error("pow() 3rd argument cannot be 0"));
    }
    let (a, b, m) = (a.to_big(), b.to_big(), m.to_big());
    let base = if b.is_negative() {
        mod_inverse(&a, &m)
            .ok_or_else(|| PyErr::value_error("base is not invertible for the given modulus"))?
    } else {
        a
    };
    let r = base.modpow(&b.abs(), &m.abs());
    // `modpow` takes the sign of the base for a positive modulus; Python's result has the
    // modulus's sign.
    from_big(py, r.mod_floor(&m))
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let g = a.extended_gcd(m);
    (g.gcd == BigInt::from(1) || g.gcd == BigInt::from(-1)).then(|| (g.x * &g.gcd).mod_floor(m))
}

/// `TypeError: unsupported operand type(s) for +: 'int' and 'str'`.
pub(crate) fn unsupported(op: BinOp, a: &str, b: &str, inplace: bool) -> PyErr {
    if op == BinOp::Power && !inplace {
        return PyErr::type_error(format!(
            "unsupported operand type(s) for ** or pow(): '{a}' and '{b}'"
        ));
    }
    PyErr::type_error(format!(
        "unsupported operand type(s) for {}{}: '{a}' and '{b}'",
        op.symbol(),
        if inplace { "=" } else { "" }
    ))
}

/// `int(text, base)`: CPython's literal rules (underscores between digits, a sign,
/// surrounding whitespace, `0x`/`0o`/`0b` prefixes with base 0 or the matching base).
pub(crate) fn parse<'py>(py: Py<'py>, text: &str, base: u32) -> PyResult<Obj<'py>> {
    let bad = || {
        PyErr::value_error(format!(
            "invalid literal for int() with base {base}: {}",
            subinterp_object::str_repr(text)
        ))
    };
    // Decimal digits of any script and Unicode white space count, as in CPython.
    let ascii = subinterp_object::decimal_and_space_to_ascii(text);
    let s = std::str::from_utf8(subinterp_object::trim_py_space(&ascii)).map_err(|_| bad())?;
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = s.to_ascii_lowercase();
    let (radix, digits) = match (base, lower.get(..2)) {
        // After a prefix, one underscore may come first (`0x_ff`).
        (0 | 16, Some("0x")) => (16, s[2..].strip_prefix('_').unwrap_or(&s[2..])),
        (0 | 8, Some("0o")) => (8, s[2..].strip_prefix('_').unwrap_or(&s[2..])),
        (0 | 2, Some("0b")) => (2, s[2..].strip_prefix('_').unwrap_or(&s[2..])),
        (0, _) => {
            if s.len() > 1 && s.starts_with('0') && s.bytes().any(|b| b != b'0' && b != b'_') {
                return Err(bad());
            }
            (10, s)
        }
        (b, _) => (b, s),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(bad());
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let limit = py.int_max_str_digits();
    if !radix.is_power_of_two() && limit != 0 && clean.len() > limit {
        // Only well-formed text reaches the limit: bad digits are a bad literal first.
        if clean.bytes().all(|c| char::from(c).is_digit(radix)) {
            return Err(PyErr::value_error(format!(
                "Exceeds the limit ({} digits) for integer string conversion: value has {} \
                 digits; use sys.set_int_max_str_digits() to increase the limit",
                limit,
                clean.len()
            )));
        }
    }
    let v = BigInt::parse_bytes(clean.as_bytes(), radix).ok_or_else(bad)?;
    from_big(py, if neg { -v } else { v })
}
