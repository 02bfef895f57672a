//! The import part of the `sys` module: `sys.modules` (the interpreter's real dict),
//! `sys.builtin_module_names` (a sorted tuple from the runtime's table copy), `sys.path` (the
//! initial path the embedder set, else empty) and `sys._stdlib_dir`. The runtime adds the rest of `sys` (switch interval, allocator report).

use subinterp_object::{Obj, Origin, Py, PyResult};

use crate::inittab::Inittab;
use crate::spec::{Spec, spec_object};
use crate::state::InterpImports;

/// Creates `sys` for a new interpreter (CPython's `_PySys_Create` + `_PyImport_FixupBuiltin`:
/// a core module, made fresh per interpreter, never copied) and puts it in `sys.modules`.
pub(crate) fn create_sys<'py>(
    py: Py<'py>,
    state: &InterpImports,
    inittab: &Inittab,
    modules: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    let sys = py.new_module("sys")?;
    sys.setattr("__doc__", &py.str("This module provides access to some objects used or maintained by the\ninterpreter and to functions that interact strongly with the interpreter.")?)?;
    sys.setattr("modules", modules)?;
    let names = inittab
        .sorted_names()
        .iter()
        .map(|n| py.str(n))
        .collect::<PyResult<Vec<_>>>()?;
    sys.setattr("builtin_module_names", &py.tuple(&names)?)?;
    let path = state
        .system
        .initial_sys_path()
        .iter()
        .map(|p| py.str(p))
        .collect::<PyResult<Vec<_>>>()?;
    sys.setattr("path", &py.list_from(path)?)?;
    let dir = match &state.system.stdlib_dir {
        Some(d) => py.str(d)?,
        None => py.none(),
    };
    sys.setattr("_stdlib_dir", &dir)?;
    let spec = Spec::builtin("sys");
    sys.setattr("__spec__", &spec_object(py, &spec)?)?;
    sys.setattr("__loader__", &spec.loader.to_object(py, "sys")?)?;
    sys.setattr("__package__", &py.str("")?)?;
    sys.set_module_origin(Origin::BuiltIn)?;
    modules.set_item(&py.str("sys")?, &sys)?;
    Ok(sys)
}
