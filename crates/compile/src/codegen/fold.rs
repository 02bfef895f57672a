//! Constant folding of operators on constants, as CPython's AST optimizer (`ast_opt.c`) does
//! it, with its size limits so a fold never builds something huge: ints up to 128 bits,
//! strings and bytes up to 4,096 items. Anything else (a division by zero, a float from a
//! huge int, a negative power) is left to run time, where it raises as it should.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use ruff_python_ast::Operator;

use crate::code::Constant;

const MAX_INT_BITS: u64 = 128;
const MAX_LEN: usize = 4096;

/// `left op right` folded, if CPython folds it.
pub(super) fn binary(op: Operator, left: &Constant, right: &Constant) -> Option<Constant> {
    use Constant as C;
    match (left, right) {
        (C::Int(_), C::Int(_)) if op == Operator::Div => {
            float_op(op, float(left)?, float(right)?).map(C::Float)
        }
        (C::Int(_) | C::BigInt(_), C::Int(_) | C::BigInt(_)) => {
            int_op(op, &int(left)?, &int(right)?)
        }
        (C::Float(_) | C::Int(_), C::Float(_) | C::Int(_)) => {
            float_op(op, float(left)?, float(right)?).map(C::Float)
        }
        (C::Str(a), C::Str(b)) if op == Operator::Add && a.len() + b.len() <= MAX_LEN => {
            Some(C::Str(format!("{a}{b}").into()))
        }
        (C::Bytes(a), C::Bytes(b)) if op == Operator::Add && a.len() + b.len() <= MAX_LEN => {
            Some(C::Bytes([&a[..], &b[..]].concat().into()))
        }
        (C::Str(s), C::Int(n)) if op == Operator::Mult => {
            let n = usize::try_from(*n).unwrap_or(0);
            (s.chars().count().saturating_mul(n) <= MAX_LEN).then(|| C::Str(s.repeat(n).into()))
        }
        (C::Bytes(b), C::Int(n)) if op == Operator::Mult => {
            let n = usize::try_from(*n).unwrap_or(0);
            (b.len().saturating_mul(n) <= MAX_LEN).then(|| C::Bytes(b.repeat(n).into()))
        }
        _ => None,
    }
}

/// `~v`, `+v` on numbers (`-v` is folded with the literal).
pub(super) fn invert(v: &Constant) -> Option<Constant> {
    match v {
        Constant::Int(_) | Constant::BigInt(_) => Some(from_big(-(int(v)?) - 1)),
        _ => None,
    }
}

fn int(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::Int(i) => Some(BigInt::from(*i)),
        Constant::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

fn float(c: &Constant) -> Option<f64> {
    match c {
        Constant::Float(f) => Some(*f),
        // Exact: only ints a double represents exactly are folded into float arithmetic.
        Constant::Int(i) if i.unsigned_abs() <= 1 << 53 => Some(*i as f64),
        _ => None,
    }
}

fn from_big(v: BigInt) -> Constant {
    match v.to_i64() {
        Some(i) => Constant::Int(i),
        None => Constant::BigInt(Box::new(v)),
    }
}

fn small(v: BigInt) -> Option<Constant> {
    (v.bits() <= MAX_INT_BITS).then(|| from_big(v))
}

fn int_op(op: Operator, a: &BigInt, b: &BigInt) -> Option<Constant> {
    match op {
        Operator::Add => small(a + b),
        Operator::Sub => small(a - b),
        Operator::Mult => (a.bits() + b.bits() <= MAX_INT_BITS).then(|| from_big(a * b)),
        Operator::FloorDiv | Operator::Mod => {
            if b.is_zero() {
                return None;
            }
            let (mut q, mut r) = (a / b, a % b);
            if !r.is_zero() && (r.is_negative() != b.is_negative()) {
                q -= 1;
                r += b;
            }
            small(if op == Operator::FloorDiv { q } else { r })
        }
        Operator::Pow => {
            let e = u32::try_from(b.to_u64()?).ok()?;
            (a.bits().saturating_mul(u64::from(e)) <= MAX_INT_BITS).then(|| from_big(a.pow(e)))
        }
        Operator::LShift => {
            let s = b.to_u64()?;
            (a.bits().saturating_add(s) <= MAX_INT_BITS).then(|| from_big(a << s))
        }
        Operator::RShift => Some(from_big(a >> b.to_u64()?)),
        Operator::BitAnd => Some(from_big(a & b)),
        Operator::BitOr => Some(from_big(a | b)),
        Operator::BitXor => Some(from_big(a ^ b)),
        Operator::Div | Operator::MatMult => None,
    }
}

fn float_op(op: Operator, a: f64, b: f64) -> Option<f64> {
    let r = match op {
        Operator::Add => a + b,
        Operator::Sub => a - b,
        Operator::Mult => a * b,
        Operator::Div if b != 0.0 => a / b,
        _ => return None,
    };
    // An overflow to infinity is CPython's `OverflowError` only for some operations; leave
    // non-finite results to run time.
    r.is_finite().then_some(r)
}
