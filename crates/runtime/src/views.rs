//! What the runtime hands out of its lower crates' objects: views that carry only the
//! operations a user may make while the runtime lives. The queue registry's interpreter-end
//! hook and fork hold, and the import system's initialize/finalize/per-interpreter setup and
//! teardown, are the runtime's own steps: called by a user (say from inside a run, on a live
//! interpreter) they would make that interpreter's puts fail or tear its imports down under
//! it, so they are not reachable from here.

use std::sync::Arc;

use subinterp_import::{
    CacheEntryInfo, Frozen, FrozenInfo, FrozenStatus, ImportSystem, InitFn, Inittab, InittabEntry,
    InittabFrozen,
};
use subinterp_xi::{InterpId, Queue, QueueError, QueueId, QueueInfo, Queues, QueuesStats, Unbound};

/// The runtime's queue registry (`_interpqueues`) for one initialization, as users may use
/// it: create, bind, destroy, list and count queues. Cheap to clone; it keeps the registry
/// alive, not the runtime.
///
/// The interpreter-end hook is not reachable: ending a live interpreter's queue records
/// would make its puts fail.
///
/// ```compile_fail,E0599
/// let rt = subinterp_runtime::Runtime::new().unwrap();
/// rt.queues().interpreter_ended(subinterp_xi::InterpId::MAIN);
/// ```
///
/// ```compile_fail,E0599
/// let rt = subinterp_runtime::Runtime::new().unwrap();
/// let _hold = rt.queues().hold_for_fork();
/// ```
#[derive(Clone, Debug)]
pub struct RuntimeQueues(pub(crate) Arc<Queues>);

impl RuntimeQueues {
    /// Creates a queue whose first handle is bound to `owner` (see [`Queues::create`]).
    pub fn create(
        &self,
        maxsize: i64,
        unbound: Unbound,
        owner: InterpId,
    ) -> Result<Queue, QueueError> {
        self.0.create(maxsize, unbound, owner)
    }

    /// A new handle on queue `id` for `owner` (see [`Queues::bind`]).
    pub fn bind(&self, id: QueueId, owner: InterpId) -> Result<Queue, QueueError> {
        self.0.bind(id, owner)
    }

    /// Destroys queue `id` (CPython's `_interpqueues.destroy`; see [`Queues::destroy`]).
    pub fn destroy(&self, id: QueueId) -> Result<(), QueueError> {
        self.0.destroy(id)
    }

    /// The live queues, by id.
    pub fn list_all(&self) -> Vec<QueueInfo> {
        self.0.list_all()
    }

    /// The number of live queues.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no queue is alive.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What the registry holds now.
    pub fn stats(&self) -> QueuesStats {
        self.0.stats()
    }
}

/// The runtime's import system as users may use it: the embedder's inittab and frozen table
/// (refused or harmless once initialized), extension registration, and read-only queries.
///
/// Teardown is not reachable: finalizing the import system from inside a run would tear
/// the running interpreter's imports down under it.
///
/// ```compile_fail,E0599
/// let rt = subinterp_runtime::Runtime::new().unwrap();
/// rt.main().unwrap().run(|cx| rt.imports().finalize(cx.py())).unwrap();
/// ```
///
/// ```compile_fail,E0599
/// let rt = subinterp_runtime::Runtime::new().unwrap();
/// rt.imports().with_registry(|r| drop(r));
/// ```
///
/// ```compile_fail,E0599
/// let rt = subinterp_runtime::Runtime::new().unwrap();
/// rt.imports().reset_inittab().unwrap();
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RuntimeImports<'rt>(pub(crate) &'rt ImportSystem);

impl RuntimeImports<'_> {
    /// `PyImport_AppendInittab` (see [`ImportSystem::append_inittab`]).
    pub fn append_inittab(&self, name: &str, init: InitFn) -> Result<(), InittabFrozen> {
        self.0.append_inittab(name, init)
    }

    /// `PyImport_ExtendInittab` (see [`ImportSystem::extend_inittab`]).
    pub fn extend_inittab(&self, entries: Vec<InittabEntry>) -> Result<(), InittabFrozen> {
        self.0.extend_inittab(entries)
    }

    /// The embedder-side table the next initialization copies.
    pub fn pending_inittab(&self) -> Inittab {
        self.0.pending_inittab()
    }

    /// Sets `PyImport_FrozenModules`, the custom frozen table.
    pub fn set_frozen_custom(&self, table: Option<Vec<Frozen>>) {
        self.0.set_frozen_custom(table);
    }

    /// Registers an extension module for later imports.
    pub fn register_extension(&self, name: &str, path: &str, init: InitFn) {
        self.0.register_extension(name, path, init);
    }

    /// Whether the import system is initialized.
    pub fn is_initialized(&self) -> bool {
        self.0.is_initialized()
    }

    /// `sys.builtin_module_names`.
    pub fn builtin_module_names(&self) -> Vec<String> {
        self.0.builtin_module_names()
    }

    /// Sets the runtime-wide `frozen_modules` setting.
    pub fn set_use_frozen_modules(&self, on: bool) {
        self.0.set_use_frozen_modules(on);
    }

    /// `(path, name)` of every cached extension (`_imp.extension_cache_keys()`).
    pub fn extension_cache_keys(&self) -> Vec<(String, String)> {
        self.0.extension_cache_keys()
    }

    /// What the extension cache holds, sorted by key.
    pub fn extension_cache_entries(&self) -> Vec<CacheEntryInfo> {
        self.0.extension_cache_entries()
    }

    /// The number of cached extensions.
    pub fn extension_cache_len(&self) -> usize {
        self.0.extension_cache_len()
    }

    /// The frozen-table lookup with frozen modules on or off.
    pub fn find_frozen(&self, name: &str, use_frozen: bool) -> (FrozenStatus, Option<FrozenInfo>) {
        self.0.find_frozen(name, use_frozen)
    }

    /// `_imp._frozen_module_names()` with frozen modules on or off.
    pub fn frozen_module_names(&self, use_frozen: bool) -> Vec<&'static str> {
        self.0.frozen_module_names(use_frozen)
    }
}
