//! The script language's [`Host`] for the runtime: imports through the runtime's import
//! wiring, `__main__` and the interpreter's builtins, and standard output going to the sink the
//! caller of `exec` passed ([`sink`]).
//!
//! # Where the pieces live
//!
//! | piece | where | lifetime |
//! |---|---|---|
//! | the interpreter's [`Builtins`] | the module state of its `__main__` ([`HostState`]), made at the first `exec`; the module is also `sys.modules['builtins']` and `__main__.__builtins__` | until `__main__` is freed at the interpreter's end (`end_interp` clears the builtins module's dict, which breaks its function cycle, because it is in `sys.modules`) |
//! | parsed scripts | a per-thread cache, one program per statement with its line | bounded (256 sources of at most 1 KiB) |
//! | the print sink | a per-thread stack of the `exec_to` writers in progress | one `exec_to` call |

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use subinterp_object::{Obj, ObjRef, Py, PyErr, PyResult, exc};
use subinterp_script::ast::Program;
use subinterp_script::{Builtins, Host, LineIndex, SyntaxError};

use crate::Interpreter;
use crate::exc::INTERPRETER_ERROR;
use crate::exec::{ExecError, failed, snapshot, syntax_snapshot};

/// What the script host keeps per interpreter, in its `__main__` module's state.
pub(crate) struct HostState {
    builtins: Builtins,
}

/// The interpreter's `__main__` module (bound under `py`).
pub(crate) fn main_module<'py>(py: Py<'py>, interp: &Interpreter) -> PyResult<Obj<'py>> {
    let guard = interp.st.modules.lock();
    let m = guard
        .as_ref()
        .ok_or_else(|| PyErr::new(&INTERPRETER_ERROR, "failed to get __main__ namespace"))?;
    Ok(m.main.bind(py)?)
}

/// The host state of `main` (the interpreter's `__main__`), made on first use: the script
/// builtins, registered as `sys.modules['builtins']` and `__main__.__builtins__`.
fn host_state<'a, 'py>(py: Py<'py>, main: &'a Obj<'py>) -> PyResult<&'a HostState> {
    if main.module_state::<HostState>().is_none() {
        init_host_state(py, main)?;
    }
    main.module_state::<HostState>()
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "__main__ has a foreign module state"))
}

#[cold]
fn init_host_state<'py>(py: Py<'py>, main: &Obj<'py>) -> PyResult<()> {
    let builtins = Builtins::new(py)?;
    let module = builtins.module(py)?;
    let registered = subinterp_import::sys_modules(py)
        .and_then(|m| m.set_item(&py.str("builtins")?, &module))
        .and_then(|()| main.setattr("__builtins__", &module));
    if let Err(e) = registered {
        builtins.release(py)?;
        return Err(e);
    }
    main.init_module_state(HostState { builtins })
}

/// A script split into one program per statement, each with the line it starts on (for the
/// traceback of an exception it raises).
struct Compiled {
    stmts: Vec<(Program, u32)>,
}

/// Parsed scripts, per thread (no lock on the `exec` path). Bounded like
/// [`ParseCache`](subinterp_script::ParseCache).
const CACHE_CAPACITY: usize = 256;
const CACHE_MAX_SOURCE: usize = 1024;

thread_local! {
    static COMPILED: RefCell<HashMap<Box<str>, Arc<Compiled>>> = RefCell::new(HashMap::new());
}

fn compile(source: &str) -> Result<Arc<Compiled>, SyntaxError> {
    let hit = COMPILED
        .try_with(|c| c.borrow().get(source).cloned())
        .ok()
        .flatten();
    match hit {
        Some(c) => Ok(c),
        None => compile_slow(source),
    }
}

#[cold]
fn compile_slow(source: &str) -> Result<Arc<Compiled>, SyntaxError> {
    let program = subinterp_script::parse(source)?;
    let index = LineIndex::new(source);
    let stmts = program
        .body
        .into_iter()
        .map(|s| {
            let line = index.line_col(s.span.start).line;
            let span = s.span;
            (
                Program {
                    body: vec![s],
                    span,
                },
                line,
            )
        })
        .collect();
    let compiled = Arc::new(Compiled { stmts });
    if source.len() <= CACHE_MAX_SOURCE {
        let _ = COMPILED.try_with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= CACHE_CAPACITY
                && let Some(k) = c.keys().next().cloned()
            {
                c.remove(&k);
            }
            c.insert(source.into(), compiled.clone());
        });
    }
    Ok(compiled)
}

/// Runs `source` in `interp` (whose token is `py`) with `out` as its standard output.
pub(crate) fn exec_in(
    py: Py<'_>,
    interp: &Interpreter,
    source: &str,
    out: &mut dyn Write,
) -> Result<(), ExecError> {
    let _sink = sink::push(out);
    exec_in_current(py, interp, source)
}

/// Runs `source` in `interp` (whose token is `py`), printing to the current sink.
pub(crate) fn exec_in_current(
    py: Py<'_>,
    interp: &Interpreter,
    source: &str,
) -> Result<(), ExecError> {
    // Native code re-entering here (directly or through another interpreter's `exec`) is
    // bounded like CPython's recursion: `RecursionError` in the statement that re-entered.
    let _level = crate::recursion::enter().map_err(ExecError::invalid)?;
    let compiled = compile(source).map_err(|e| failed(syntax_snapshot(&e)))?;
    let main = main_module(py, interp).map_err(ExecError::invalid)?;
    let state = host_state(py, &main).map_err(|e| failed(snapshot(&e, 1)))?;
    let dict = main.module_dict().map_err(ExecError::invalid)?;
    let mut host = RtHost {
        builtins: &state.builtins,
        main_dict: dict.unbind(),
    };
    let mut result = Ok(());
    for (program, line) in &compiled.stmts {
        if let Err(e) = subinterp_script::exec(py, &mut host, program) {
            result = Err(failed(snapshot(&e, *line)));
            break;
        }
    }
    host.main_dict.release(py);
    result
}

/// The [`Host`] of one `exec` call.
struct RtHost<'a> {
    builtins: &'a Builtins,
    main_dict: ObjRef,
}

impl Host for RtHost<'_> {
    fn import<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Obj<'py>> {
        crate::import(py, name)
    }

    fn reload<'py>(&mut self, py: Py<'py>, module: &Obj<'py>) -> PyResult<Obj<'py>> {
        crate::import::with_import_cx(py, |cx| cx.reload(py, module))
    }

    fn main_dict<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(self.main_dict.bind(py)?)
    }

    fn builtins(&self) -> &Builtins {
        self.builtins
    }

    fn write_stdout(&mut self, text: &str) -> PyResult<()> {
        sink::write(text)
    }
}

/// Where printed text goes: the writer of the innermost `exec_to` in progress on this thread,
/// else the process's standard output.
pub(crate) mod sink {
    use super::*;

    /// A writer borrowed by an `exec_to` call, its lifetime erased (see [`push`]).
    type Raw = *mut (dyn Write + 'static);

    thread_local! {
        static SINKS: RefCell<Vec<Raw>> = const { RefCell::new(Vec::new()) };
        /// A write is in progress (a writer calling back into code that prints would
        /// otherwise make a second `&mut` to it).
        static BUSY: Cell<bool> = const { Cell::new(false) };
    }

    /// Pops the sink it pushed when dropped. Not `Send`.
    pub(crate) struct Pushed(std::marker::PhantomData<*const ()>);

    impl Drop for Pushed {
        fn drop(&mut self) {
            let _ = SINKS.try_with(|s| s.borrow_mut().pop());
        }
    }

    /// Makes `out` this thread's sink until the guard drops. The caller must not use `out`
    /// while the guard lives (writes go through the sink).
    pub(crate) fn push(out: &mut dyn Write) -> Pushed {
        let p: *mut (dyn Write + '_) = out;
        // SAFETY: only the trait object's lifetime bound changes (same layout). The pointer
        // is dereferenced only by `write`, on this thread, while the guard returned here is
        // alive, and the guard cannot outlive the borrow of `out` it was made from (it is
        // dropped in the frame that holds that borrow).
        let p: Raw = unsafe { std::mem::transmute::<*mut (dyn Write + '_), Raw>(p) };
        let _ = SINKS.try_with(|s| s.borrow_mut().push(p));
        Pushed(std::marker::PhantomData)
    }

    /// Writes `text` to the current sink. A failing writer is `OSError` (what a broken
    /// `sys.stdout` raises).
    pub(crate) fn write(text: &str) -> PyResult<()> {
        let top = SINKS
            .try_with(|s| s.borrow().last().copied())
            .ok()
            .flatten();
        let res = match top {
            Some(p) => {
                if BUSY.with(|b| b.replace(true)) {
                    return Err(PyErr::new(
                        &exc::RUNTIME_ERROR,
                        "reentrant call inside the output sink",
                    ));
                }
                /// Clears `BUSY`, also if the writer panics.
                struct Done;
                impl Drop for Done {
                    fn drop(&mut self) {
                        let _ = BUSY.try_with(|b| b.set(false));
                    }
                }
                let _done = Done;
                // SAFETY: `p` was pushed by an `exec_to` still in progress on this thread
                // (its guard pops it before the borrow ends), and `BUSY` makes this the only
                // live `&mut` to the writer.
                unsafe { (*p).write_all(text.as_bytes()) }
            }
            None => std::io::stdout().write_all(text.as_bytes()),
        };
        res.map_err(|e| PyErr::new(&exc::OS_ERROR, e.to_string()))
    }
}
