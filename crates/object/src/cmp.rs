//! Comparisons with CPython's results: `==` across int, float and bool (`1 == 1.0 == True`),
//! exact int/float ordering, sequences compared item by item (identity first, as CPython's
//! containers do, so `[nan] == [nan]` for the same NaN object), dicts by keys and values.

use num_bigint::BigInt;
use num_traits::FromPrimitive;

use crate::header::Raw;
use crate::recursion::{While, enter};
use crate::types::{Kind, kind_of};
use crate::upcall::{NoUpcall, Upcall, is_heap_instance};
use crate::{Obj, Py, PyErr, PyResult};

/// A rich comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

enum Num {
    I(i64),
    B(BigInt),
    F(f64),
}

fn num(p: Raw) -> Option<Num> {
    match kind_of(p) {
        // SAFETY: kind checked.
        Kind::Int | Kind::Bool => Some(match unsafe { crate::int::int_value(p) } {
            Some(i) => Num::I(i),
            // SAFETY: kind checked.
            None => Num::B(unsafe { crate::bigint::big_value(p) }),
        }),
        // SAFETY: kind checked.
        Kind::Float => Some(Num::F(unsafe { *crate::header::payload::<f64>(p) })),
        _ => None,
    }
}

const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// Exact ordering of an int and a float (`None` when the float is NaN).
fn cmp_int_float(i: i64, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    if f.is_nan() {
        return None;
    }
    if f >= TWO_63 {
        return Some(Less);
    }
    if f < -TWO_63 {
        return Some(Greater);
    }
    let t = f.trunc() as i64; // exact: |f| < 2**63
    Some(
        i.cmp(&t)
            .then_with(|| 0.0f64.partial_cmp(&f.fract()).unwrap_or(Equal)),
    )
}

/// Exact ordering of a big int and a float (`None` when the float is NaN).
fn cmp_big_float(i: &BigInt, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Less } else { Greater });
    }
    // A finite float's integer part is exact as a big int.
    let t = BigInt::from_f64(f.trunc()).unwrap_or_default();
    Some(
        i.cmp(&t)
            .then_with(|| 0.0f64.partial_cmp(&f.fract()).unwrap_or(Equal)),
    )
}

fn cmp_num(a: &Num, b: &Num) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(y)),
        (Num::F(x), Num::F(y)) => x.partial_cmp(y),
        (Num::I(x), Num::F(y)) => cmp_int_float(*x, *y),
        (Num::F(x), Num::I(y)) => cmp_int_float(*y, *x).map(std::cmp::Ordering::reverse),
        (Num::B(x), Num::B(y)) => Some(x.cmp(y)),
        (Num::B(x), Num::I(y)) => Some(x.cmp(&BigInt::from(*y))),
        (Num::I(x), Num::B(y)) => Some(BigInt::from(*x).cmp(y)),
        (Num::B(x), Num::F(y)) => cmp_big_float(x, *y),
        (Num::F(x), Num::B(y)) => cmp_big_float(y, *x).map(std::cmp::Ordering::reverse),
    }
}

/// Items of a tuple or list, held (an `__eq__` called on one may change the list).
fn seq<'py>(py: Py<'py>, p: Raw) -> Vec<Obj<'py>> {
    let raws: Vec<Raw> = match kind_of(p) {
        // SAFETY: kind checked; the tuple is live.
        Kind::Tuple => unsafe { crate::tuple::items(p) }.to_vec(),
        Kind::List => {
            // SAFETY: kind checked; the caller holds the list.
            let d = unsafe { crate::list::data(p) };
            (0..d.items.len()).filter_map(|i| d.items.get(i)).collect()
        }
        _ => Vec::new(),
    };
    // SAFETY: the items are live while their container (held by the caller) holds them.
    raws.into_iter()
        .map(|i| unsafe { Obj::borrowed(py, i) })
        .collect()
}

/// `a == b`.
pub(crate) fn eq_raw(py: Py<'_>, a: Raw, b: Raw) -> PyResult<bool> {
    eq_in(py, a, b, &mut NoUpcall)
}

/// `a == b` for two items of containers: identity first (as CPython's containers), then
/// `up` for an instance of a class made at run time.
pub(crate) fn item_eq<'py>(
    py: Py<'py>,
    a: Raw,
    b: Raw,
    up: &mut dyn Upcall<'py>,
) -> PyResult<bool> {
    if a == b {
        return Ok(true);
    }
    if is_heap_instance(a) || is_heap_instance(b) {
        // SAFETY: both live, held by the caller.
        let (x, y) = unsafe { (Obj::borrowed(py, a), Obj::borrowed(py, b)) };
        return up.eq(&x, &y);
    }
    eq_in(py, a, b, up)
}

/// `a == b`, items compared with [`item_eq`].
fn eq_in<'py>(py: Py<'py>, a: Raw, b: Raw, up: &mut dyn Upcall<'py>) -> PyResult<bool> {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Ok(cmp_num(&x, &y) == Some(std::cmp::Ordering::Equal));
    }
    let (ka, kb) = (kind_of(a), kind_of(b));
    Ok(match (ka, kb) {
        (Kind::Str, Kind::Str) => {
            // SAFETY: kinds checked, objects live.
            a == b || unsafe { crate::str::as_str(a) == crate::str::as_str(b) }
        }
        (Kind::Bytes, Kind::Bytes) => {
            // SAFETY: kinds checked, objects live.
            a == b || unsafe { crate::bytes::as_bytes(a) == crate::bytes::as_bytes(b) }
        }
        (Kind::Tuple, Kind::Tuple) | (Kind::List, Kind::List) => {
            let _level = enter(While::Compare)?;
            let (x, y) = (seq(py, a), seq(py, b));
            if x.len() != y.len() {
                return Ok(false);
            }
            for (i, j) in x.iter().zip(&y) {
                if !item_eq(py, i.raw(), j.raw(), up)? {
                    return Ok(false);
                }
            }
            true
        }
        (Kind::Dict, Kind::Dict) => {
            let _level = enter(While::Compare)?;
            // SAFETY: kinds checked; the caller holds both dicts.
            if unsafe { crate::dict::len(a) != crate::dict::len(b) } {
                return Ok(false);
            }
            // SAFETY: as above.
            let entries = unsafe { crate::dict::entries(a) };
            // SAFETY: live while `a` holds them; held from here on.
            let held: Vec<(Obj<'py>, Obj<'py>)> = entries
                .into_iter()
                .map(|(k, v)| unsafe { (Obj::borrowed(py, k), Obj::borrowed(py, v)) })
                .collect();
            for (k, v) in held {
                // SAFETY: as above.
                match unsafe { crate::dict::get_raw_with(py, b, k.raw(), up) }? {
                    Some(w) => {
                        // SAFETY: live while `b` holds it; held for the comparison.
                        let w = unsafe { Obj::borrowed(py, w) };
                        if !item_eq(py, v.raw(), w.raw(), up)? {
                            return Ok(false);
                        }
                    }
                    None => return Ok(false),
                }
            }
            true
        }
        (Kind::Set | Kind::FrozenSet, Kind::Set | Kind::FrozenSet) => {
            let _level = enter(While::Compare)?;
            // SAFETY: kinds checked; the caller holds both sets.
            unsafe { crate::set::eq(py, a, b, up) }?
        }
        (Kind::Native, Kind::Native) if a != b => crate::weakref::eq(py, a, b)?,
        _ => a == b,
    })
}

/// `a OP b` for an ordering operator, items compared through `up` when needed.
fn order_in<'py>(
    py: Py<'py>,
    a: Raw,
    b: Raw,
    op: CompareOp,
    up: &mut dyn Upcall<'py>,
) -> PyResult<bool> {
    use std::cmp::Ordering::*;
    let holds = |o: Option<std::cmp::Ordering>| match (op, o) {
        (_, None) => false,
        (CompareOp::Lt, Some(o)) => o == Less,
        (CompareOp::Le, Some(o)) => o != Greater,
        (CompareOp::Gt, Some(o)) => o == Greater,
        (_, Some(o)) => o != Less,
    };
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Ok(holds(cmp_num(&x, &y)));
    }
    match (kind_of(a), kind_of(b)) {
        // SAFETY: kinds checked; UTF-8 byte order is code point order.
        (Kind::Str, Kind::Str) => Ok(holds(Some(unsafe {
            crate::str::as_str(a).cmp(crate::str::as_str(b))
        }))),
        // SAFETY: kinds checked.
        (Kind::Bytes, Kind::Bytes) => Ok(holds(Some(unsafe {
            crate::bytes::as_bytes(a).cmp(crate::bytes::as_bytes(b))
        }))),
        (Kind::Tuple, Kind::Tuple) | (Kind::List, Kind::List) => {
            let _level = enter(While::Compare)?;
            let (x, y) = (seq(py, a), seq(py, b));
            for (i, j) in x.iter().zip(&y) {
                if item_eq(py, i.raw(), j.raw(), up)? {
                    continue;
                }
                if is_heap_instance(i.raw()) || is_heap_instance(j.raw()) {
                    return up.compare(i, j, op);
                }
                return order_in(py, i.raw(), j.raw(), op, up);
            }
            Ok(holds(Some(x.len().cmp(&y.len()))))
        }
        _ => {
            // SAFETY: both live.
            let (ta, tb) = unsafe { (Obj::borrowed(py, a), Obj::borrowed(py, b)) };
            Err(PyErr::type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                ta.type_name(),
                tb.type_name()
            )))
        }
    }
}

impl<'py> Obj<'py> {
    /// `self == other`.
    pub fn eq(&self, other: &Obj<'py>) -> PyResult<bool> {
        eq_raw(self.py, self.raw(), other.raw())
    }

    /// `self OP other`.
    pub fn compare(&self, other: &Obj<'py>, op: CompareOp) -> PyResult<bool> {
        self.compare_with(other, op, &mut NoUpcall)
    }

    /// `self OP other`, the items of containers compared through `up` when they are
    /// instances of classes made at run time (see [`Upcall`]).
    pub fn compare_with(
        &self,
        other: &Obj<'py>,
        op: CompareOp,
        up: &mut dyn Upcall<'py>,
    ) -> PyResult<bool> {
        match op {
            CompareOp::Eq => eq_in(self.py, self.raw(), other.raw(), up),
            CompareOp::Ne => Ok(!eq_in(self.py, self.raw(), other.raw(), up)?),
            _ => order_in(self.py, self.raw(), other.raw(), op, up),
        }
    }
}
