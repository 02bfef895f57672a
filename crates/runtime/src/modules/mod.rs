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
use subinterp_object::Obj;

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

pub(crate) use crate::host::interp_of;

/// `None` for a missing argument or an explicit `None`.
pub(crate) fn opt<'a, 'py>(arg: Option<&'a Obj<'py>>) -> Option<&'a Obj<'py>> {
    arg.filter(|a| !a.is_none())
}
