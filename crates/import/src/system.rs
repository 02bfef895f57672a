//! [`ImportSystem`]: the import state of one runtime (CPython's `_PyRuntime.imports` plus the
//! process globals it copies: `PyImport_Inittab`, `PyImport_FrozenModules`), and the
//! per-interpreter setup and teardown.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use subinterp_object::{Obj, Py, PyErr, PyResult, exc};

use crate::cache::ExtensionCache;
use crate::def::{InitFn, ModuleDef};
use crate::ext::ExtensionRegistry;
use crate::frozen::{Frozen, FrozenInfo, FrozenStatus, FrozenTable, FrozenTables};
use crate::inittab::{Inittab, InittabApi, InittabEntry, InittabFrozen};
use crate::state::{InterpImports, InterpSettings};

/// How a runtime's import system starts out.
#[derive(Clone, Debug)]
pub struct ImportConfig {
    /// The embedder's builtin table (`PyImport_Inittab`), copied when the runtime
    /// initializes.
    pub inittab: Inittab,
    /// The test frozen table (`_PyImport_FrozenTest`), e.g. `subinterp-testmodules`'.
    pub frozen_test: FrozenTable,
    /// The standard library's modules written in Python source (`subinterp-stdlib`'s
    /// `LIB_TABLE`): imported as frozen modules (loader `FrozenImporter`, code file name
    /// `<frozen NAME>`), found after the builtin table and the custom frozen table, before
    /// the stdlib and test frozen tables and `sys.path`, and still found when
    /// `frozen_modules` is off (they stand for CPython's `Lib/`, which that setting keeps).
    pub lib: FrozenTable,
    /// The embedder's custom frozen table (`PyImport_FrozenModules`): adds to the others,
    /// overrides stdlib and test entries but not bootstrap ones; an excluded entry disables a
    /// module. Read at each lookup, like CPython's global.
    pub frozen_custom: Option<Vec<Frozen>>,
    /// The `frozen_modules` setting (`-X frozen_modules`); CPython's default for release
    /// builds is on.
    pub use_frozen_modules: bool,
    /// `sys._stdlib_dir`, from which frozen modules get their `__file__`.
    pub stdlib_dir: Option<String>,
    /// The extension modules that can be loaded.
    pub extensions: ExtensionRegistry,
}

impl Default for ImportConfig {
    fn default() -> ImportConfig {
        ImportConfig {
            inittab: Inittab::new(),
            frozen_test: FrozenTable::default(),
            lib: FrozenTable::default(),
            frozen_custom: None,
            use_frozen_modules: true,
            stdlib_dir: Some("/usr/local/lib/python3.13".into()),
            extensions: ExtensionRegistry::new(),
        }
    }
}

/// Why [`ImportSystem::initialize`] failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportInitError {
    /// Initialized twice without a finalize in between (`_PyImport_Init`'s status error).
    #[error("global import state already initialized")]
    AlreadyInitialized,
}

/// The import locks held across a `fork()` ([`ImportSystem::hold_for_fork`]), in the order
/// they are taken (fields drop in declaration order, which releases them in that order too;
/// the order of release does not matter for deadlocks).
#[must_use]
pub struct ForkHold<'a> {
    _inittab: RwLockWriteGuard<'a, Option<Arc<Inittab>>>,
    _embedder: MutexGuard<'a, Inittab>,
    _custom: RwLockWriteGuard<'a, Option<Arc<[Frozen]>>>,
    _extensions: RwLockWriteGuard<'a, ExtensionRegistry>,
    _cache: crate::cache::CacheGuard<'a>,
    _indices: MutexGuard<'a, HashMap<usize, usize>>,
    _statics: MutexGuard<'a, Statics>,
}

/// Extensions' "C static" state, one value per type.
type Statics = HashMap<TypeId, Arc<dyn Any + Send + Sync>>;

// A panic while one of these std locks is held cannot leave its data half changed (every
// critical section is a single insert, clone or assignment), so poisoning is ignored.
fn read<T: ?Sized>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T: ?Sized>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(PoisonError::into_inner)
}

fn lock<T: ?Sized>(l: &Mutex<T>) -> MutexGuard<'_, T> {
    l.lock().unwrap_or_else(PoisonError::into_inner)
}

impl std::fmt::Debug for ForkHold<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ForkHold")
    }
}

/// What [`ImportSystem::finalize`] released.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FinalizeReport {
    /// Extension-cache entries dropped.
    pub cache_entries: usize,
}

/// The state shared by the [`ImportSystem`] handle and every interpreter's import state.
///
/// Every lock here is a futex lock (std), not `parking_lot`: [`ImportSystem::hold_for_fork`]
/// holds them all across a `fork()`, and a `parking_lot` unlock in the child could hand one
/// to a waiter of the parent that does not exist there.
///
/// Lock order (the one `hold_for_fork` takes them in): `inittab`, `embedder`, `custom`, `registry`, `cache`, `indices`, `statics`. The
/// only other path that nests two of them is `inittab` then `embedder` (`change_inittab`,
/// `reset_inittab`, `initialize`); every other one takes a single lock and drops it before
/// taking another (and never calls out to Python or an extension's code while holding it).
pub(crate) struct Shared {
    /// `PyImport_Inittab` (+ `inittab_copy`): the embedder-side table, extendable until
    /// initialization.
    embedder: Mutex<Inittab>,
    /// The table `reset_inittab` restores (`_PyImport_Inittab`).
    base: Inittab,
    /// `INITTAB`: the runtime's copy; `None` before initialization and after finalization.
    inittab: RwLock<Option<Arc<Inittab>>>,
    pub(crate) frozen: FrozenTables,
    custom: RwLock<Option<Arc<[Frozen]>>>,
    use_frozen: AtomicBool,
    /// The configured setting, which each initialization starts from.
    use_frozen_default: bool,
    pub(crate) stdlib_dir: Option<String>,
    registry: RwLock<ExtensionRegistry>,
    pub(crate) cache: ExtensionCache,
    /// Module indices per definition (`m_base.m_index`, kept out of the static defs).
    indices: Mutex<HashMap<usize, usize>>,
    next_index: AtomicU64,
    /// Extensions' "C static" state, one value per type (see [`statics`]).
    statics: Mutex<Statics>,
    generation: AtomicU64,
    /// Runs module bodies of Python code for native callers ([`ImportSystem::set_source_runner`]).
    source_runner: std::sync::OnceLock<crate::step::SourceRunner>,
    /// The `sys.path` every interpreter starts with ([`ImportSystem::set_initial_sys_path`]).
    initial_path: std::sync::OnceLock<Vec<String>>,
}

impl Shared {
    /// The `sys.path` a new interpreter starts with (empty until one is set).
    pub(crate) fn initial_sys_path(&self) -> &[String] {
        self.initial_path.get().map_or(&[], Vec::as_slice)
    }

    /// The runner installed with [`ImportSystem::set_source_runner`].
    pub(crate) fn source_runner(&self) -> Option<crate::step::SourceRunner> {
        self.source_runner.get().copied()
    }

    fn indices(&self) -> MutexGuard<'_, HashMap<usize, usize>> {
        lock(&self.indices)
    }

    pub(crate) fn use_frozen_modules(&self) -> bool {
        self.use_frozen.load(Ordering::Relaxed)
    }

    /// The runtime's builtin table, or `SystemError` when not initialized.
    pub(crate) fn inittab(&self) -> PyResult<Arc<Inittab>> {
        read(&self.inittab).clone().ok_or_else(|| {
            PyErr::new(
                &exc::SYSTEM_ERROR,
                "Python import machinery not initialized",
            )
        })
    }

    /// The extension registry, for a lookup (held only for it: no Python code runs meanwhile).
    pub(crate) fn extensions(&self) -> RwLockReadGuard<'_, ExtensionRegistry> {
        read(&self.registry)
    }

    pub(crate) fn custom_frozen(&self) -> Option<Arc<[Frozen]>> {
        read(&self.custom).clone()
    }

    /// `find_frozen` for an interpreter.
    pub(crate) fn find_frozen(
        &self,
        name: &str,
        use_frozen: bool,
    ) -> (FrozenStatus, Option<FrozenInfo>) {
        let custom = self.custom_frozen();
        self.frozen.find(custom.as_deref(), name, use_frozen)
    }

    /// The index of `def` in this runtime (`PyModuleDef_Init`'s `m_index`), assigned on first
    /// use, starting at 1, never reused.
    pub(crate) fn module_index(&self, def: &'static ModuleDef) -> usize {
        *self.indices().entry(def.key()).or_insert_with(|| {
            usize::try_from(self.next_index.fetch_add(1, Ordering::Relaxed) + 1)
                .unwrap_or(usize::MAX)
        })
    }

    /// The index of `def`, if it has one.
    pub(crate) fn existing_index(&self, def: &'static ModuleDef) -> Option<usize> {
        self.indices().get(&def.key()).copied()
    }

    pub(crate) fn statics<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut map = lock(&self.statics);
        let any = map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()))
            .clone();
        drop(map);
        // The entry for `TypeId::of::<T>()` always holds a `T`.
        any.downcast::<T>()
            .unwrap_or_else(|_| Arc::new(T::default()))
    }
}

/// One runtime's import system: the builtin table and its copy, the frozen tables, the
/// extension registry, the extension cache, module indices and extensions' static state.
///
/// It is a value (several runtimes may live in one process, e.g. in tests) that outlives
/// finalize/initialize cycles, as `_PyRuntime` does: [`finalize`](Self::finalize) drops the
/// cache and the table copy, [`initialize`](Self::initialize) takes a new copy. Cloning gives
/// another handle to the same system.
#[derive(Clone)]
pub struct ImportSystem {
    pub(crate) shared: Arc<Shared>,
}

impl ImportSystem {
    /// A system configured by `config`, not yet initialized.
    pub fn new(config: ImportConfig) -> ImportSystem {
        ImportSystem {
            shared: Arc::new(Shared {
                base: Inittab::new(),
                embedder: Mutex::new(config.inittab),
                inittab: RwLock::new(None),
                frozen: FrozenTables {
                    bootstrap: crate::frozen_std::BOOTSTRAP_TABLE,
                    lib: config.lib,
                    stdlib: crate::frozen_std::STDLIB_TABLE,
                    test: config.frozen_test,
                },
                custom: RwLock::new(config.frozen_custom.map(Arc::from)),
                use_frozen: AtomicBool::new(config.use_frozen_modules),
                use_frozen_default: config.use_frozen_modules,
                stdlib_dir: config.stdlib_dir,
                registry: RwLock::new(config.extensions),
                cache: ExtensionCache::default(),
                indices: Mutex::new(HashMap::new()),
                next_index: AtomicU64::new(0),
                statics: Mutex::new(HashMap::new()),
                generation: AtomicU64::new(0),
                source_runner: std::sync::OnceLock::new(),
                initial_path: std::sync::OnceLock::new(),
            }),
        }
    }

    /// Sets the `sys.path` every interpreter made from now on starts with (CPython's path
    /// configuration, `sys.path[0]` included, which sub-interpreters copy from main's
    /// config): the first call wins. Until then `sys.path` starts empty.
    pub fn set_initial_sys_path(&self, path: Vec<String>) {
        let _ = self.shared.initial_path.set(path);
    }

    /// Installs the function that runs module bodies of Python code (source files, frozen
    /// Python source) when a native caller imports through [`ImportCx::import`] rather than
    /// the eval loop's steps ([`ImportCx::import_step`]). The first one installed stays;
    /// without one such an import is an `ImportError`.
    ///
    /// [`ImportCx::import`]: crate::ImportCx::import
    /// [`ImportCx::import_step`]: crate::ImportCx::import_step
    pub fn set_source_runner(&self, run: crate::step::SourceRunner) {
        let _ = self.shared.source_runner.set(run);
    }

    /// `PyImport_AppendInittab(name, init)`: adds a builtin module to the table the next
    /// initialization copies. After initialization it changes nothing and returns CPython's
    /// (fatal) message as an error, with the entry handed back.
    pub fn append_inittab(&self, name: &str, init: InitFn) -> Result<(), InittabFrozen> {
        self.change_inittab(InittabApi::Append, vec![InittabEntry::new(name, init)])
    }

    /// `PyImport_ExtendInittab(entries)`; an empty list changes nothing and succeeds.
    pub fn extend_inittab(&self, entries: Vec<InittabEntry>) -> Result<(), InittabFrozen> {
        if entries.is_empty() {
            return Ok(());
        }
        self.change_inittab(InittabApi::Extend, entries)
    }

    fn change_inittab(
        &self,
        api: InittabApi,
        entries: Vec<InittabEntry>,
    ) -> Result<(), InittabFrozen> {
        // Holding the copy's lock orders this against `initialize`.
        let copy = read(&self.shared.inittab);
        if copy.is_some() {
            return Err(InittabFrozen { api, entries });
        }
        lock(&self.shared.embedder).extend(entries);
        Ok(())
    }

    /// `_PyImport_Fini2`: puts the static table back (what `Py_RunMain` does after finalizing;
    /// `Py_FinalizeEx` alone keeps appended entries). Refused while initialized.
    pub fn reset_inittab(&self) -> Result<(), ImportInitError> {
        let copy = read(&self.shared.inittab);
        if copy.is_some() {
            return Err(ImportInitError::AlreadyInitialized);
        }
        *lock(&self.shared.embedder) = self.shared.base.clone();
        Ok(())
    }

    /// The embedder-side table as it stands (what the next initialization copies).
    pub fn pending_inittab(&self) -> Inittab {
        lock(&self.shared.embedder).clone()
    }

    /// Sets `PyImport_FrozenModules`, the custom frozen table (read at every lookup).
    pub fn set_frozen_custom(&self, table: Option<Vec<Frozen>>) {
        *write(&self.shared.custom) = table.map(Arc::from);
    }

    /// Registers an extension module (see [`ExtensionRegistry::register`]).
    pub fn register_extension(&self, name: &str, path: &str, init: InitFn) {
        write(&self.shared.registry).register(name, path, init);
    }

    /// Changes the registry.
    pub fn with_registry<R>(&self, f: impl FnOnce(&mut ExtensionRegistry) -> R) -> R {
        f(&mut write(&self.shared.registry))
    }

    /// `_PyImport_Init`: copies the builtin table. `frozen_modules` overrides the configured
    /// `frozen_modules` setting for this cycle (`runtime init frozen_modules=off`); `None`
    /// uses the configured one.
    pub fn initialize(&self, frozen_modules: Option<bool>) -> Result<(), ImportInitError> {
        let mut copy = write(&self.shared.inittab);
        if copy.is_some() {
            return Err(ImportInitError::AlreadyInitialized);
        }
        *copy = Some(Arc::new(lock(&self.shared.embedder).clone()));
        let on = frozen_modules.unwrap_or(self.shared.use_frozen_default);
        self.shared.use_frozen.store(on, Ordering::Relaxed);
        self.shared.generation.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the runtime is initialized (its table copied and frozen).
    pub fn is_initialized(&self) -> bool {
        read(&self.shared.inittab).is_some()
    }

    /// How many times [`initialize`](Self::initialize) succeeded.
    pub fn generation(&self) -> u64 {
        self.shared.generation.load(Ordering::Relaxed)
    }

    /// The runtime's copy of the builtin table (`None` when not initialized).
    pub fn inittab(&self) -> Option<Arc<Inittab>> {
        read(&self.shared.inittab).clone()
    }

    /// `sys.builtin_module_names`, from the runtime's copy (empty when not initialized).
    pub fn builtin_module_names(&self) -> Vec<String> {
        self.inittab().map(|t| t.sorted_names()).unwrap_or_default()
    }

    /// Sets the runtime-wide `frozen_modules` setting.
    pub fn set_use_frozen_modules(&self, on: bool) {
        self.shared.use_frozen.store(on, Ordering::Relaxed);
    }

    /// `(path, name)` of every cached extension, sorted (`_imp.extension_cache_keys()`).
    pub fn extension_cache_keys(&self) -> Vec<(String, String)> {
        self.shared.cache.keys()
    }

    /// Extensions' process-static state of type `T` in this runtime (created with
    /// `T::default()` on first use). What C code keeps in `static` variables lives here, so
    /// that several runtimes in one process (parallel tests) do not share it; it survives
    /// finalize/initialize cycles, as C statics do.
    pub fn statics<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        self.shared.statics::<T>()
    }

    /// Holds the locks an import in a forked child needs and another thread may hold
    /// (CPython's `_PyImport_AcquireLock` in `PyOS_BeforeFork`): every process-wide lock of
    /// this system (builtin table and its copy,
    /// custom frozen table, extension registry, extension cache, module indices, extensions'
    /// statics), in the one lock order documented on `Shared`. Fork while the guard lives and drop it
    /// on both sides; all are futex locks, so the child's release hands them to no thread of
    /// the parent.
    pub fn hold_for_fork(&self) -> ForkHold<'_> {
        let sh = &*self.shared;
        ForkHold {
            _inittab: write(&sh.inittab),
            _embedder: lock(&sh.embedder),
            _custom: write(&sh.custom),
            _extensions: write(&sh.registry),
            _cache: sh.cache.lock(),
            _indices: sh.indices(),
            _statics: lock(&sh.statics),
        }
    }

    /// Creates the import state of a new interpreter whose token is `py`: a fresh
    /// `sys.modules` dict, and the `sys` module (with `modules`, `builtin_module_names` and
    /// `_stdlib_dir`) registered in it. The runtime adds its own `sys` functions to
    /// [`InterpImports::sys_module`] afterwards.
    pub fn setup_interp(
        &self,
        py: Py<'_>,
        settings: InterpSettings,
    ) -> PyResult<Arc<InterpImports>> {
        let inittab = self.shared.inittab()?;
        let modules = py.dict()?;
        let state = Arc::new(InterpImports::new(
            py,
            self.shared.clone(),
            settings,
            modules.to_ref(),
        ));
        let sys = crate::sysmod::create_sys(py, &state, &inittab, &modules)?;
        state.track(py, &sys);
        *state.sys.lock() = Some(sys.unbind());
        state.register(py);
        Ok(state)
    }

    /// Tears down an interpreter's import state (`finalize_modules`' import part and
    /// `_PyImport_FiniCore`): empties `modules_by_index`, clears the dicts of the modules this
    /// interpreter created (breaking module/function cycles so they are freed in their own
    /// heap), empties `sys.modules`, and forgets the state. `py` is the interpreter's token.
    ///
    /// Modules of another interpreter are never cleared from here, and every reference is
    /// dropped under the token of its heap.
    pub fn end_interp(&self, py: Py<'_>, state: &InterpImports) -> PyResult<()> {
        let by_index = std::mem::take(&mut *state.by_index.lock());
        for m in by_index.into_iter().flatten() {
            m.release(py);
        }
        let modules = state.modules.lock().take();
        if let Some(modules) = modules {
            let modules = modules.into_bound(py).map_err(|e| PyErr::from(e.error))?;
            for (_, m) in modules.dict_items()? {
                if m.kind() == subinterp_object::Kind::Module && m.owner() == Some(py.interp()) {
                    m.module_clear()?;
                }
            }
            modules.dict_clear()?;
        }
        let created = std::mem::take(&mut state.created.lock().map);
        for (_, m) in created {
            if let Ok(o) = m.bind(py) {
                o.module_clear()?;
            }
            m.release(py);
        }
        if let Some(sys) = state.sys.lock().take() {
            let sys = sys.into_bound(py).map_err(|e| PyErr::from(e.error))?;
            sys.module_clear()?;
        }
        // Cleared functions give their reference to their module back through the heap's
        // deferred queue: applied here, under this heap's token, so the modules die now.
        py.run_deferred();
        state.unregister(py);
        Ok(())
    }

    /// `_PyImport_Fini`: drops the extension cache (releasing the main-owned dict copies
    /// under `main_py`, main's token) and the table copy, so the table can be extended again
    /// and the next [`initialize`](Self::initialize) starts with an empty cache (init
    /// functions run again). Call it after every interpreter's
    /// [`end_interp`](Self::end_interp), before main's heap ends.
    pub fn finalize(&self, main_py: Py<'_>) -> FinalizeReport {
        let values = self.shared.cache.take_all();
        let cache_entries = values.len();
        for v in values {
            match Arc::try_unwrap(v) {
                Ok(v) => v.release(main_py),
                // Someone still holds the value (an import in flight): its copy is released
                // (deferred to main if need be) when they drop it.
                Err(v) => drop(v),
            }
        }
        *write(&self.shared.inittab) = None;
        FinalizeReport { cache_entries }
    }

    /// The frozen-table lookup (`find_frozen`) with frozen modules on or off.
    pub fn find_frozen(&self, name: &str, use_frozen: bool) -> (FrozenStatus, Option<FrozenInfo>) {
        self.shared.find_frozen(name, use_frozen)
    }

    /// `_imp._frozen_module_names()` with frozen modules on or off.
    pub fn frozen_module_names(&self, use_frozen: bool) -> Vec<&'static str> {
        let custom = self.shared.custom_frozen();
        self.shared.frozen.names(custom.as_deref(), use_frozen)
    }

    /// What the extension cache holds, sorted by key.
    pub fn extension_cache_entries(&self) -> Vec<crate::cache::CacheEntryInfo> {
        self.shared.cache.entries()
    }

    /// The number of cached extensions.
    pub fn extension_cache_len(&self) -> usize {
        self.shared.cache.len()
    }
}

impl std::fmt::Debug for ImportSystem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportSystem")
            .field("initialized", &self.is_initialized())
            .field("generation", &self.generation())
            .field("cache", &self.extension_cache_keys())
            .finish_non_exhaustive()
    }
}

/// Extensions' process-static state of type `T` in the runtime of the interpreter `py`
/// belongs to (see [`ImportSystem::statics`]). `SystemError` when that interpreter has no
/// import state.
pub fn statics<T: Default + Send + Sync + 'static>(py: Py<'_>) -> PyResult<Arc<T>> {
    Ok(InterpImports::require(py)?.system().statics::<T>())
}

/// The `sys.modules` dict of the interpreter `py` belongs to.
pub fn sys_modules<'py>(py: Py<'py>) -> PyResult<Obj<'py>> {
    InterpImports::require(py)?.modules(py)
}
