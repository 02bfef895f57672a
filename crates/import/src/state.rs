//! Per-interpreter import state ([`InterpImports`], CPython's `interp->imports`), its settings,
//! and the context an import runs in ([`ImportCx`]). A token finds its interpreter's state
//! through its own object-layer state ([`Objects::imports`]), as CPython goes from the thread
//! state to `interp->imports`: there is no process-wide table to look it up in.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::Mutex;
use subinterp_config::{FeatureFlags, ValidConfig};
use subinterp_gil::Attached;
use subinterp_object::{InterpId, Obj, ObjRef, Objects, Py, PyErr, PyResult, exc};

use crate::lock::ImportLock;
use crate::system::Shared;
use crate::timing::Timing;

/// What the import system needs to know about an interpreter's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InterpSettings {
    /// Whether this is the main interpreter.
    pub is_main: bool,
    /// `interp->ceval.own_gil`.
    pub own_gil: bool,
    /// Whether it allocates from main's heap (`Py_RTFLAGS_USE_MAIN_OBMALLOC`).
    pub use_main_obmalloc: bool,
    /// `Py_RTFLAGS_MULTI_INTERP_EXTENSIONS`: refuse extensions that do not support multiple
    /// interpreters (before the `_imp` override).
    pub check_multi_interp_extensions: bool,
    /// `config.use_frozen_modules`; `None` takes the runtime's setting.
    pub use_frozen_modules: Option<bool>,
    /// `config.import_time` (`-X importtime`): emit import-time events.
    pub import_time: bool,
}

impl InterpSettings {
    /// The main interpreter's settings.
    pub fn main() -> InterpSettings {
        InterpSettings::from_config(&ValidConfig::main(), true)
    }

    /// The settings of an interpreter created with `config`.
    pub fn from_config(config: &ValidConfig, is_main: bool) -> InterpSettings {
        let flags = config.feature_flags();
        InterpSettings {
            is_main,
            own_gil: config.own_gil(),
            use_main_obmalloc: flags.contains(FeatureFlags::USE_MAIN_OBMALLOC),
            check_multi_interp_extensions: flags.contains(FeatureFlags::MULTI_INTERP_EXTENSIONS),
            use_frozen_modules: None,
            import_time: false,
        }
    }
}

/// One interpreter's import state: `sys.modules` (a real dict in the interpreter's heap),
/// `modules_by_index`, the import lock, the `_imp` overrides and the import-time bookkeeping.
///
/// Made by [`ImportSystem::setup_interp`](crate::ImportSystem::setup_interp), ended by
/// [`ImportSystem::end_interp`](crate::ImportSystem::end_interp). Objects it refers to are
/// reached only with a token of the interpreter's heap; the lock-free fields (overrides) and
/// the import lock may be used from any thread of the interpreter.
pub struct InterpImports {
    id: InterpId,
    pub(crate) system: Arc<Shared>,
    pub(crate) settings: InterpSettings,
    // The `parking_lot` locks below are not held across a `fork()`, and need not be: each is
    // taken only by a thread attached to this interpreter (holding its GIL), the forking thread
    // holds main's GIL, and the child abandons every other interpreter's state. (The import
    // lock `lock` is the exception, a known hole: see docs/reliability.md, issue 13.)
    /// `sys.modules`; `None` once ended.
    pub(crate) modules: Mutex<Option<ObjRef>>,
    /// The `sys` module.
    pub(crate) sys: Mutex<Option<ObjRef>>,
    /// `modules_by_index`: index -> single-phase module.
    pub(crate) by_index: Mutex<Vec<Option<ObjRef>>>,
    /// Every module the import machinery made in this interpreter, by identity. Modules form
    /// cycles with their functions and nothing collects cycles, so without this list a module
    /// dropped from `sys.modules` could never be cleared, and its state (e.g. a
    /// [`GlobalRef`](crate::GlobalRef)) never released.
    pub(crate) created: Mutex<Created>,
    pub(crate) lock: ImportLock,
    override_multi: AtomicI32,
    override_frozen: AtomicI32,
    pub(crate) timing: Mutex<Timing>,
    /// The per-module locks of bodies running now (`module_lock.rs`).
    pub(crate) module_locks: Mutex<crate::module_lock::ModuleLocks>,
}

impl InterpImports {
    pub(crate) fn new(
        py: Py<'_>,
        system: Arc<Shared>,
        settings: InterpSettings,
        modules: ObjRef,
    ) -> InterpImports {
        InterpImports {
            id: py.interp(),
            system,
            settings,
            modules: Mutex::new(Some(modules)),
            sys: Mutex::new(None),
            by_index: Mutex::new(Vec::new()),
            created: Mutex::new(Created::default()),
            lock: ImportLock::default(),
            override_multi: AtomicI32::new(0),
            override_frozen: AtomicI32::new(0),
            timing: Mutex::new(Timing::default()),
            module_locks: Mutex::new(crate::module_lock::ModuleLocks::default()),
        }
    }

    /// The import state of the interpreter `py` belongs to (CPython's
    /// `PyInterpreterState_Get()->imports`), if it was set up and not torn down.
    pub fn of(py: Py<'_>) -> Option<Arc<InterpImports>> {
        py.imports()?.downcast::<InterpImports>().ok()
    }

    /// Like [`of`](Self::of), with CPython's error when there is none.
    pub(crate) fn require(py: Py<'_>) -> PyResult<Arc<InterpImports>> {
        InterpImports::of(py).ok_or_else(|| {
            PyErr::new(
                &exc::SYSTEM_ERROR,
                "Python import machinery not initialized",
            )
        })
    }

    /// Makes the state findable from `py`'s interpreter ([`of`](Self::of)).
    pub(crate) fn register(self: &Arc<Self>, py: Py<'_>) {
        let weak: Weak<InterpImports> = Arc::downgrade(self);
        py.objects().set_imports(Some(weak));
    }

    /// Forgets it again (`py` is the interpreter's token); a state dropped without this is
    /// not found either (the record is weak).
    pub(crate) fn unregister(&self, py: Py<'_>) {
        py.objects().set_imports(None);
    }

    /// The interpreter's id.
    pub fn id(&self) -> InterpId {
        self.id
    }

    /// The interpreter's settings.
    pub fn settings(&self) -> &InterpSettings {
        &self.settings
    }

    /// The interpreter's import lock.
    pub fn lock(&self) -> &ImportLock {
        &self.lock
    }

    /// `sys.modules`.
    pub fn modules<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        match &*self.modules.lock() {
            Some(m) => Ok(m.bind(py)?),
            None => Err(PyErr::new(&exc::RUNTIME_ERROR, "lost sys.modules")),
        }
    }

    /// The `sys` module.
    pub fn sys_module<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        match &*self.sys.lock() {
            Some(m) => Ok(m.bind(py)?),
            None => Err(PyErr::new(&exc::RUNTIME_ERROR, "lost sys")),
        }
    }

    /// `interp->imports.override_multi_interp_extensions_check`.
    pub fn override_multi_interp_extensions(&self) -> i32 {
        self.override_multi.load(Ordering::Relaxed)
    }

    /// `_imp._override_multi_interp_extensions_check(n)`: sets the override (`<0` off, `>0`
    /// on, `0` use the config) and returns the previous one. Refused in the main interpreter
    /// with CPython's `RuntimeError`.
    pub fn set_override_multi_interp_extensions(&self, value: i32) -> PyResult<i32> {
        if self.settings.is_main {
            return Err(PyErr::new(
                &exc::RUNTIME_ERROR,
                "_imp._override_multi_interp_extensions_check() cannot be used in the main interpreter",
            ));
        }
        Ok(self.override_multi.swap(value, Ordering::Relaxed))
    }

    /// `check_multi_interp_extensions(interp)`: the override when set, else the config flag.
    pub fn check_multi_interp_extensions(&self) -> bool {
        match self.override_multi_interp_extensions() {
            o if o < 0 => false,
            o if o > 0 => true,
            _ => self.settings.check_multi_interp_extensions,
        }
    }

    /// `_imp._override_frozen_modules_for_tests(n)`.
    pub fn set_override_frozen_modules(&self, value: i32) {
        self.override_frozen.store(value, Ordering::Relaxed);
    }

    /// `use_frozen()`: the override when set, else the interpreter's config, else the
    /// runtime's setting.
    pub fn use_frozen(&self) -> bool {
        match self.override_frozen.load(Ordering::Relaxed) {
            o if o > 0 => true,
            o if o < 0 => false,
            _ => self
                .settings
                .use_frozen_modules
                .unwrap_or_else(|| self.system.use_frozen_modules()),
        }
    }

    /// `_PyImport_CheckSubinterpIncompatibleExtensionAllowed(name)`.
    pub(crate) fn check_allowed(&self, name: &str) -> PyResult<()> {
        if !self.settings.is_main && self.check_multi_interp_extensions() {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("module {name} does not support loading in subinterpreters"),
            ));
        }
        Ok(())
    }

    /// Sets `modules_by_index[index] = module`, padding with `None`.
    pub(crate) fn set_by_index(&self, py: Py<'_>, index: usize, module: &Obj<'_>) {
        let mut v = self.by_index.lock();
        if v.len() <= index {
            v.resize_with(index + 1, || None);
        }
        if let Some(old) = v[index].replace(module.to_ref()) {
            old.release(py);
        }
    }

    /// Records a module this interpreter made (see `created`). Now and then (each time the
    /// list doubled), modules nothing else refers to any more are released.
    pub(crate) fn track(&self, py: Py<'_>, module: &Obj<'_>) {
        if module.kind() != subinterp_object::Kind::Module || module.owner() != Some(self.id) {
            return;
        }
        let mut c = self.created.lock();
        c.map.entry(module.id()).or_insert_with(|| module.to_ref());
        if c.map.len() < c.prune_at {
            return;
        }
        let all = std::mem::take(&mut c.map);
        for (id, m) in all {
            // Our reference plus the bound one: nobody else holds it.
            let garbage = m.bind(py).is_ok_and(|o| o.refcnt() == 2);
            if garbage {
                m.release(py);
            } else {
                c.map.insert(id, m);
            }
        }
        c.prune_at = (c.map.len() * 2).max(Created::FIRST_PRUNE);
    }

    /// Whether `module` is in the `created` list.
    pub(crate) fn is_tracked(&self, module: &Obj<'_>) -> bool {
        self.created.lock().map.contains_key(&module.id())
    }

    /// Drops `module` from the `created` list (a failed import's module, being freed).
    pub(crate) fn untrack(&self, py: Py<'_>, module: &Obj<'_>) {
        let old = self.created.lock().map.remove(&module.id());
        if let Some(old) = old {
            old.release(py);
        }
    }

    /// `modules_by_index[index]`.
    pub(crate) fn get_by_index<'py>(&self, py: Py<'py>, index: usize) -> Option<Obj<'py>> {
        let v = self.by_index.lock();
        v.get(index)?.as_ref()?.bind(py).ok()
    }

    /// Sets `modules_by_index[index] = None`; whether the index was in range.
    pub(crate) fn clear_by_index(&self, py: Py<'_>, index: usize) -> bool {
        let mut v = self.by_index.lock();
        match v.get_mut(index) {
            Some(slot) => {
                if let Some(old) = slot.take() {
                    old.release(py);
                }
                true
            }
            None => false,
        }
    }

    pub(crate) fn system(&self) -> &Arc<Shared> {
        &self.system
    }
}

/// The modules an interpreter made (see `InterpImports::created`).
pub(crate) struct Created {
    pub(crate) map: HashMap<usize, ObjRef>,
    prune_at: usize,
}

impl Created {
    const FIRST_PRUNE: usize = 64;
}

impl Default for Created {
    fn default() -> Created {
        Created {
            map: HashMap::new(),
            prune_at: Created::FIRST_PRUNE,
        }
    }
}

impl std::fmt::Debug for InterpImports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterpImports")
            .field("id", &self.id)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The main interpreter, as an import in any interpreter needs it: to run init functions
/// there and to own the extension cache's copies.
#[derive(Clone, Copy, Debug)]
pub struct MainRef<'a> {
    /// Main's object-layer state.
    pub objects: &'a Objects,
    /// Main's GIL-layer interpreter.
    pub interp: &'a Arc<subinterp_gil::Interp>,
    /// Main's import state.
    pub state: &'a InterpImports,
}

/// The context of an import: the importing interpreter's state, the calling thread's attached
/// thread state in it (to switch to main for init functions, and to release the GIL while
/// waiting for the import lock), and the main interpreter.
///
/// The runtime builds one around each import. The token passed along with it must belong to
/// `state`'s interpreter and must have been made with `Objects::with_gil` while `tstate` was
/// attached (not borrowed from `tstate`, which the import needs mutably).
#[derive(Debug)]
pub struct ImportCx<'a> {
    /// The importing interpreter's import state.
    pub state: &'a InterpImports,
    /// The calling thread's attached state in that interpreter.
    pub tstate: &'a mut Attached,
    /// The main interpreter.
    pub main: MainRef<'a>,
}

impl ImportCx<'_> {
    /// Whether the importing interpreter allocates from main's heap (so it may bind main's
    /// objects).
    pub(crate) fn shares_main_heap(&self, py: Py<'_>) -> bool {
        py.heap_id() == self.main.objects.heap_id()
    }
}
