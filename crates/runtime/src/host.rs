//! The eval loop's [`Host`] for the runtime: imports through the runtime's import wiring,
//! standard output to the sink the caller of `exec` passed ([`sink`]), standard error to the
//! process's, the eval breaker (the interpreter's GIL breaker; its slow path is
//! [`check`](crate::check), then a pending interrupt), and the per-interpreter loop state ([`VmState`]) kept between
//! runs.
//!
//! # Where the pieces live
//!
//! | piece | where | lifetime |
//! |---|---|---|
//! | the interpreter's builtins | the dict of its `builtins` module (made at creation, `sys.modules['builtins']` and `__main__.__builtins__`), filled by the vm at the first run | until the interpreter ends (`end_interp` clears the module's dict) |
//! | constants, interned names, unbound methods, recursion limit, source texts | a [`VmState`] in the interpreter's [`Modules`](crate::state::Modules), taken by a run and given back at its end | until the interpreter ends (released by its teardown) |
//! | the eval breaker, the interpreter's handle for its native functions ([`RtContext`], weak) | set in the [`VmState`] when it is made | as the state |
//! | compiled code | the compile crate's process-wide cache | the process |
//! | the print sink | a per-thread stack of the `exec_to` writers in progress | one `exec_to` call |

use std::cell::{Cell, RefCell, RefMut};
use std::io::Write;
use std::sync::Arc;

use subinterp_compile::Mode;
use subinterp_gil::Attached;
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};
use subinterp_vm::{Host, Imported, ModuleRun, Tstate, VmState};
use subinterp_xi::ExcSnapshot;

use crate::exc::INTERPRETER_ERROR;
use crate::exec::{ExecError, failed, snapshot_of};
use crate::run::Core;
use crate::{Interpreter, Run};

/// The file name of code run by `exec` (CPython's `_interpreters.exec` compiles with it).
pub(crate) const EXEC_FILENAME: &str = "<string>";

/// The interpreter's `__main__` module (bound under `py`).
pub(crate) fn main_module<'py>(py: Py<'py>, interp: &Interpreter) -> PyResult<Obj<'py>> {
    let guard = interp.st.modules.lock();
    let m = guard
        .as_ref()
        .ok_or_else(|| PyErr::new(&INTERPRETER_ERROR, "failed to get __main__ namespace"))?;
    Ok(m.main.bind(py)?)
}

/// The namespace of the interpreter's `__main__` and its loop state, taken for a run (one
/// lock for both: this is on every `exec`'s path). Give the state back with [`put_vm`].
pub(crate) fn enter_main<'py>(py: Py<'py>, interp: &Interpreter) -> PyResult<(Obj<'py>, VmState)> {
    let mut guard = interp.st.modules.lock();
    let m = guard
        .as_mut()
        .ok_or_else(|| PyErr::new(&INTERPRETER_ERROR, "failed to get __main__ namespace"))?;
    let globals = m.main.bind(py)?.module_dict()?;
    let vm = take_vm_from(py, interp, m)?;
    Ok((globals, vm))
}

/// The interpreter's loop state for a run that needs no `__main__` (a module body run for a
/// native caller); give it back with [`put_vm`].
pub(crate) fn take_vm(py: Py<'_>, interp: &Interpreter) -> PyResult<VmState> {
    let mut guard = interp.st.modules.lock();
    let m = guard
        .as_mut()
        .ok_or_else(|| PyErr::new(&INTERPRETER_ERROR, "failed to get __main__ namespace"))?;
    take_vm_from(py, interp, m)
}

/// Takes the interpreter's loop state for a run: the one kept between runs, or, while
/// another run of this thread or another holds it, a sibling with the same builtins and empty
/// caches. Made on the interpreter's first run (its builtins filled in then, so creating an
/// interpreter does not pay for them), with the interpreter's eval breaker and the context
/// its native functions reach through the thread state ([`RtContext`]).
fn take_vm_from(
    py: Py<'_>,
    interp: &Interpreter,
    m: &mut crate::state::Modules,
) -> PyResult<VmState> {
    if let Some(vm) = m.vm.take() {
        return Ok(vm);
    }
    if let Some(seed) = &m.vm_seed {
        return seed.sibling(py);
    }
    let namespace = m.builtins.bind(py)?.module_dict()?;
    let mut vm = VmState::with_builtins(py, &namespace)?;
    vm.set_eval_breaker(interp.gil_interp().breaker().clone());
    vm.set_context(Arc::new(RtContext::of(interp)));
    m.vm_seed = Some(vm.sibling(py)?);
    Ok(vm)
}

/// Runs `f` with a thread state of the run `cx`: the interpreter's loop state taken for the
/// call and given back after, as a run of `exec` does. For native functions called from Rust
/// ([`Interpreter::call`]).
pub(crate) fn with_tstate<'py, R>(
    cx: &mut Run<'py>,
    f: impl FnOnce(&mut Tstate<'py>) -> R,
) -> PyResult<R> {
    let (py, core) = (cx.py(), cx.core());
    let vm = take_vm(py, core.interp)?;
    let mut ts = Tstate::attach(py, Box::new(RtHost::new(core)), vm)?;
    let r = f(&mut ts);
    put_vm(py, core.interp, ts.detach());
    Ok(r)
}

/// Gives back the state [`enter_main`] took: kept when the slot is empty (a sibling's caches are
/// dropped when the first state is back already).
pub(crate) fn put_vm(py: Py<'_>, interp: &Interpreter, vm: VmState) {
    let mut guard = interp.st.modules.lock();
    match guard.as_mut() {
        Some(m) if m.vm.is_none() => m.vm = Some(vm),
        _ => {
            drop(guard);
            let _ = vm.release(py);
        }
    }
}

/// Runs `source` in the run `cx` with `out` as its standard output, compiled in `mode`.
pub(crate) fn exec_in(
    cx: &mut Run<'_>,
    source: &str,
    mode: Mode,
    out: &mut dyn Write,
) -> Result<(), ExecError> {
    let _sink = sink::push(out);
    exec_in_current(cx, source, mode)
}

/// Runs `source` in the run `cx` compiled in `mode`, printing to the current sink: the vm
/// runs the code in `__main__`'s namespace; an uncaught exception comes back as
/// [`ExecError::Failed`] with CPython's traceback text.
pub(crate) fn exec_in_current(cx: &mut Run<'_>, source: &str, mode: Mode) -> Result<(), ExecError> {
    // Native code re-entering here (directly or through another interpreter's `exec`) is
    // bounded like CPython's recursion: `RecursionError` in the statement that re-entered.
    let _level = crate::recursion::enter().map_err(ExecError::invalid)?;
    // The loop's frames are large (more so in debug builds): a re-entry continues on a new
    // stack segment when the thread's stack runs low, so the depth, not the stack, bounds
    // it.
    stacker::maybe_grow(RED_ZONE, SEGMENT, || run_in(cx, source, mode))
}

/// Native stack a run must find free before it starts, else it starts on a new segment.
const RED_ZONE: usize = 512 * 1024;
/// The size of each stack segment added for runs.
const SEGMENT: usize = 4 * 1024 * 1024;

/// The body of [`exec_in_current`], on a stack with room.
fn run_in(cx: &mut Run<'_>, source: &str, mode: Mode) -> Result<(), ExecError> {
    let (py, core) = (cx.py(), cx.core());
    // Compiled before anything else: CPython reports a syntax error before it touches
    // `__main__`.
    let code = recent::compile(source, mode).map_err(|e| failed(syntax_snapshot(&e)))?;
    let (globals, vm) = enter_main(py, core.interp).map_err(ExecError::invalid)?;
    let mut ts = match Tstate::attach(py, Box::new(RtHost::new(core)), vm) {
        Ok(ts) => ts,
        Err(e) => return Err(failed(plain_snapshot(&e))),
    };
    let result = match ts.exec(&code, &globals) {
        Ok(_) => Ok(()),
        Err(e) => Err(failed(exc_snapshot(&mut ts, &e))),
    };
    put_vm(py, core.interp, ts.detach());
    result
}

/// The code of the sources this thread ran last: a repeated `exec` of the same source (a
/// loop in the embedder, a pool's jobs) compares a few bytes instead of hashing the source
/// and taking the compile cache's process-wide lock.
mod recent {
    use std::cell::RefCell;
    use std::sync::Arc;

    use subinterp_compile::{Code, CompileError, Mode};

    /// How many sources each thread keeps.
    const SLOTS: usize = 8;
    /// Longer sources go to the process-wide cache only.
    const MAX_SOURCE: usize = 1024;

    struct Entry {
        mode: Mode,
        source: Box<str>,
        code: Arc<Code>,
    }

    #[derive(Default)]
    struct Recent {
        entries: Vec<Entry>,
        next: usize,
    }

    thread_local! {
        static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
    }

    /// `source` compiled in `mode` as file `<string>`, through this thread's recent sources,
    /// then the process-wide compile cache.
    pub(crate) fn compile(source: &str, mode: Mode) -> Result<Arc<Code>, CompileError> {
        let hit = RECENT
            .try_with(|r| {
                r.borrow()
                    .entries
                    .iter()
                    .find(|e| e.mode == mode && *e.source == *source)
                    .map(|e| e.code.clone())
            })
            .ok()
            .flatten();
        if let Some(code) = hit {
            return Ok(code);
        }
        let code = subinterp_compile::compile_cached(source, super::EXEC_FILENAME, mode)?;
        if source.len() <= MAX_SOURCE {
            let _ = RECENT.try_with(|r| {
                let mut r = r.borrow_mut();
                let entry = Entry {
                    mode,
                    source: source.into(),
                    code: code.clone(),
                };
                if r.entries.len() < SLOTS {
                    r.entries.push(entry);
                } else {
                    let at = r.next;
                    r.entries[at] = entry;
                    r.next = (at + 1) % SLOTS;
                }
            });
        }
        Ok(code)
    }
}

/// The snapshot of an exception the code raised (CPython's `_PyXI_excinfo_InitFromException`
/// with `TracebackException.format()`: the traceback the vm formats, its chained exceptions
/// included).
pub(crate) fn exc_snapshot(ts: &mut Tstate<'_>, e: &PyErr) -> ExcSnapshot {
    snapshot_of(e, subinterp_vm::format_exception(ts, e).ok())
}

/// The snapshot of an error raised before any code ran (no traceback).
fn plain_snapshot(e: &PyErr) -> ExcSnapshot {
    snapshot_of(e, Some(e.traceback_line()))
}

/// The snapshot of a syntax error in the script itself: CPython's display of a
/// `SyntaxError` (file, line, the offending text with its caret), no traceback.
pub(crate) fn syntax_snapshot(e: &subinterp_compile::CompileError) -> ExcSnapshot {
    ExcSnapshot::new(
        e.class_name(),
        e.class_name(),
        "builtins",
        e.message(),
        Some(subinterp_vm::format_syntax_error(e)),
    )
}

/// The runtime's services to the eval loop: the run it serves (its interpreter and attached
/// thread state, for the eval breaker's slow path, `allow_threads` and imports); the
/// interpreter's eval breaker and its handle ([`RtContext`]) are kept in its `VmState`,
/// output goes through the thread's [`sink`].
pub(crate) struct RtHost<'py> {
    core: &'py Core<'py>,
}

impl<'py> RtHost<'py> {
    pub(crate) fn new(core: &'py Core<'py>) -> RtHost<'py> {
        RtHost { core }
    }
}

/// What the runtime's native functions reach through their thread state
/// ([`Tstate::context`]): the interpreter they run in. Weak, because the interpreter's own
/// `VmState` keeps it (a strong handle would keep the interpreter alive for ever).
pub(crate) struct RtContext {
    rt: std::sync::Weak<crate::runtime::RtInner>,
    st: std::sync::Weak<crate::state::InterpState>,
}

impl RtContext {
    fn of(interp: &Interpreter) -> RtContext {
        RtContext {
            rt: Arc::downgrade(&interp.rt),
            st: Arc::downgrade(&interp.st),
        }
    }
}

/// The interpreter a native function runs in, from its thread state (`SystemError` for a
/// thread state the runtime did not make, or an interpreter already gone).
pub(crate) fn interp_of(ts: &Tstate<'_>) -> PyResult<Interpreter> {
    let cx = ts
        .context()
        .and_then(|c| c.downcast_ref::<RtContext>())
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "not running in a runtime interpreter"))?;
    match (cx.rt.upgrade(), cx.st.upgrade()) {
        (Some(rt), Some(st)) => Ok(Interpreter { rt, st }),
        _ => Err(PyErr::new(&exc::SYSTEM_ERROR, "the interpreter has ended")),
    }
}

/// The attached thread state of the run a native function runs in, reached through its
/// thread state's host (`SystemError` for a thread state the runtime did not make).
pub(crate) fn native_attached<'a>(ts: &'a mut Tstate<'_>) -> PyResult<RefMut<'a, Attached>> {
    ts.host()
        .attached()
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "not running in a runtime interpreter"))
}

/// [`allow_threads`](crate::allow_threads) for a native function.
pub(crate) fn native_allow_threads<R: Send>(
    ts: &mut Tstate<'_>,
    f: impl FnOnce() -> R + Send,
) -> PyResult<R> {
    let mut attached = native_attached(ts)?;
    Ok(crate::interp::release(&mut attached, f))
}

impl Host for RtHost<'_> {
    fn eval_breaker_tripped<'py>(&mut self, py: Py<'py>) -> PyResult<()> {
        // Pending calls (deferred frees of other interpreters) and a GIL handoff to a thread
        // that asked for it, as native code's `check` does; then a pending interrupt
        // (`Interpreter::interrupt`, `_thread.interrupt_main`) raises `KeyboardInterrupt`.
        let mut attached = self.core.attached().map_err(crate::Error::into_pyerr)?;
        crate::interp::check_on(py, &mut attached).map_err(crate::Error::into_pyerr)
    }

    fn attached(&mut self) -> Option<RefMut<'_, Attached>> {
        self.core.attached().ok()
    }

    fn write_stdout(&mut self, text: &str) -> PyResult<()> {
        sink::write(text)
    }

    fn write_stderr(&mut self, text: &str) -> PyResult<()> {
        std::io::stderr()
            .write_all(text.as_bytes())
            .map_err(|e| PyErr::new(&exc::OS_ERROR, e.to_string()))
    }

    fn source_line(&mut self, filename: &str, line: u32) -> Option<String> {
        // `linecache.getline`: the file as it is now; names such as `<string>` are no file.
        if filename.starts_with('<') {
            return None;
        }
        let text = std::fs::read_to_string(filename).ok()?;
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        text.lines().nth(idx).map(str::to_owned)
    }

    fn import<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Imported<'py>> {
        crate::source_import::step(self.core, py, name)
    }

    fn import_done<'py>(
        &mut self,
        py: Py<'py>,
        run: ModuleRun<'py>,
        result: PyResult<()>,
    ) -> PyResult<Obj<'py>> {
        crate::source_import::done(self.core, py, run, result)
    }

    fn loaded_module<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
        crate::source_import::loaded(self.core, py, name)
    }

    fn reload<'py>(&mut self, py: Py<'py>, module: &Obj<'py>) -> PyResult<Imported<'py>> {
        crate::source_import::reload(self.core, py, module)
    }

    fn allow_threads(&mut self, _py: Py<'_>, f: &mut (dyn FnMut() + Send)) -> PyResult<()> {
        let mut attached = self.core.attached().map_err(crate::Error::into_pyerr)?;
        crate::interp::release(&mut attached, f);
        Ok(())
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
