//! The runtime's additions to every interpreter's `sys` besides the switch interval:
//! `sys._debugmallocstats()` and `sys.getallocatedblocks()`, both about the interpreter's own
//! heap.

use subinterp_object::{MethodDef, Obj, Py, PyResult};

use crate::host::sink;
use crate::modules::args::no_args;

/// The functions added to every interpreter's `sys`.
pub(crate) static SYS_EXTRA: [MethodDef; 2] = [
    MethodDef {
        name: "_debugmallocstats",
        func: debugmallocstats,
        doc: "Print summary info about the state of the object allocator.",
    },
    MethodDef {
        name: "getallocatedblocks",
        func: getallocatedblocks,
        doc: "Return the number of memory blocks currently allocated.",
    },
];

/// `sys._debugmallocstats()`: the heap's report in CPython's format, written to the
/// interpreter's output (CPython writes it to stderr; here it goes where `print` goes, so a
/// transcript shows it).
fn debugmallocstats<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    no_args("_debugmallocstats", args, kwargs)?;
    let report = py.heap().report();
    sink::write(&report)?;
    Ok(py.none())
}

/// `sys.getallocatedblocks()`: blocks in use in the interpreter's heap (main's for an
/// interpreter sharing it).
fn getallocatedblocks<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    no_args("getallocatedblocks", args, kwargs)?;
    py.int(i64::try_from(py.heap().allocated_blocks()).unwrap_or(i64::MAX))
}
