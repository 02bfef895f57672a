//! The runtime's additions to every interpreter's `sys` besides the switch interval:
//! `sys._debugmallocstats()` and `sys.getallocatedblocks()`, both about the interpreter's own
//! heap.

use subinterp_object::{Obj, PyResult};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::host::sink;

/// The functions added to every interpreter's `sys`.
pub(crate) static SYS_EXTRA: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "_debugmallocstats",
        func: debugmallocstats,
    },
    BuiltinDef {
        name: "getallocatedblocks",
        func: getallocatedblocks,
    },
];

/// `sys._debugmallocstats()`: the heap's report in CPython's format, written to the
/// interpreter's output (CPython writes it to stderr; here it goes where `print` goes, so a
/// transcript shows it).
fn debugmallocstats<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.none("_debugmallocstats")?;
    let report = py.heap().report();
    sink::write(&report)?;
    Ok(py.none())
}

/// `sys.getallocatedblocks()`: blocks in use in the interpreter's heap (main's for an
/// interpreter sharing it).
fn getallocatedblocks<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.none("getallocatedblocks")?;
    py.int(i64::try_from(py.heap().allocated_blocks()).unwrap_or(i64::MAX))
}
