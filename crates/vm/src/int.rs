//! Integers of any size: the object crate's 64-bit `int` is the fast path; a result beyond
//! it becomes a big int (a native class holding a `num_bigint::BigInt`, always outside the
//! `i64` range, so each value has one representation).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use subinterp_compile::BinOp;
use subinterp_object::{Obj, Py, PyErr, PyResult, Slots, StaticType, exc};

/// The value of a big int object.
pub struct Big(pub BigInt);

/// `int` values beyond 64 bits.
pub static BIG_INT: StaticType = StaticType::native("int", "builtins", &BIG_SLOTS);
static BIG_SLOTS: Slots = Slots {
    methods: &[],
    getattr: None,
    repr: Some(|o| {
        Ok(o.native::<Big>()
            .map_or_else(String::new, |b| b.0.to_string()))
    }),
};

/// An integer operand: small (an `int` or `bool` object) or big.
#[derive(Clone, Copy)]
pub(crate) enum IntV<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntV<'_> {
    pub(crate) fn to_big(self) -> BigInt {
        match self {
            IntV::Small(i) => BigInt::from(i),
            IntV::Big(b) => b.clone(),
        }
    }

    pub(crate) fn is_negative(self) -> bool {
        match self {
            IntV::Small(i) => i < 0,
            IntV::Big(b) => b.is_negative(),
        }
    }

    pub(crate) fn is_zero(self) -> bool {
        matches!(self, IntV::Small(0))
    }

    /// The value as a float (`OverflowError` when it does not fit).
    pub(crate) fn to_f64(self) -> PyResult<f64> {
        match self {
            IntV::Small(i) => Ok(i as f64),
            IntV::Big(b) => b.to_f64().filter(|f| f.is_finite()).ok_or_else(|| {
                PyErr::new(&exc::OVERFLOW_ERROR, "int too large to convert to float")
            }),
        }
    }
}

/// The integer value of `o`, if it is an `int` (or `bool`).
#[inline]
pub(crate) fn int_value<'a>(o: &'a Obj<'_>) -> Option<IntV<'a>> {
    if let Some(i) = o.as_i64() {
        return Some(IntV::Small(i));
    }
    o.native::<Big>().map(|b| IntV::Big(&b.0))
}

/// `TypeError: 'str' object cannot be interpreted as an integer`.
pub(crate) fn not_an_integer(o: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        o.type_name()
    ))
}

/// An `int` object for `v`: the 64-bit kind when it fits.
pub(crate) fn from_big<'py>(py: Py<'py>, v: BigInt) -> PyResult<Obj<'py>> {
    match v.to_i64() {
        Some(i) => py.int(i),
        None => py.new_native(&BIG_INT, Big(v)),
    }
}

/// `a op b` for integers, with CPython's floor-division and modulo signs and texts.
pub(crate) fn int_binop<'py>(
    py: Py<'py>,
    op: BinOp,
    a: IntV<'_>,
    b: IntV<'_>,
) -> PyResult<Obj<'py>> {
    if let (IntV::Small(x), IntV::Small(y)) = (a, b)
        && let Some(r) = small_binop(op, x, y)?
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
            Some(Small::Float(true_div(x, y)))
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

/// `x / y` correctly rounded when both are exact in a double, as CPython.
fn true_div(x: i64, y: i64) -> f64 {
    const EXACT: i64 = 1 << 53;
    if (-EXACT..=EXACT).contains(&x) && (-EXACT..=EXACT).contains(&y) {
        x as f64 / y as f64
    } else {
        let (b, c) = (BigInt::from(x), BigInt::from(y));
        big_true_div(&b, &c)
    }
}

fn big_true_div(a: &BigInt, b: &BigInt) -> f64 {
    match (a.to_f64(), b.to_f64()) {
        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => x / y,
        _ => {
            // Scale both down to keep the quotient's leading digits.
            let shift = a.bits().max(b.bits()).saturating_sub(1000);
            let (x, y) = (a >> shift, b >> shift);
            x.to_f64().unwrap_or(f64::NAN) / y.to_f64().unwrap_or(f64::NAN)
        }
    }
}

fn big_binop<'py>(py: Py<'py>, op: BinOp, a: IntV<'_>, b: IntV<'_>) -> PyResult<Obj<'py>> {
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
            return py.float(big_true_div(&x, &y));
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
pub(crate) fn pow_mod<'py>(
    py: Py<'py>,
    a: IntV<'_>,
    b: IntV<'_>,
    m: IntV<'_>,
) -> PyResult<Obj<'py>> {
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
    let s = text.trim();
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
    let v = BigInt::parse_bytes(clean.as_bytes(), radix).ok_or_else(bad)?;
    from_big(py, if neg { -v } else { v })
}
