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
];

/// `sys.exc_info`, `sys.exception`, `sys.getrecursionlimit` and `sys.setrecursionlimit`:
/// functions of the thread state for the runtime's `sys` module (make each a
/// [`Builtin`](crate::Builtin) with no receiver and store it under its name).
pub fn sys_functions() -> &'static [BuiltinDef] {
    SYS_FUNCTIONS
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
    let n = &a.exactly("setrecursionlimit", 1)?[0];
    let n = match int_value(n) {
        Some(IntV::Small(n)) if i32::try_from(n).is_ok() => n,
        Some(_) => {
            return Err(PyErr::new(
                &exc::OVERFLOW_ERROR,
                "Python int too large to convert to C int",
            ));
        }
        None => return Err(crate::int::not_an_integer(n)),
    };
    ts.set_recursion_limit(n)?;
    Ok(ts.py().none())
}
