//! The `sys` functions that read or change the thread state: the vm side of the runtime's
//! `sys` module ([`sys_functions`]), which the runtime adds to the module it builds.

use subinterp_object::{Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::int::{IntV, int_value};

static SYS_FUNCTIONS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "exc_info",
        func: exc_info,
    },
    BuiltinDef {
        name: "exception",
        func: exception,
    },
    BuiltinDef {
        name: "getrecursionlimit",
        func: getrecursionlimit,
    },
    BuiltinDef {
        name: "setrecursionlimit",
        func: setrecursionlimit,
    },
    BuiltinDef {
        name: "get_int_max_str_digits",
        func: get_int_max_str_digits,
    },
    BuiltinDef {
        name: "set_int_max_str_digits",
        func: set_int_max_str_digits,
    },
];

/// `sys.exc_info`, `sys.exception`, `sys.getrecursionlimit`, `sys.setrecursionlimit`,
/// `sys.get_int_max_str_digits` and `sys.set_int_max_str_digits`:
/// functions of the thread state for the runtime's `sys` module (make each a
/// [`Builtin`](crate::Builtin) with no receiver and store it under its name).
pub fn sys_functions() -> &'static [BuiltinDef] {
    SYS_FUNCTIONS
}

/// An int argument that must fit a C `int` (CPython's `OverflowError` text beyond it).
pub(crate) fn c_int(o: &Obj<'_>) -> PyResult<i64> {
    match int_value(o) {
        Some(IntV::Small(n)) if i32::try_from(n).is_ok() => Ok(n),
        Some(_) => Err(PyErr::new(
            &exc::OVERFLOW_ERROR,
            "Python int too large to convert to C int",
        )),
        None => Err(crate::int::not_an_integer(o)),
    }
}

/// `sys.f() takes no arguments (1 given)`.
fn no_args(fname: &str, a: &Args<'_, '_>) -> PyResult<()> {
    a.no_kw(&format!("sys.{fname}"))?;
    if a.pos.is_empty() {
        return Ok(());
    }
    Err(PyErr::type_error(format!(
        "sys.{fname}() takes no arguments ({} given)",
        a.pos.len()
    )))
}

fn exc_info<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("exc_info", &a)?;
    let py = ts.py();
    match &ts.handled {
        None => py.tuple(&[py.none(), py.none(), py.none()]),
        Some(e) => {
            let tb = e.exc_traceback().unwrap_or_else(|| py.none());
            py.tuple(&[e.get_type(), e.clone(), tb])
        }
    }
}

fn exception<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("exception", &a)?;
    Ok(ts.handled.clone().unwrap_or_else(|| ts.py().none()))
}

fn getrecursionlimit<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("getrecursionlimit", &a)?;
    ts.py()
        .int(i64::try_from(ts.recursion_limit()).unwrap_or(i64::MAX))
}

fn setrecursionlimit<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let n = c_int(&a.exactly("setrecursionlimit", 1)?[0])?;
    ts.set_recursion_limit(n)?;
    Ok(ts.py().none())
}

fn get_int_max_str_digits<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("get_int_max_str_digits", &a)?;
    let py = ts.py();
    py.int(i64::try_from(py.int_max_str_digits()).unwrap_or(i64::MAX))
}

/// `sys.set_int_max_str_digits(maxdigits)`: 0 (no limit) or at least 640.
fn set_int_max_str_digits<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [n] = a.bind("set_int_max_str_digits", ["maxdigits"], 1)?;
    let n = n.ok_or_else(|| PyErr::type_error("set_int_max_str_digits() missing maxdigits"))?;
    let n = c_int(&n)?;
    if n != 0 && n < 640 {
        return Err(PyErr::value_error("maxdigits must be 0 or larger than 640"));
    }
    let py = ts.py();
    py.set_int_max_str_digits(usize::try_from(n).unwrap_or(0));
    Ok(py.none())
}
