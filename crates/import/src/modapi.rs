//! What extension code calls while it runs: `PyModule_Create` ([`create_module`]), the
//! `PyState_*` functions over `modules_by_index`, and the package context that gives a module
//! created inside an init function its full dotted name.

use std::cell::RefCell;

use subinterp_object::{Obj, Py, PyErr, PyResult, exc};

use crate::def::{ModuleDef, Size, set_def};
use crate::state::InterpImports;
use crate::unfinished::Unfinished;

thread_local! {
    /// `_PyImport_SwapPackageContext`'s thread-local: the full name of the extension whose
    /// init function is running on this thread.
    static PKG_CONTEXT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` with the package context set to `ctx`, restoring the previous one afterwards (also
/// when `f` panics).
pub(crate) fn with_package_context<R>(ctx: Option<&str>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let old = self.0.take();
            PKG_CONTEXT.with(|c| *c.borrow_mut() = old);
        }
    }
    let old = PKG_CONTEXT.with(|c| c.replace(ctx.map(str::to_owned)));
    let _restore = Restore(old);
    f()
}

/// `_PyImport_ResolveNameWithPackageContext`: the context's full name if its last dotted
/// component is `name` (consuming the context), else `name`.
fn resolve_name(name: &str) -> String {
    PKG_CONTEXT.with(|c| {
        let mut c = c.borrow_mut();
        match c.as_deref().and_then(|ctx| ctx.rsplit_once('.')) {
            Some((_, last)) if last == name => c.take().unwrap_or_else(|| name.to_owned()),
            _ => name.to_owned(),
        }
    })
}

/// `PyModule_Create(def)`: the module a single-phase init function returns, made in the
/// interpreter `py` belongs to: named after the def (or the full dotted name from the package
/// context), linked to `def`, with `def`'s functions bound to it, its doc, and its per-module
/// state when `def.size` asks for one.
///
/// Errors: `SystemError` for a multi-phase def (`module %s: PyModule_Create is incompatible
/// with m_slots`) and when the interpreter has no import state (`Python import machinery not
/// initialized`).
pub fn create_module<'py>(py: Py<'py>, def: &'static ModuleDef) -> PyResult<Obj<'py>> {
    if def.slots.is_some() {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            format!(
                "module {}: PyModule_Create is incompatible with m_slots",
                def.name
            ),
        ));
    }
    let state = InterpImports::require(py)?;
    state.system().module_index(def);
    let m = Unfinished::new(py.new_module(&resolve_name(def.name))?);
    set_def(&m, def)?;
    if let Size::State(s) = def.size {
        s.init(&m)?;
    }
    subinterp_vm::add_functions(&m, def.methods)?;
    if let Some(doc) = def.doc {
        m.setattr("__doc__", &py.str(doc)?)?;
    }
    Ok(m.finish())
}

/// `PyState_FindModule(def)`: the module the current interpreter (`py`'s) recorded for `def`'s
/// index, or `None` (for a multi-phase def, an unknown def, or an empty slot). Never fails.
pub fn find_module<'py>(py: Py<'py>, def: &'static ModuleDef) -> Option<Obj<'py>> {
    if def.slots.is_some() {
        return None;
    }
    let state = InterpImports::of(py)?;
    let index = state.system().existing_index(def)?;
    state.get_by_index(py, index)
}

/// `PyState_AddModule(module, def)`: records `module` as the current interpreter's module for
/// `def`. A multi-phase def is CPython's `SystemError`; storing the same module twice, which
/// CPython treats as fatal (`module %p already added`), is a `SystemError` here.
pub fn add_module(py: Py<'_>, module: &Obj<'_>, def: &'static ModuleDef) -> PyResult<()> {
    if def.slots.is_some() {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            "PyState_AddModule called on module with slots",
        ));
    }
    let state = InterpImports::require(py)?;
    let index = state.system().module_index(def);
    if state.get_by_index(py, index).is_some_and(|m| m.is(module)) {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            format!("PyState_AddModule: module {:#x} already added", module.id()),
        ));
    }
    state.set_by_index(py, index, module);
    Ok(())
}

/// `PyState_RemoveModule(def)`: empties the current interpreter's slot for `def`. CPython's
/// fatal errors for a bad index are `SystemError`s here.
pub fn remove_module(py: Py<'_>, def: &'static ModuleDef) -> PyResult<()> {
    if def.slots.is_some() {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            "PyState_RemoveModule called on module with slots",
        ));
    }
    let state = InterpImports::require(py)?;
    let Some(index) = state.system().existing_index(def) else {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            "PyState_RemoveModule: invalid module index",
        ));
    };
    if !state.clear_by_index(py, index) {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            "PyState_RemoveModule: Module index out of bounds.",
        ));
    }
    Ok(())
}
