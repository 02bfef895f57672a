//! Importing from inside a run: builds the import system's context ([`ImportCx`]) around the
//! calling thread's run.

use subinterp_gil::Attached;
use subinterp_import::{ImportCx, MainRef};
use subinterp_object::{Obj, PyErr, PyResult, exc};

use crate::{Interpreter, Run, here};

fn system_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc::SYSTEM_ERROR, msg)
}

/// `import name` in the interpreter of the run `cx` (`importlib.import_module`): the module
/// from `sys.modules`, or found (builtin table, frozen tables, extensions) and loaded. Returns
/// the named module. Extension init functions run in main on a temporary thread state, as in
/// CPython 3.13.
///
/// ```
/// use subinterp_runtime::{InterpreterConfig, Runtime, import};
///
/// let rt = Runtime::new()?;
/// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
/// let r = sub.run(|cx| import(cx, "sys")?.repr())??;
/// assert_eq!(r, "<module 'sys' (built-in)>");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import<'py>(cx: &mut Run<'py>, name: &str) -> PyResult<Obj<'py>> {
    crate::source_import::import_native(cx, name)
}

/// Runs `f` with the import context of a run of `interp` whose attached thread state is
/// `tstate`: this interpreter's import state, that thread state (the runs hidden meanwhile)
/// and main. Shared by [`import`] and the loop's import steps (the runtime's `Host`).
pub(crate) fn with_import_cx<R>(
    interp: &Interpreter,
    tstate: &mut Attached,
    f: impl FnOnce(&mut ImportCx<'_>) -> PyResult<R>,
) -> PyResult<R> {
    let state = interp
        .st
        .imports
        .get()
        .ok_or_else(|| system_error("Python import machinery not initialized"))?;
    let main = interp
        .rt
        .main_state()
        .ok_or_else(|| system_error("Python import machinery not initialized"))?;
    let main_gil = main.gil();
    // SAFETY: main outlives every run of a sub-interpreter (finalization ends the others
    // first), and a run of main is a reader itself.
    let main_objects = unsafe { main.objects.get() }
        .ok_or_else(|| system_error("the main interpreter has ended"))?;
    let main_imports = main
        .imports
        .get()
        .ok_or_else(|| system_error("Python import machinery not initialized"))?;
    let _hidden = here::push_released();
    let mut cx = ImportCx {
        state,
        tstate,
        main: MainRef {
            objects: main_objects,
            interp: &main_gil,
            state: main_imports,
        },
    };
    f(&mut cx)
}
