//! [`RuntimeBuilder`]: what a runtime starts with (the import tables, the switch interval, where
//! heaps get their memory).

use std::sync::Arc;
use std::time::Duration;

use subinterp_gil::{DEFAULT_INTERVAL, Gil};
use subinterp_import::{ExtensionRegistry, Frozen, FrozenTable, ImportConfig, InitFn, Inittab};
use subinterp_object::{InterpId, PyErr};
use subinterp_obmalloc::{ArenaSource, Heap};

use crate::arena_cache::{ArenaCache, CachedSource};
use crate::{Error, Runtime};

/// Makes the arena source of each new heap (an allocator option): called with the id of the
/// interpreter the heap is for. Tests hand out a [`FailingSource`](subinterp_obmalloc::FailingSource)
/// to inject allocation failures.
pub type HeapSource = Arc<dyn Fn(InterpId) -> Box<dyn ArenaSource> + Send + Sync>;

/// Arenas a runtime keeps for reuse by default (see [`RuntimeBuilder::arena_cache`]).
pub const DEFAULT_ARENA_CACHE: usize = 4;

/// Options that outlive finalize/initialize cycles.
#[derive(Clone)]
pub(crate) struct Options {
    pub(crate) switch_interval: Duration,
    pub(crate) heap_source: Option<HeapSource>,
    pub(crate) arena_cache: usize,
    /// Built from `arena_cache` when the runtime is built (no custom source, capacity > 0).
    pub(crate) cache: Option<Arc<ArenaCache>>,
}

impl Options {
    /// A fresh GIL with the configured interval (CPython: every GIL starts at the default;
    /// an own GIL does not inherit main's).
    pub(crate) fn new_gil(&self) -> Gil {
        let g = Gil::new();
        // Validated by the builder, so this cannot fail.
        let _ = g.set_interval(self.switch_interval);
        g
    }

    /// A fresh heap for interpreter `id`.
    pub(crate) fn new_heap(&self, id: InterpId) -> Heap {
        match (&self.heap_source, &self.cache) {
            (Some(f), _) => Heap::with_boxed_source(f(id)),
            (None, Some(c)) => Heap::with_source(CachedSource(c.clone())),
            (None, None) => Heap::new(),
        }
    }
}

/// Builds a [`Runtime`] (CPython's pre-initialization: `PyImport_AppendInittab`,
/// `PyImport_FrozenModules`, `sys.setswitchinterval`'s default, `PyObject_SetArenaAllocator`).
///
/// ```
/// use std::time::Duration;
/// use subinterp_runtime::Runtime;
///
/// let rt = Runtime::builder().switch_interval(Duration::from_millis(1)).build()?;
/// assert_eq!(rt.main()?.id().get(), 0);
/// # Ok::<(), subinterp_runtime::Error>(())
/// ```
#[must_use]
pub struct RuntimeBuilder {
    import: ImportConfig,
    opts: Options,
}

impl Default for RuntimeBuilder {
    fn default() -> Self {
        RuntimeBuilder {
            import: ImportConfig::default(),
            opts: Options {
                switch_interval: DEFAULT_INTERVAL,
                heap_source: None,
                arena_cache: DEFAULT_ARENA_CACHE,
                cache: None,
            },
        }
    }
}

impl std::fmt::Debug for RuntimeBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuntimeBuilder")
            .field("import", &self.import)
            .field("switch_interval", &self.opts.switch_interval)
            .field("heap_source", &self.opts.heap_source.is_some())
            .field("arena_cache", &self.opts.arena_cache)
            .finish()
    }
}

impl RuntimeBuilder {
    /// A builder with CPython's defaults: the static builtin table, frozen modules on, a 5 ms
    /// switch interval, heaps mapping arenas from the OS.
    pub fn new() -> RuntimeBuilder {
        RuntimeBuilder::default()
    }

    /// The whole import configuration at once.
    pub fn import_config(mut self, config: ImportConfig) -> Self {
        self.import = config;
        self
    }

    /// The embedder's builtin table (`PyImport_Inittab`), copied at each initialization.
    pub fn inittab(mut self, inittab: Inittab) -> Self {
        self.import.inittab = inittab;
        self
    }

    /// Adds one builtin module (`PyImport_AppendInittab`).
    pub fn append_inittab(mut self, name: &str, init: InitFn) -> Self {
        self.import.inittab.append(name, init);
        self
    }

    /// The test frozen table (`_PyImport_FrozenTest`).
    pub fn frozen_test(mut self, table: FrozenTable) -> Self {
        self.import.frozen_test = table;
        self
    }

    /// The embedder's frozen table (`PyImport_FrozenModules`).
    pub fn frozen_custom(mut self, table: Vec<Frozen>) -> Self {
        self.import.frozen_custom = Some(table);
        self
    }

    /// The `frozen_modules` setting (`-X frozen_modules`).
    pub fn use_frozen_modules(mut self, on: bool) -> Self {
        self.import.use_frozen_modules = on;
        self
    }

    /// The extension modules that can be loaded.
    pub fn extensions(mut self, registry: ExtensionRegistry) -> Self {
        self.import.extensions = registry;
        self
    }

    /// Registers one extension module under `name`, found at `path`.
    pub fn register_extension(mut self, name: &str, path: &str, init: InitFn) -> Self {
        self.import.extensions.register(name, path, init);
        self
    }

    /// The initial switch interval of every GIL the runtime makes (main's, and each own GIL).
    /// Must be strictly positive.
    pub fn switch_interval(mut self, interval: Duration) -> Self {
        self.opts.switch_interval = interval;
        self
    }

    /// Where every new heap gets its arenas and raw blocks (an allocator option). Replaces
    /// the default source, the OS with an [arena cache](Self::arena_cache).
    pub fn heap_source(mut self, source: HeapSource) -> Self {
        self.opts.heap_source = Some(source);
        self
    }

    /// How many arenas ended heaps may leave mapped for the next heaps to reuse (default
    /// [`DEFAULT_ARENA_CACHE`]; 0 returns every arena to the OS at once). Reuse saves the
    /// `mmap`/`munmap` and the page faults of a fresh arena at every interpreter creation;
    /// the memory held stays bounded by this many arenas (1 MiB each, only their touched pages
    /// resident). Any count is accepted: `usize::MAX` keeps every arena ever freed.
    pub fn arena_cache(mut self, arenas: usize) -> Self {
        self.opts.arena_cache = arenas;
        self
    }

    /// Builds the runtime without initializing it; call [`Runtime::initialize`].
    pub fn build_uninitialized(mut self) -> Result<Runtime, Error> {
        if self.opts.heap_source.is_none() && self.opts.arena_cache > 0 {
            self.opts.cache = Some(Arc::new(ArenaCache::new(self.opts.arena_cache)));
        }
        if self.opts.switch_interval.is_zero() {
            return Err(PyErr::value_error(subinterp_gil::IntervalError.to_string()).into());
        }
        crate::modules::add_builtin_modules(&mut self.import.inittab);
        // The standard library's Python-source modules, unless the embedder set a table.
        if self.import.lib.modules.is_empty() {
            self.import.lib = subinterp_stdlib::LIB_TABLE;
        }
        Ok(Runtime::from_parts(self.import, self.opts))
    }

    /// Builds and initializes the runtime (`Py_Initialize`): the main interpreter exists
    /// when this returns.
    pub fn build(self) -> Result<Runtime, Error> {
        let rt = self.build_uninitialized()?;
        rt.initialize()?;
        Ok(rt)
    }
}
