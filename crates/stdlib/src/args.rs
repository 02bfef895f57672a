//! Argument conversions shared by the modules (CPython's `PyFloat_AsDouble`,
//! `PyNumber_Index`, `PyLong_AsSsize_t` with their texts) and module filling.

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, exc};

/// Adds `defs` to `module` as module-level functions bound to it (`__self__`).
pub(crate) use subinterp_vm::add_functions;

/// A float argument: floats, ints and bools (`TypeError: must be real number, not str`,
/// `OverflowError: int too large to convert to float`).
pub(crate) fn float_arg(v: &Obj<'_>) -> PyResult<f64> {
    match v.kind() {
        Kind::Float => Ok(v.as_f64().unwrap_or(f64::NAN)),
        Kind::Int | Kind::Bool => match v.as_i64() {
            Some(i) => Ok(i as f64),
            None => big_to_f64(&v.as_bigint().unwrap_or_default()),
        },
        _ => Err(PyErr::type_error(format!(
            "must be real number, not {}",
            v.type_name()
        ))),
    }
}

/// An int as a float, correctly rounded (`OverflowError` when it does not fit).
pub(crate) fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    b.to_f64()
        .filter(|f| f.is_finite())
        .ok_or_else(|| PyErr::new(&exc::OVERFLOW_ERROR, "int too large to convert to float"))
}

/// An integer argument of any size (`PyNumber_Index`: ints and bools only).
pub(crate) fn index_arg(v: &Obj<'_>) -> PyResult<BigInt> {
    match v.kind() {
        Kind::Int | Kind::Bool => Ok(v.as_bigint().unwrap_or_default()),
        _ => Err(not_an_integer(v)),
    }
}

/// `TypeError: 'float' object cannot be interpreted as an integer`.
pub(crate) fn not_an_integer(v: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        v.type_name()
    ))
}

/// An integral float as an int of any size (`floor`, `ceil`, `trunc`), with CPython's
/// texts for infinities and NaN.
pub(crate) fn float_to_int<'py>(py: Py<'py>, f: f64) -> PyResult<Obj<'py>> {
    if f.is_nan() {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "cannot convert float NaN to integer",
        ));
    }
    if f.is_infinite() {
        return Err(PyErr::new(
            &exc::OVERFLOW_ERROR,
            "cannot convert float infinity to integer",
        ));
    }
    if f.abs() < 9.0e18 {
        return py.int(f as i64);
    }
    py.int_big(&BigInt::from_f64(f).unwrap_or_default())
}

/// Exactly `n` positional arguments and no keywords, with the text of CPython's
/// `_PyArg_CheckPositional` (`cycle expected 1 argument, got 0`).
pub(crate) fn positional<'a, 'py>(
    a: &subinterp_vm::Args<'a, 'py>,
    fname: &str,
    n: usize,
) -> PyResult<&'a [Obj<'py>]> {
    a.no_kw(fname)?;
    if a.pos.len() == n {
        return Ok(a.pos);
    }
    Err(PyErr::type_error(format!(
        "{fname} expected {n} argument{}, got {}",
        if n == 1 { "" } else { "s" },
        a.pos.len()
    )))
}

/// A native class for `new_ext` objects of module `module`: the default repr
/// (`<module.name object at 0x...>`), no methods or attributes.
pub(crate) const PLAIN: subinterp_object::Slots = subinterp_object::Slots {
    methods: None,
    getattr: None,
    repr: None,
    ..subinterp_object::Slots::EMPTY
};

/// At most (`exact`: exactly) `n` positional arguments besides keywords, with CPython's text
/// for functions with keyword-only parameters (`prod() takes exactly 1 positional argument
/// (2 given)`, `accumulate() takes at most 2 positional arguments (3 given)`).
pub(crate) fn check_positional(
    a: &subinterp_vm::Args<'_, '_>,
    fname: &str,
    n: usize,
    exact: bool,
) -> PyResult<()> {
    let given = a.pos.len();
    if given > n || (exact && given < n) {
        return Err(PyErr::type_error(format!(
            "{fname}() takes {} {n} positional argument{} ({given} given)",
            if exact { "exactly" } else { "at most" },
            if n == 1 { "" } else { "s" },
        )));
    }
    Ok(())
}

/// `len(v)` with CPython's text for an object without one (`object of type 'int' has no
/// len()`).
pub(crate) fn len_of<'py>(ts: &mut subinterp_vm::Tstate<'py>, v: &Obj<'py>) -> PyResult<usize> {
    match ts.length(v) {
        Err(e) if e.is(&exc::TYPE_ERROR) => Err(PyErr::type_error(format!(
            "object of type '{}' has no len()",
            v.type_name()
        ))),
        r => r,
    }
}
