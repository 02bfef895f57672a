//! The runtime's part of `sys` (the import system makes `sys` with `modules` and
//! `builtin_module_names`): the switch interval of the interpreter's GIL, `exit`, and the
//! eval loop's functions of the running thread ([`add_vm_functions`]: `exc_info`,
//! `exception`, `getrecursionlimit`, `setrecursionlimit`).

use std::time::Duration;

use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::{Error, Interpreter};

/// The functions added to every interpreter's `sys`.
pub(crate) static SYS_FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef {
        name: "exit",
        func: exit,
    },
    BuiltinDef {
        name: "getswitchinterval",
        func: getswitchinterval,
    },
    BuiltinDef {
        name: "setswitchinterval",
        func: setswitchinterval,
    },
];

/// Adds the vm's `sys` functions (those reading or setting the running thread's loop state:
/// the exception being handled, the interpreter's recursion limit) to `sys`, replacing any
/// function of the same name.
pub(crate) fn add_vm_functions<'py>(py: Py<'py>, sys: &Obj<'py>) -> PyResult<()> {
    let dict = sys.module_dict()?;
    for def in subinterp_vm::sys_functions() {
        let f = subinterp_vm::new_builtin(py, def, None)?;
        dict.set_item(&py.str(def.name)?, &f)?;
    }
    Ok(())
}

use crate::host::interp_of;

/// `sys.exit(status=None)`: raises `SystemExit(status)` (`SystemExit()` without one).
fn exit<'py>(
    ts: &mut Tstate<'py>,
    _slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.no_kw("sys.exit")?;
    let args = given.between("exit", 0, 1)?;
    let v = py.new_exception(&exc::SYSTEM_EXIT.get(py), args)?;
    Err(PyErr::from_value(&v))
}

/// `sys.getswitchinterval()`: seconds, as a float.
fn getswitchinterval<'py>(
    ts: &mut Tstate<'py>,
    _slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.none("sys.getswitchinterval")?;
    py.float(interp_of(ts)?.switch_interval().as_secs_f64())
}

/// `sys.setswitchinterval(interval)`: on this interpreter's GIL (so on main's too when it is
/// shared). Not strictly positive: `ValueError("switch interval must be strictly positive")`.
fn setswitchinterval<'py>(
    ts: &mut Tstate<'py>,
    _slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = &given.exactly("sys.setswitchinterval", 1)?[0];
    let secs = match a.kind() {
        Kind::Float => a.as_f64(),
        Kind::Int | Kind::Bool => a.as_i64().map(|v| v as f64),
        _ => None,
    }
    .ok_or_else(|| PyErr::type_error(format!("must be real number, not {}", a.type_name())))?;
    interp_of(ts)?
        .gil_interp()
        .gil()
        .set_interval_secs(secs)
        .map_err(|e| PyErr::value_error(e.to_string()))?;
    Ok(py.none())
}

impl Interpreter {
    /// The switch interval of the interpreter's GIL (`sys.getswitchinterval()`): main's when
    /// the GIL is shared; an own GIL starts at the runtime's default, not at main's value.
    pub fn switch_interval(&self) -> Duration {
        self.gil_interp().gil().interval()
    }

    /// Sets the switch interval of the interpreter's GIL (`sys.setswitchinterval()`), which
    /// changes main's too when the GIL is shared. Zero: `ValueError: switch interval must be
    /// strictly positive`.
    pub fn set_switch_interval(&self, interval: Duration) -> Result<(), Error> {
        self.gil_interp()
            .gil()
            .set_interval(interval)
            .map_err(|e| PyErr::value_error(e.to_string()).into())
    }
}
