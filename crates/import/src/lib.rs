//! `subinterp-import`: the import system of a runtime with many interpreters (CPython 3.13's
//! `Python/import.c`, `importdl.c`, `frozen.c` and the parts of `importlib._bootstrap` that
//! decide behaviour): the builtin table and its copy, frozen modules with aliases, single- and
//! multi-phase extension loading, the process-wide extension cache with its main-owned dict
//! copies, per-interpreter import state, the `_imp` module, and process-global state for
//! extensions wrapping once-per-process native libraries.
//!
//! Source modules: `sys.path` and package `__path__` finders for `.py` files and packages,
//! namespace packages, and module bodies of Python code handed to the caller's eval loop in
//! steps (see [`Step`] and `step.rs`); the code comes from `subinterp-compile`'s process-wide
//! cache, so a second interpreter importing the same file pays no parse.
//!
//! Depends on `subinterp-object`, `subinterp-gil`, `subinterp-config` and `subinterp-compile`. Must never depend on
//! the runtime, the cross-interpreter layer or the script language: what an import needs from
//! "an interpreter" is plain data here ([`InterpImports`], [`ImportCx`], [`MainRef`]).
//!
//! # Who owns what
//!
//! | state | CPython | here | guarded by |
//! |---|---|---|---|
//! | builtin table copy | `_PyRuntime.imports.inittab` | [`ImportSystem`] (`Arc<Inittab>`) | an `RwLock`, read-only once initialized |
//! | frozen tables, aliases | process-global C arrays | [`ImportSystem`] (static tables + embedder's custom table) | immutable / `RwLock` |
//! | extension cache | `_PyRuntime.imports.extensions` | [`ImportSystem`], keyed by `(path, name)` | its own `Mutex`, never held across Python code or a GIL wait |
//! | `m_copy` dicts | objects owned by main | unbound refs into main's heap, in cache values | main's GIL (bound only by heap-sharing interpreters) |
//! | module indices | `def->m_base.m_index` | per runtime, keyed by def address | a `Mutex` |
//! | `sys.modules`, `modules_by_index` | `interp->imports` | [`InterpImports`] | the interpreter's GIL (objects) |
//! | import lock | `interp->imports.lock` | [`InterpImports::lock`] | itself (reentrant, waited for without the GIL) |
//! | extensions' C statics | `static` variables | [`ImportSystem::statics`] (per runtime) | the value's own locks |
//! | process-global library state | (none) | [`ProcessGlobal`] | its own `Mutex`, refcounted |
//!
//! # Using it (what the runtime does)
//!
//! ```
//! use std::sync::Arc;
//! use subinterp_gil::{Gil, Interp, ThreadState, Whence};
//! use subinterp_import::{ImportConfig, ImportCx, ImportSystem, InterpSettings, MainRef};
//! use subinterp_object::{InterpId, Objects};
//! # use subinterp_obmalloc::Heap;
//!
//! let imports = ImportSystem::new(ImportConfig::default());
//! imports.initialize(None)?; // copies the builtin table
//! let gil_main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
//! let objects = Objects::new(InterpId::new(0), Heap::new());
//! let ts = ThreadState::new(&gil_main, Whence::Init)?;
//! let mut attached = ts.attach()?;
//! // SAFETY: `attached` holds main's GIL for the whole call.
//! let repr = unsafe {
//!     objects.with_gil(|py| -> Result<String, Box<dyn std::error::Error>> {
//!         let state = imports.setup_interp(py, InterpSettings::main())?;
//!         let mut cx = ImportCx {
//!             state: &state,
//!             tstate: &mut attached,
//!             main: MainRef { objects: &objects, interp: &gil_main, state: &state },
//!         };
//!         let m = cx.import(py, "_imp")?;
//!         let r = m.repr()?;
//!         imports.end_interp(py, &state)?;
//!         imports.finalize(py);
//!         Ok(r)
//!     })
//! }?;
//! assert_eq!(repr, "<module '_imp' (built-in)>");
//! # drop(attached);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod args;
mod cache;
mod def;
mod ext;
mod extload;
mod frozen;
mod frozen_std;
mod future;
mod imp;
mod import;
mod inittab;
mod lock;
mod modapi;
mod module_lock;
mod path_finder;
mod process_global;
mod spec;
mod state;
mod step;
mod switch;
mod sysmod;
mod system;
mod timing;
mod unfinished;

pub use args::{int_arg, str_arg};
pub use cache::{CacheEntryInfo, ExtOrigin};
pub use def::{
    CreateFn, ExecFn, Init, InitFn, ModuleDef, MultiInterp, Size, Slot, StateOf, StateSpec,
    module_def,
};
pub use ext::ExtensionRegistry;
pub use frozen::{
    Alias, Frozen, FrozenCode, FrozenFn, FrozenInfo, FrozenSettingError, FrozenStatus, FrozenTable,
    frozen_error, parse_frozen_modules,
};
pub use imp::IMP_DEF;
pub use inittab::{Inittab, InittabApi, InittabEntry, InittabFrozen};
pub use lock::ImportLock;
pub use modapi::{add_module, create_module, find_module, remove_module};
pub use process_global::{GlobalRef, LoadOnce, ProcessGlobal};
pub use spec::{
    BUILTIN_IMPORTER, EXTENSION_FILE_LOADER, FROZEN_IMPORTER, FrozenState, Loader, MODULE_SPEC,
    NAMESPACE, NAMESPACE_LOADER, SOURCE_FILE_LOADER, Spec, spec_object, spec_of,
};
pub use state::{ImportCx, InterpImports, InterpSettings, MainRef};
pub use step::{ModuleExec, SourceRunner, Step};
pub use system::{
    FinalizeReport, ForkHold, ImportConfig, ImportInitError, ImportSystem, statics, sys_modules,
};
pub use timing::TARGET as IMPORTTIME_TARGET;
