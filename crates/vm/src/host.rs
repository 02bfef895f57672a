//! What the loop needs from the layer that runs it: output streams and imports. The runtime
//! implements [`Host`] over the interpreter's `sys.stdout`, `sys.stderr` and import state;
//! tests use [`Capture`].

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use subinterp_compile::Code;
use subinterp_gil::EvalBreaker;

use subinterp_object::{Obj, Py, PyErr, PyResult, exc};

/// The services of the embedding layer, reached through the thread state
/// ([`Tstate::host`](crate::Tstate::host)).
pub trait Host {
    /// Writes `text` to standard output (`sys.stdout.write`). `print` calls it once per call,
    /// `end` included. An error stops the program like any exception.
    fn write_stdout(&mut self, text: &str) -> PyResult<()>;

    /// Writes `text` to standard error (tracebacks of uncaught exceptions, `print(file=...)`
    /// later).
    fn write_stderr(&mut self, text: &str) -> PyResult<()>;

    /// Line `line` (1-based) of source file `filename`, without its line break, for
    /// tracebacks (`linecache.getline`). Without a file system, none.
    fn source_line(&mut self, filename: &str, line: u32) -> Option<String> {
        let _ = (filename, line);
        None
    }

    /// The eval breaker the loop polls (the interpreter's: [`Interp::breaker`]), read when a
    /// thread state attaches a [`VmState`](crate::VmState) that has none yet (it is kept in
    /// the state after the run; [`VmState::set_eval_breaker`](crate::VmState::set_eval_breaker)
    /// sets it beforehand). `None`: a breaker nothing sets.
    ///
    /// The loop checks it where CPython checks `eval_breaker`: on backward jumps, calls and
    /// generator resumes, with one relaxed load; when a bit is set it calls
    /// [`Host::eval_breaker_tripped`].
    ///
    /// [`Interp::breaker`]: subinterp_gil::Interp::breaker
    fn eval_breaker(&self) -> Option<Arc<EvalBreaker>> {
        None
    }

    /// The slow path of the eval breaker, called at a check point of the loop when a bit of
    /// [`Host::eval_breaker`] is set: drop and retake the GIL for a waiter, run pending
    /// calls, clear the bits it handled. An error is raised in the running Python code at
    /// that point (a forced end of the interpreter, `KeyboardInterrupt` from
    /// `_thread.interrupt_main`). Bits left set bring the loop back at its next check. The
    /// default does nothing.
    fn eval_breaker_tripped<'py>(&mut self, py: Py<'py>) -> PyResult<()> {
        let _ = py;
        Ok(())
    }

    /// Runs `f` with the interpreter's GIL released (CPython's `Py_BEGIN_ALLOW_THREADS` /
    /// `Py_END_ALLOW_THREADS`), so other threads of the interpreter run meanwhile: what a
    /// native function that blocks (`time.sleep`) calls. `f` must not touch objects. The
    /// default runs `f` keeping the GIL (a host without other threads loses nothing).
    fn allow_threads(&mut self, py: Py<'_>, f: &mut (dyn FnMut() + Send)) -> PyResult<()> {
        let _ = py;
        f();
        Ok(())
    }

    /// The attached thread state of the run this loop runs on, for native functions that
    /// release the GIL or switch to another interpreter through it (the runtime's
    /// `_interpreters.exec`, creating and ending interpreters). `None` (the default) for a
    /// host without one, and while an operation further up holds it.
    fn attached(&mut self) -> Option<std::cell::RefMut<'_, subinterp_gil::Attached>> {
        None
    }

    /// One step of `import name` (an absolute dotted name): the module, or a module body
    /// (of `name` or of a parent package) for the loop to run. The loop
    /// ([`Tstate::import_module`](crate::Tstate::import_module)) runs a body with the
    /// module's dict as globals on the importing thread state, reports it with
    /// [`Host::import_done`], and asks again until the module is ready. Without an import
    /// system, every name is missing (`ModuleNotFoundError: No module named 'x'`).
    fn import<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Imported<'py>> {
        let _ = py;
        Err(PyErr::new(
            &exc::MODULE_NOT_FOUND_ERROR,
            format!("No module named '{name}'"),
        ))
    }

    /// The outcome of a module body [`Host::import`] handed out: on failure the host forgets
    /// the module (`sys.modules`) and returns the error; on success, the module as recorded.
    fn import_done<'py>(
        &mut self,
        py: Py<'py>,
        run: ModuleRun<'py>,
        result: PyResult<()>,
    ) -> PyResult<Obj<'py>> {
        let _ = py;
        result.map(|()| run.module)
    }

    /// `sys.modules[name]` if it is there, without importing (what `from . import x` reads
    /// when `x` is not yet an attribute of a package that is still initialising).
    fn loaded_module<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
        let _ = (py, name);
        Ok(None)
    }

    /// The first step of `importlib.reload(module)`: the module reloaded, or its body to
    /// run again (then [`Host::import_done`]).
    fn reload<'py>(&mut self, py: Py<'py>, module: &Obj<'py>) -> PyResult<Imported<'py>> {
        let _ = (py, module);
        Err(PyErr::new(
            &exc::IMPORT_ERROR,
            "no import system to reload with",
        ))
    }
}

/// What a step of [`Host::import`] gives the loop.
pub enum Imported<'py> {
    /// The module: the import is complete.
    Module(Obj<'py>),
    /// A module body to run, then to report with [`Host::import_done`].
    Run(ModuleRun<'py>),
}

/// A module body for the loop to run (see [`Host::import`]).
pub struct ModuleRun<'py> {
    /// The module's full name.
    pub name: String,
    /// The module, recorded (in `sys.modules`) while its body runs.
    pub module: Obj<'py>,
    /// The body.
    pub code: Arc<Code>,
    /// Whether this is `importlib.reload` running the body again.
    pub reload: bool,
}

/// What a [`Capture`] host collected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Captured {
    /// Everything written to standard output.
    pub stdout: String,
    /// Everything written to standard error.
    pub stderr: String,
}

/// A host that collects both streams in memory; clones share the same buffers, so a test
/// keeps one clone and hands the other to the thread state.
#[derive(Clone, Debug, Default)]
pub struct Capture {
    out: Rc<RefCell<Captured>>,
}

impl Capture {
    /// An empty capture.
    pub fn new() -> Capture {
        Capture::default()
    }

    /// A copy of what was written so far.
    pub fn captured(&self) -> Captured {
        self.out.borrow().clone()
    }
}

impl Host for Capture {
    fn write_stdout(&mut self, text: &str) -> PyResult<()> {
        self.out.borrow_mut().stdout.push_str(text);
        Ok(())
    }

    fn write_stderr(&mut self, text: &str) -> PyResult<()> {
        self.out.borrow_mut().stderr.push_str(text);
        Ok(())
    }
}
