//! Imports of Python code for the eval loop: the host side of the loop's import steps
//! ([`Host::import`](subinterp_vm::Host::import) and friends, over the import crate's
//! [`ImportCx::import_step`](subinterp_import::ImportCx::import_step)), and the runner that
//! executes module bodies when native code imports without a thread state ([`import_native`]).
//!
//! The loop runs module bodies itself on the importing thread state; the import system only
//! finds, creates and records (see the import crate's `step.rs`). Native functions get the
//! caller's thread state (`importlib.import_module` and `reload` import through it); a Rust
//! caller of `crate::import` has none at hand (only its run's context): its bodies run on a thread state made for the
//! body, over the interpreter's loop state (or a sibling of it while the running loop holds it).

use std::sync::Arc;

use subinterp_compile::Code;
use subinterp_import::{ModuleExec, Step};
use subinterp_object::{Obj, Py, PyResult};
use subinterp_vm::{Imported, ModuleRun, Tstate};

use crate::Run;
use crate::host::{RtHost, put_vm};
use crate::import::with_import_cx;
use crate::run::Core;

fn to_imported(step: Step<'_>) -> Imported<'_> {
    match step {
        Step::Ready(m) => Imported::Module(m),
        Step::Exec(e) => Imported::Run(ModuleRun {
            name: e.name,
            module: e.module,
            code: e.code,
            reload: e.reload,
        }),
    }
}

/// Runs `f` with the import context of the run `core`.
fn with_cx<R>(
    core: &Core<'_>,
    f: impl FnOnce(&mut subinterp_import::ImportCx<'_>) -> PyResult<R>,
) -> PyResult<R> {
    let mut tstate = core.attached().map_err(|e| e.into_pyerr())?;
    with_import_cx(core.interp, &mut tstate, f)
}

/// [`Host::import`](subinterp_vm::Host::import): one import step.
pub(crate) fn step<'py>(core: &Core<'_>, py: Py<'py>, name: &str) -> PyResult<Imported<'py>> {
    with_cx(core, |cx| cx.import_step(py, name).map(to_imported))
}

/// [`Host::import_done`](subinterp_vm::Host::import_done).
pub(crate) fn done<'py>(
    core: &Core<'_>,
    py: Py<'py>,
    run: ModuleRun<'py>,
    result: PyResult<()>,
) -> PyResult<Obj<'py>> {
    let exec = ModuleExec {
        name: run.name,
        module: run.module,
        code: run.code,
        reload: run.reload,
    };
    with_cx(core, |cx| cx.finish_exec(py, exec, result))
}

/// [`Host::reload`](subinterp_vm::Host::reload).
pub(crate) fn reload<'py>(
    core: &Core<'_>,
    py: Py<'py>,
    module: &Obj<'py>,
) -> PyResult<Imported<'py>> {
    with_cx(core, |cx| cx.reload_step(py, module).map(to_imported))
}

/// [`Host::loaded_module`](subinterp_vm::Host::loaded_module): `sys.modules[name]`.
pub(crate) fn loaded<'py>(core: &Core<'_>, py: Py<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
    with_cx(core, |cx| cx.state.modules(py)?.dict_get_str(name))
}

/// `import name` for native callers (no loop thread state at hand): the import steps, each
/// module body run by [`run_module_body`].
pub(crate) fn import_native<'py>(cx: &mut Run<'py>, name: &str) -> PyResult<Obj<'py>> {
    let (py, core) = (cx.py(), cx.core());
    loop {
        match step(core, py, name)? {
            Imported::Module(m) => return Ok(m),
            Imported::Run(run) => {
                let r = run_module_body(core, py, &run.code, &run.module);
                done(core, py, run, r)?;
            }
        }
    }
}

/// Runs `code` in `module`'s dict on a thread state of the run `core` (whose token is `py`),
/// made for this body: the loop's own thread state is out of reach of native code.
pub(crate) fn run_module_body<'py>(
    core: &'py Core<'py>,
    py: Py<'py>,
    code: &Arc<Code>,
    module: &Obj<'py>,
) -> PyResult<()> {
    let interp = core.interp;
    let vm = crate::host::take_vm(py, interp)?;
    let mut ts = Tstate::attach(py, Box::new(RtHost::new(core)), vm)?;
    let globals = module.module_dict()?;
    let r = globals
        .dict_get_str("__builtins__")
        .and_then(|b| match b {
            Some(_) => Ok(()),
            None => globals.set_item(&py.str("__builtins__")?, ts.builtins()),
        })
        .and_then(|()| ts.exec(code, &globals).map(drop));
    put_vm(py, interp, ts.detach());
    r
}
