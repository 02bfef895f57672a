//! [`Runtime`]: CPython's `_PyRuntimeState` as a value, with its interpreter registry.

use std::collections::BTreeMap;
use std::sync::{Arc, Weak};

use subinterp_config::InterpreterConfig;
use subinterp_gil::Attached;
use subinterp_import::{ImportConfig, ImportSystem};

use crate::views::{RuntimeImports, RuntimeQueues};
use subinterp_object::InterpId;
use subinterp_xi::{Queues, Release};

use crate::builder::Options;
use crate::hooks::ReleaseSink;
use crate::state::InterpState;
use crate::sync::Mutex;
use crate::{
    EndReport, Error, FinalizeReport, Interpreter, Run, RuntimeBuilder, Whence, create, end, here,
};

/// The interpreters of one runtime (CPython's `runtime->interpreters`, under `HEAD_LOCK`).
///
/// Never held while taking a GIL or running Python-level code, so no GIL holder can wait for a
/// thread that waits for this lock.
pub(crate) struct Registry {
    pub(crate) initialized: bool,
    /// Finalization began: no new interpreters.
    pub(crate) finalizing: bool,
    /// The next id (main is 0; a failed creation still uses one up; reset by `initialize`).
    pub(crate) next_id: u64,
    /// Ready interpreters, by id (so listing is in ascending id order, main first).
    pub(crate) map: BTreeMap<u64, Arc<InterpState>>,
    pub(crate) main: Option<Arc<InterpState>>,
    /// This initialization's queues (ids of interpreters restart at each initialization, and
    /// the queue registry remembers ended ones).
    pub(crate) queues: Arc<Queues>,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry {
            initialized: false,
            finalizing: false,
            next_id: 0,
            map: BTreeMap::new(),
            main: None,
            queues: Arc::new(Queues::new()),
        }
    }
}

/// What every handle shares.
pub(crate) struct RtInner {
    pub(crate) opts: Options,
    pub(crate) imports: ImportSystem,
    pub(crate) reg: Mutex<Registry>,
    /// Serialises initialize and finalize.
    pub(crate) lifecycle: Mutex<()>,
    pub(crate) sink: Arc<ReleaseSink>,
}

impl RtInner {
    /// The interpreter `id`, if it is registered and not ended.
    pub(crate) fn lookup(&self, id: InterpId) -> Option<Arc<InterpState>> {
        self.reg
            .lock()
            .map
            .get(&id.get())
            .filter(|s| !s.is_ended())
            .cloned()
    }

    /// The main interpreter, while initialized.
    pub(crate) fn main_state(&self) -> Option<Arc<InterpState>> {
        self.reg.lock().main.clone()
    }

    /// This initialization's queue registry.
    pub(crate) fn queues(&self) -> Arc<Queues> {
        self.reg.lock().queues.clone()
    }

    /// Forgets an ended interpreter (CPython unlinks it last, in `PyInterpreterState_Delete`).
    pub(crate) fn unlink(&self, st: &Arc<InterpState>) {
        let mut reg = self.reg.lock();
        if reg
            .map
            .get(&st.id.get())
            .is_some_and(|s| Arc::ptr_eq(s, st))
        {
            reg.map.remove(&st.id.get());
        }
    }
}

impl Drop for RtInner {
    fn drop(&mut self) {
        // The last handle is gone: end whatever is left, as `Py_Finalize` at exit would.
        if self.reg.get_mut().initialized
            && !here::in_any_run()
            && end::refuse_inside_end("dropping a runtime").is_ok()
        {
            let _ = crate::finalize::finalize(self);
        }
    }
}

/// A runtime: a main interpreter, the sub-interpreters created from it, their import system
/// and their queues (CPython's `_PyRuntimeState`, but a value: several runtimes may live in one
/// process, which is what lets tests run in parallel).
///
/// Cheap to clone (a shared handle). See the [crate docs](crate) for the life cycle.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) inner: Arc<RtInner>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let reg = self.inner.reg.lock();
        f.debug_struct("Runtime")
            .field("initialized", &reg.initialized)
            .field("interpreters", &reg.map.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// A builder for a runtime.
    pub fn builder() -> RuntimeBuilder {
        RuntimeBuilder::new()
    }

    /// A runtime with the default configuration, initialized.
    pub fn new() -> Result<Runtime, Error> {
        RuntimeBuilder::new().build()
    }

    pub(crate) fn from_parts(import: ImportConfig, opts: Options) -> Runtime {
        let imports = ImportSystem::new(import);
        let inner = Arc::new_cyclic(|me: &Weak<RtInner>| RtInner {
            opts,
            imports,
            reg: Mutex::new(Registry::default()),
            lifecycle: Mutex::new(()),
            sink: Arc::new(ReleaseSink::new(me.clone())),
        });
        Runtime { inner }
    }

    /// Initializes the runtime (`Py_Initialize`): copies the builtin table and creates the main
    /// interpreter (id 0). Also what starts a runtime again after
    /// [`finalize`](Self::finalize); ids then count from 0 again.
    ///
    /// Idempotent, as CPython's `Py_Initialize`: on a runtime that is initialized already it
    /// does nothing and succeeds (main and every sub-interpreter stay as they are; ids keep
    /// counting). It fails only when initializing fails (e.g. `MemoryError` from the heap).
    pub fn initialize(&self) -> Result<(), Error> {
        end::refuse_inside_end("Runtime::initialize")?;
        create::initialize(&self.inner)
    }

    /// Whether the runtime is initialized (and not finalized since).
    pub fn is_initialized(&self) -> bool {
        let reg = self.inner.reg.lock();
        reg.initialized && !reg.finalizing
    }

    /// Finalizes the runtime (`Py_FinalizeEx`): ends every remaining sub-interpreter, newest
    /// first as CPython does (each joins its non-daemon threads; a running `__main__` is waited
    /// for), then the main interpreter, and drops the import system's cache and every queue.
    /// Reports each ending.
    ///
    /// Must be called outside every [`Interpreter::run`]: code up the stack would otherwise
    /// come back into an interpreter that is gone.
    pub fn finalize(&self) -> Result<FinalizeReport, Error> {
        if here::in_any_run() {
            return Err(Error::InsideRun("Runtime::finalize"));
        }
        end::refuse_inside_end("Runtime::finalize")?;
        crate::finalize::finalize(&self.inner)
    }

    /// The main interpreter (id 0, whence [`Whence::Runtime`]).
    pub fn main(&self) -> Result<Interpreter, Error> {
        let st = self.inner.main_state().ok_or(Error::NotInitialized)?;
        Ok(self.handle(st))
    }

    /// Creates a sub-interpreter from `config` (the product's `interpreters.create()`, whence
    /// [`Whence::Stdlib`]): validates the config, takes a never-reused id (a failed creation
    /// still uses one up), gives it its own heap or a share of main's and its own GIL or main's
    /// as the config says, and sets up `sys`, `builtins`, `__main__` and its import state.
    ///
    /// Errors are CPython's chain: `InterpreterError: interpreter creation failed`, caused by
    /// `InterpreterError: sub-interpreter creation failed`, caused by the reason (e.g.
    /// `RuntimeError: init_interp_settings: per-interpreter obmalloc does not support
    /// single-phase init extension modules`); see [`Error::creation_cause`].
    ///
    /// May be called from any thread outside a run; inside a run, the context is needed to
    /// switch away from it: [`new_interpreter_from`](Self::new_interpreter_from)
    /// ([`Error::InsideRun`] here).
    pub fn new_interpreter(&self, config: InterpreterConfig) -> Result<Interpreter, Error> {
        self.new_interpreter_with(config, Whence::Stdlib)
    }

    /// [`new_interpreter`](Self::new_interpreter) from inside the run `cx` on this thread:
    /// the setup switches to the new interpreter, suspending the run's thread state.
    pub fn new_interpreter_from(
        &self,
        cx: &mut Run<'_>,
        config: InterpreterConfig,
    ) -> Result<Interpreter, Error> {
        let mut outer = cx.attached()?;
        self.new_interpreter_on(config, &mut outer)
    }

    /// [`new_interpreter`](Self::new_interpreter) from the run whose attached thread state is
    /// `outer`.
    pub(crate) fn new_interpreter_on(
        &self,
        config: InterpreterConfig,
        outer: &mut Attached,
    ) -> Result<Interpreter, Error> {
        let st = create::create(&self.inner, &config, Whence::Stdlib, Some(outer))?;
        Ok(self.handle(st))
    }

    /// As [`new_interpreter`](Self::new_interpreter), recording another origin (the C-API
    /// ones: [`Whence::Capi`], [`Whence::LegacyCapi`], [`Whence::Xi`]). Such interpreters are
    /// ended through [`end_interpreter`](Self::end_interpreter), not
    /// [`Interpreter::end`].
    pub fn new_interpreter_with(
        &self,
        config: InterpreterConfig,
        whence: Whence,
    ) -> Result<Interpreter, Error> {
        if here::top().is_some() {
            return Err(Error::InsideRun(
                "Runtime::new_interpreter (inside a run: Runtime::new_interpreter_from)",
            ));
        }
        let st = create::create(&self.inner, &config, whence, None)?;
        Ok(self.handle(st))
    }

    /// The interpreter `id`: `InterpreterNotFoundError` when there is none.
    pub fn interpreter(&self, id: InterpId) -> Result<Interpreter, Error> {
        let st = self.inner.lookup(id).ok_or(Error::NotFound(id))?;
        Ok(self.handle(st))
    }

    /// Every interpreter, in ascending id order (main first), as `list_all()` returns them.
    pub fn list(&self) -> Vec<Interpreter> {
        let states: Vec<_> = self
            .inner
            .reg
            .lock()
            .map
            .values()
            .filter(|s| !s.is_ended())
            .cloned()
            .collect();
        states.into_iter().map(|st| self.handle(st)).collect()
    }

    /// Ends interpreter `id` (`_interpreters.destroy(id)`, unrestricted). Checks, in CPython's
    /// order: unknown id (`InterpreterNotFoundError`), the calling thread runs it ("cannot
    /// destroy the current interpreter"), its `__main__` is running or it is main ("interpreter
    /// running"). Then joins its non-daemon threads, waits for runs of its daemon threads to
    /// return (they can never enter again), and tears it down; see [`EndReport`].
    pub fn end_interpreter(&self, id: InterpId) -> Result<EndReport, Error> {
        let st = self.inner.lookup(id).ok_or(Error::NotFound(id))?;
        end::end(&self.inner, &st, end::Check::Unrestricted, None)
    }

    /// [`end_interpreter`](Self::end_interpreter) from inside the run `cx` on this thread (the
    /// teardown switches to the ending interpreter, suspending the run's thread state).
    pub fn end_interpreter_from(&self, cx: &mut Run<'_>, id: InterpId) -> Result<EndReport, Error> {
        let st = self.inner.lookup(id).ok_or(Error::NotFound(id))?;
        let mut outer = cx.attached()?;
        end::end(&self.inner, &st, end::Check::Unrestricted, Some(&mut outer))
    }

    /// The interpreter the calling thread runs in, if it runs one of this runtime's (for code
    /// without the run's context at hand; code with it asks [`Run::interpreter`]).
    pub fn current(&self) -> Option<Interpreter> {
        let top = here::top()?;
        let st = self.inner.lookup(top.id)?;
        top.runs(&st).then(|| self.handle(st))
    }

    /// The runtime's import system (tables, extension cache), without its initialize,
    /// finalize and per-interpreter steps, which are the runtime's own.
    pub fn imports(&self) -> RuntimeImports<'_> {
        RuntimeImports(&self.inner.imports)
    }

    /// The runtime's queues (`_interpqueues`) for this initialization; the runtime applies
    /// the unbound-item policies when an interpreter ends, and destroys the queues left at
    /// finalization (a new initialization starts with a new registry).
    /// Without the interpreter-end hook and the fork hold, which are the runtime's own.
    pub fn queues(&self) -> RuntimeQueues {
        RuntimeQueues(self.inner.queues())
    }

    /// Where cross-interpreter data releases owner-side state: runs the release on the owner
    /// (inline if the dropping thread runs it, else as a pending call there).
    pub fn release_sink(&self) -> Arc<dyn Release> {
        self.inner.sink.clone()
    }

    pub(crate) fn handle(&self, st: Arc<InterpState>) -> Interpreter {
        Interpreter {
            rt: self.inner.clone(),
            st,
        }
    }
}
