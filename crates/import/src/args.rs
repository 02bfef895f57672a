//! Argument conversions for native module functions, with CPython's (Argument Clinic's)
//! messages (binding is `subinterp_vm::Args`'s).

use subinterp_object::{Kind, Obj, PyErr, PyResult};

/// The text of a `str` argument (`"{fname}() argument must be str, not T"` otherwise).
pub fn str_arg<'a>(fname: &str, arg: &'a Obj<'_>) -> PyResult<&'a str> {
    arg.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "{fname}() argument must be str, not {}",
            arg.type_name()
        ))
    })
}

/// The value of an `int` argument (CPython's message for other types).
pub fn int_arg(arg: &Obj<'_>) -> PyResult<i64> {
    match arg.kind() {
        Kind::Int | Kind::Bool => arg.as_i64().ok_or_else(|| {
            PyErr::new(
                &subinterp_object::exc::OVERFLOW_ERROR,
                "Python int too large to convert to C int",
            )
        }),
        _ => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            arg.type_name()
        ))),
    }
}
