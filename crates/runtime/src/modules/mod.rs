//! The native modules every interpreter can import (`scenarios.md` §2), registered as
//! builtin modules in the runtime's table: `posix` (under `os.py`), `importlib`, `_thread`, `interpreters`, `gc` and
//! `weakref` (multi-phase,
//! `Py_MOD_PER_INTERPRETER_GIL_SUPPORTED`), plus the runtime's additions to `sys`.

pub(crate) mod gc;
pub(crate) mod importlib;
mod interp_func;
mod interp_pool;
mod interp_run;
pub mod interpreters;
pub mod memview;
pub(crate) mod os;
pub(crate) mod sys_extra;
pub(crate) mod thread;

use subinterp_import::{InitFn, Inittab};
use subinterp_object::Obj;

/// The runtime's builtin modules, in the order they are appended.
const MODULES: [(&str, InitFn); 6] = [
    ("posix", os::init),
    ("importlib", importlib::init),
    ("_thread", thread::init),
    ("interpreters", interpreters::init),
    ("gc", gc::init_gc),
    ("_weakref", gc::init_weakref),
];

/// Appends the runtime's builtin modules to `tab`, except names the embedder's table already
/// has (the embedder's entry wins, as if it had replaced ours).
pub(crate) fn add_builtin_modules(tab: &mut Inittab) {
    for (name, init) in MODULES {
        if tab.is_builtin(name) == 0 {
            tab.append(name, init);
        }
    }
    // The standard library's native modules (`math`, ...): the one hook into
    // `subinterp-stdlib`.
    for e in subinterp_stdlib::inittab_entries() {
        if tab.is_builtin(&e.name) == 0 {
            tab.extend([e]);
        }
    }
}

pub(crate) use crate::host::interp_of;

/// `None` for a missing argument or an explicit `None`.
pub(crate) fn opt<'a, 'py>(arg: Option<&'a Obj<'py>>) -> Option<&'a Obj<'py>> {
    arg.filter(|a| !a.is_none())
}
