//! Argument checks for native module functions, with CPython's (Argument Clinic's) messages.

use subinterp_object::{Kind, Obj, PyErr, PyResult};

/// Exactly `n` positional arguments and no keywords.
pub fn positional<'a, 'py>(
    fname: &str,
    args: &'a [Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
    n: usize,
) -> PyResult<&'a [Obj<'py>]> {
    if let Some((k, _)) = kwargs.first() {
        return Err(PyErr::type_error(format!(
            "{fname}() got an unexpected keyword argument '{k}'"
        )));
    }
    if args.len() != n {
        return Err(PyErr::type_error(match n {
            0 => format!("{fname}() takes no arguments ({} given)", args.len()),
            1 => format!(
                "{fname}() takes exactly one argument ({} given)",
                args.len()
            ),
            _ => format!(
                "{fname}() takes exactly {n} positional arguments ({} given)",
                args.len()
            ),
        }));
    }
    Ok(args)
}

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
