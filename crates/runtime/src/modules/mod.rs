//! The native modules every interpreter can import (`scenarios.md` §2), registered as
//! builtin modules in the runtime's table: `os`, `importlib`, `_thread` and `interpreters` (multi-phase,
//! `Py_MOD_PER_INTERPRETER_GIL_SUPPORTED`), plus the runtime's additions to `sys`.

pub(crate) mod importlib;
pub mod interpreters;
pub mod memview;
pub(crate) mod os;
pub(crate) mod sys_extra;
pub(crate) mod thread;

use subinterp_import::{InitFn, Inittab};
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};

use crate::{Interpreter, frame};

/// The runtime's builtin modules, in the order they are appended.
const MODULES: [(&str, InitFn); 4] = [
    ("os", os::init),
    ("importlib", importlib::init),
    ("_thread", thread::init),
    ("interpreters", interpreters::init),
];

/// Appends the runtime's builtin modules to `tab`, except names the embedder's table already
/// has (the embedder's entry wins, as if it had replaced ours).
pub(crate) fn add_builtin_modules(tab: &mut Inittab) {
    for (name, init) in MODULES {
        if tab.is_builtin(name) == 0 {
            tab.append(name, init);
        }
    }
}

/// The interpreter `py` runs in (its innermost run on this thread).
pub(crate) fn interp_of(py: Py<'_>) -> PyResult<Interpreter> {
    let top = frame::current_for(py).map_err(|e| PyErr::new(&exc::SYSTEM_ERROR, e.message()))?;
    // SAFETY: `top` is this thread's innermost frame, alive for this call.
    Ok(unsafe { top.interp() }.clone())
}

/// `None` for a missing argument or an explicit `None`.
pub(crate) fn opt<'a, 'py>(arg: Option<&'a Obj<'py>>) -> Option<&'a Obj<'py>> {
    arg.filter(|a| !a.is_none())
}
