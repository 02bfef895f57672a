//! `BINARY_OP`, the unary operations and `COMPARE_OP` on the builtin types: int (any size),
//! float, bool, str, list, tuple and dict, with CPython's results and texts.

use std::cmp::Ordering;

use subinterp_compile::{BinOp, CmpOp, Op};
use subinterp_object::{CompareOp, Kind, Obj, Py, PyErr, PyResult, exc};

use crate::Tstate;
use crate::int::{IntV, from_big, int_binop, int_value, unsupported};

impl<'py> Tstate<'py> {
    /// `lhs op rhs` (`lhs op= rhs` when `inplace`: lists extend and repeat in place).
    pub(crate) fn binary_op(
        &mut self,
        op: BinOp,
        inplace: bool,
        lhs: &Obj<'py>,
        rhs: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let py = self.py();
        if op == BinOp::MatrixMultiply && inplace {
            // No builtin type has `@`; the in-place form's text names `@=`.
            return match self.binary_op(op, false, lhs, rhs) {
                Err(e) if e.is(&exc::TYPE_ERROR) => {
                    Err(unsupported(op, lhs.type_name(), rhs.type_name(), true))
                }
                r => r,
            };
        }
        // Two ints in the 64-bit form (bools are `&`/`|`/`^`-ed as bools below); an int
        // subclass's instance goes to its dunders (an `IntFlag`'s `|`).
        if lhs.kind() == Kind::Int
            && rhs.kind() == Kind::Int
            && !lhs.has_heap_type()
            && !rhs.has_heap_type()
            && let (Some(x), Some(y)) = (lhs.as_i64(), rhs.as_i64())
            && let Some(r) = crate::int::small_int_binop(py, op, x, y)?
        {
            return Ok(r);
        }
        if lhs.has_heap_type() || rhs.has_heap_type() {
            return self.binary_dunder(op, inplace, lhs, rhs);
        }
        self.binary_native(op, inplace, lhs, rhs)
    }

    /// `lhs op rhs` with the builtin types' behaviour.
    pub(crate) fn binary_native(
        &mut self,
        op: BinOp,
        inplace: bool,
        lhs: &Obj<'py>,
        rhs: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let py = self.py();
        if let (Some(a), Some(b)) = (int_value(lhs), int_value(rhs)) {
            if lhs.kind() == Kind::Bool
                && rhs.kind() == Kind::Bool
                && matches!(op, BinOp::And | BinOp::Or | BinOp::Xor)
            {
                let (x, y) = (lhs.as_bool() == Some(true), rhs.as_bool() == Some(true));
                return Ok(py.bool(match op {
                    BinOp::And => x & y,
                    BinOp::Or => x | y,
                    _ => x ^ y,
                }));
            }
            return int_binop(py, op, a, b);
        }
        // Only a float operand makes this float arithmetic (converting a huge int operand of
        // `str % n` would overflow).
        if (lhs.kind() == Kind::Float || rhs.kind() == Kind::Float)
            && let (Some(a), Some(b)) = (float_operand(lhs)?, float_operand(rhs)?)
        {
            return float_binop(py, op, a, b, lhs, rhs, inplace);
        }
        if let Some(r) = self.set_binop(op, inplace, lhs, rhs)? {
            return Ok(r);
        }
        match (lhs.kind(), rhs.kind(), op) {
            (Kind::Str, Kind::Str, BinOp::Add) => {
                let mut s = String::from(lhs.as_str().unwrap_or_default());
                s.push_str(rhs.as_str().unwrap_or_default());
                py.str(&s)
            }
            (Kind::List, Kind::List, BinOp::Add) if !inplace => {
                let mut v = lhs.list_items().unwrap_or_default();
                v.extend(rhs.list_items().unwrap_or_default());
                py.list_from(v)
            }
            (Kind::List, _, BinOp::Add) if inplace => {
                for v in self.collect(rhs)? {
                    lhs.append(&v)?;
                }
                Ok(lhs.clone())
            }
            (Kind::Tuple, Kind::Tuple, BinOp::Add) => {
                let mut v = lhs.tuple_items().unwrap_or_default();
                v.extend(rhs.tuple_items().unwrap_or_default());
                py.tuple(&v)
            }
            (Kind::Dict, Kind::Dict, BinOp::Or) => {
                let d = if inplace {
                    lhs.clone()
                } else {
                    lhs.dict_copy()?
                };
                d.dict_update_with(rhs, self)?;
                Ok(d)
            }
            (Kind::Bytes, Kind::Bytes, BinOp::Add) => {
                let mut b = lhs.as_bytes().unwrap_or_default().to_vec();
                b.extend_from_slice(rhs.as_bytes().unwrap_or_default());
                py.bytes(&b)
            }
            (Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes, _, BinOp::Multiply) => {
                self.repeat(lhs, rhs, inplace)
            }
            // The right operand's sequence repeat, as CPython's fallback: an int count, or
            // `can't multiply sequence by non-int of type '...'`.
            (_, Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes, BinOp::Multiply) => {
                self.repeat(rhs, lhs, false)
            }
            (Kind::Str, _, BinOp::Remainder) => crate::percent::percent(self, lhs, rhs),
            // The sequence concatenation of CPython (`sq_concat`), tried after the number
            // slots of both operands: its own text. (An `__radd__` of the right operand's
            // class must win over it once classes exist.)
            (Kind::Str | Kind::List | Kind::Tuple, _, BinOp::Add) => {
                Err(PyErr::type_error(format!(
                    "can only concatenate {} (not \"{}\") to {}",
                    lhs.type_name(),
                    rhs.type_name(),
                    lhs.type_name()
                )))
            }
            _ => Err(unsupported(op, lhs.type_name(), rhs.type_name(), inplace)),
        }
    }

    /// `seq * n`.
    fn repeat(&mut self, seq: &Obj<'py>, n: &Obj<'py>, inplace: bool) -> PyResult<Obj<'py>> {
        let py = self.py();
        let n = &self.index_if_defined(n)?;
        let Some(count) = int_value(n) else {
            return Err(PyErr::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                n.type_name()
            )));
        };
        let count = match count {
            IntV::Small(i) => usize::try_from(i.max(0)).unwrap_or(usize::MAX),
            IntV::Big(b) if b.sign() == num_bigint::Sign::Minus => 0,
            IntV::Big(_) => {
                return Err(PyErr::new(
                    &exc::OVERFLOW_ERROR,
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
        };
        let len = match seq.kind() {
            Kind::Str => seq.as_str().unwrap_or_default().len(),
            _ => seq.len()?,
        };
        // What the result needs, reserved first: an impossible size is a `MemoryError`, as in
        // CPython, not an abort of the process.
        let total = len.checked_mul(count).ok_or_else(PyErr::no_memory)?;
        match seq.kind() {
            Kind::Str => {
                let text = seq.as_str().unwrap_or_default();
                let mut out = String::new();
                out.try_reserve_exact(total)
                    .map_err(|_| PyErr::no_memory())?;
                for _ in 0..count {
                    out.push_str(text);
                }
                py.str(&out)
            }
            Kind::Bytes => {
                let b = seq.as_bytes().unwrap_or_default();
                let mut out = Vec::new();
                out.try_reserve_exact(total)
                    .map_err(|_| PyErr::no_memory())?;
                for _ in 0..count {
                    out.extend_from_slice(b);
                }
                py.bytes(&out)
            }
            Kind::List => {
                let items = seq.list_items().unwrap_or_default();
                if inplace {
                    let mut extra = Vec::new();
                    extra
                        .try_reserve_exact(total.saturating_sub(len))
                        .map_err(|_| PyErr::no_memory())?;
                    extra.extend((1..count).flat_map(|_| items.iter().cloned()));
                    if count == 0 {
                        while seq.len()? > 0 {
                            seq.pop(-1)?;
                        }
                    }
                    for v in &extra {
                        seq.append(v)?;
                    }
                    Ok(seq.clone())
                } else {
                    let mut v = Vec::new();
                    v.try_reserve_exact(total).map_err(|_| PyErr::no_memory())?;
                    v.extend((0..count).flat_map(|_| items.iter().cloned()));
                    py.list_from(v)
                }
            }
            _ => {
                let items = seq.tuple_items().unwrap_or_default();
                let mut v = Vec::new();
                v.try_reserve_exact(total).map_err(|_| PyErr::no_memory())?;
                v.extend((0..count).flat_map(|_| items.iter().cloned()));
                py.tuple(&v)
            }
        }
    }
}

/// The value of an int or float operand as a double (`None` for other types).
fn float_operand(o: &Obj<'_>) -> PyResult<Option<f64>> {
    if let Some(f) = o.as_f64() {
        return Ok(Some(f));
    }
    int_value(o).map(|i| i.to_f64()).transpose()
}

fn float_binop<'py>(
    py: Py<'py>,
    op: BinOp,
    a: f64,
    b: f64,
    lhs: &Obj<'py>,
    rhs: &Obj<'py>,
    inplace: bool,
) -> PyResult<Obj<'py>> {
    let zero = |what: &str| PyErr::new(&exc::ZERO_DIVISION_ERROR, format!("float {what} by zero"));
    let r = match op {
        BinOp::Add => a + b,
        BinOp::Subtract => a - b,
        BinOp::Multiply => a * b,
        BinOp::TrueDivide => {
            if b == 0.0 {
                return Err(zero("division"));
            }
            a / b
        }
        BinOp::FloorDivide => {
            if b == 0.0 {
                return Err(zero("floor division"));
            }
            float_divmod(a, b).0
        }
        BinOp::Remainder => {
            if b == 0.0 {
                return Err(zero("modulo"));
            }
            float_divmod(a, b).1
        }
        BinOp::Power => {
            if a == 0.0 && b < 0.0 {
                return Err(PyErr::new(
                    &exc::ZERO_DIVISION_ERROR,
                    "0.0 cannot be raised to a negative power",
                ));
            }
            // A finite negative base to a finite fractional power is complex (infinities
            // and NaN follow C's `pow`, as CPython's special cases do).
            if a < 0.0 && a.is_finite() && b.is_finite() && b.fract() != 0.0 {
                return Err(PyErr::new(
                    &exc::SYSTEM_ERROR,
                    "complex numbers are not run yet",
                ));
            }
            let r = a.powf(b);
            if r.is_infinite() && a.is_finite() && b.is_finite() {
                return Err(PyErr::new(
                    &exc::OVERFLOW_ERROR,
                    "(34, 'Numerical result out of range')",
                ));
            }
            r
        }
        _ => return Err(unsupported(op, lhs.type_name(), rhs.type_name(), inplace)),
    };
    py.float(r)
}

/// CPython's `_float_div_mod`: floor quotient and remainder with the divisor's sign.
pub(crate) fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `-v`, `+v`, `~v`, through the class's `__neg__`, `__pos__`, `__invert__` for an
/// instance of a class made at run time.
pub(crate) fn unary_op<'py>(ts: &mut Tstate<'py>, op: Op, v: &Obj<'py>) -> PyResult<Obj<'py>> {
    if v.has_heap_type() {
        let slot = match op {
            Op::UnaryNegative => crate::slots::Slot::Neg,
            Op::UnaryPositive => crate::slots::Slot::Pos,
            _ => crate::slots::Slot::Invert,
        };
        if let Some(r) = ts.unary_dunder(slot, v)? {
            return Ok(r);
        }
    }
    unary(ts.py(), op, v)
}

/// `-v`, `+v`, `~v` on the builtin types.
pub(crate) fn unary<'py>(py: Py<'py>, op: Op, v: &Obj<'py>) -> PyResult<Obj<'py>> {
    if let Some(i) = int_value(v) {
        return match (op, i) {
            (Op::UnaryPositive, IntV::Small(x)) => py.int(x),
            (Op::UnaryPositive, IntV::Big(_)) => Ok(v.clone()),
            (Op::UnaryNegative, IntV::Small(x)) => match x.checked_neg() {
                Some(n) => py.int(n),
                None => from_big(py, -num_bigint::BigInt::from(x)),
            },
            (Op::UnaryNegative, IntV::Big(b)) => from_big(py, -b),
            (_, IntV::Small(x)) => py.int(!x),
            (_, IntV::Big(b)) => from_big(py, !b),
        };
    }
    if let Some(f) = v.as_f64() {
        match op {
            Op::UnaryNegative => return py.float(-f),
            Op::UnaryPositive => return py.float(f),
            _ => {}
        }
    }
    let sym = match op {
        Op::UnaryNegative => "-",
        Op::UnaryPositive => "+",
        _ => "~",
    };
    Err(PyErr::type_error(format!(
        "bad operand type for unary {sym}: '{}'",
        v.type_name()
    )))
}

/// `lhs op rhs` for a comparison, as a truth value (what native code that compares uses:
/// `sort`, `min`, `in`, `==` of containers).
pub(crate) fn compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    lhs: &Obj<'py>,
    rhs: &Obj<'py>,
) -> PyResult<bool> {
    if let (Some(a), Some(b)) = (int_value(lhs), int_value(rhs)) {
        let ord = match (&a, &b) {
            (IntV::Small(x), IntV::Small(y)) => x.cmp(y),
            _ => a.to_big().cmp(&b.to_big()),
        };
        return Ok(holds(op, ord));
    }
    if lhs.has_heap_type() || rhs.has_heap_type() {
        let r = ts.compare_dunder(op, lhs, rhs)?;
        return ts.truthy(&r);
    }
    compare_native(ts, op, lhs, rhs)
}

/// `lhs op rhs` as the comparison operator's result: what `__eq__` and the others return
/// for instances of classes made at run time, a bool else.
pub(crate) fn rich_compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    lhs: &Obj<'py>,
    rhs: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    if lhs.has_heap_type() || rhs.has_heap_type() {
        return ts.compare_dunder(op, lhs, rhs);
    }
    let r = compare(ts, op, lhs, rhs)?;
    Ok(ts.py().bool(r))
}

/// `lhs op rhs` with the builtin types' behaviour.
pub(crate) fn compare_native<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    lhs: &Obj<'py>,
    rhs: &Obj<'py>,
) -> PyResult<bool> {
    if let (Some(a), Some(b)) = (int_value(lhs), int_value(rhs)) {
        let ord = match (&a, &b) {
            (IntV::Small(x), IntV::Small(y)) => x.cmp(y),
            _ => a.to_big().cmp(&b.to_big()),
        };
        return Ok(holds(op, ord));
    }
    let big = |o: &Obj<'py>| matches!(int_value(o), Some(IntV::Big(_)));
    if big(lhs) || big(rhs) {
        // A big int against a float: exact when the float is integral.
        if let Some(ord) = big_float_cmp(lhs, rhs) {
            return Ok(ord.is_some_and(|o| holds(op, o)));
        }
        return match op {
            CmpOp::Eq => Ok(false),
            CmpOp::Ne => Ok(true),
            _ => Err(not_supported(op, lhs, rhs)),
        };
    }
    if let Some(r) = crate::sets::set_compare(ts, op, lhs, rhs)? {
        return Ok(r);
    }
    if let Some(r) = crate::iter::native_compare(ts, op, lhs, rhs)? {
        return Ok(r);
    }
    let cop = match op {
        CmpOp::Lt => CompareOp::Lt,
        CmpOp::Le => CompareOp::Le,
        CmpOp::Eq => CompareOp::Eq,
        CmpOp::Ne => CompareOp::Ne,
        CmpOp::Gt => CompareOp::Gt,
        CmpOp::Ge => CompareOp::Ge,
    };
    lhs.compare_with(rhs, cop, ts)
}

/// A big int against a float, exactly (`Some(None)` when the float is NaN; `None` when the
/// operands are not an int and a float).
fn big_float_cmp(lhs: &Obj<'_>, rhs: &Obj<'_>) -> Option<Option<Ordering>> {
    use num_traits::FromPrimitive;
    let (i, f, flip) = match (int_value(lhs), rhs.as_f64(), int_value(rhs), lhs.as_f64()) {
        (Some(i), Some(f), _, _) => (i, f, false),
        (_, _, Some(i), Some(f)) => (i, f, true),
        _ => return None,
    };
    let ord = if f.is_nan() {
        return Some(None);
    } else if f.is_infinite() {
        if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    } else {
        let floor = num_bigint::BigInt::from_f64(f.floor()).unwrap_or_default();
        match i.to_big().cmp(&floor) {
            Ordering::Equal if f.fract() != 0.0 => Ordering::Less,
            o => o,
        }
    };
    Some(Some(if flip { ord.reverse() } else { ord }))
}

pub(crate) fn holds(op: CmpOp, ord: Ordering) -> bool {
    match op {
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    }
}

/// `TypeError: '<' not supported between instances of 'int' and 'str'`.
pub(crate) fn not_supported(op: CmpOp, lhs: &Obj<'_>, rhs: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        lhs.type_name(),
        rhs.type_name()
    ))
}
