//! `subinterp-testmodules`: CPython-like test extension and frozen modules
//! (`_testsinglephase`, `_testmultiphase`, the `__hello__` family, `_test_process_global`),
//! for the CLI, the scenario docs and the test suites.
//!
//! Depends on `subinterp-object` and `subinterp-import`; must never depend on the runtime.
//!
//! [`register`] adds every extension module to a registry and returns the frozen test table;
//! [`config`] builds a whole [`ImportConfig`] with them:
//!
//! ```
//! let cfg = subinterp_testmodules::config();
//! assert_eq!(cfg.extensions.find("_testsinglephase"), Some(subinterp_testmodules::SINGLEPHASE_PATH));
//! assert!(cfg.frozen_test.modules.iter().any(|f| f.name == "__hello__"));
//! ```
//!
//! Every module counts its initializations per runtime (through
//! [`subinterp_import::statics`]), so runtimes running side by side in one process (parallel
//! tests) do not see each other's counts. `_test_process_global` is process-wide on purpose.

mod clock;
mod frozen;
pub mod multi;
pub mod pglobal;
pub mod single;

pub use frozen::FROZEN_TEST;

use subinterp_import::{ExtensionRegistry, FrozenTable, ImportConfig, InitFn};

/// The "library" holding the single-phase test modules.
pub const SINGLEPHASE_PATH: &str = "/subinterp/lib-dynload/_testsinglephase.so";
/// The "library" holding the multi-phase test modules.
pub const MULTIPHASE_PATH: &str = "/subinterp/lib-dynload/_testmultiphase.so";
/// The "library" of `_test_process_global` and `_test_load_once`.
pub const PROCESS_GLOBAL_PATH: &str = "/subinterp/lib-dynload/_test_process_global.so";

/// Every test extension: `(module name, library path, init function)`.
pub fn extensions() -> Vec<(&'static str, &'static str, InitFn)> {
    use multi::*;
    use single::*;
    vec![
        ("_testsinglephase", SINGLEPHASE_PATH, init_basic as InitFn),
        (
            "_testsinglephase_basic_wrapper",
            SINGLEPHASE_PATH,
            init_basic_wrapper,
        ),
        (
            "_testsinglephase_basic_copy",
            SINGLEPHASE_PATH,
            init_basic_copy,
        ),
        (
            "_testsinglephase_with_reinit",
            SINGLEPHASE_PATH,
            init_with_reinit,
        ),
        (
            "_testsinglephase_with_state",
            SINGLEPHASE_PATH,
            init_with_state,
        ),
        (
            "_testsinglephase_check_cache_first",
            SINGLEPHASE_PATH,
            init_check_cache_first,
        ),
        (
            "_test_module_state_shared",
            MULTIPHASE_PATH,
            init_state_shared,
        ),
        ("_testmultiphase", MULTIPHASE_PATH, init_main),
        (
            "_test_shared_gil_only",
            MULTIPHASE_PATH,
            init_shared_gil_only,
        ),
        (
            "_test_no_multiple_interpreter_slot",
            MULTIPHASE_PATH,
            init_no_slot,
        ),
        ("_test_non_isolated", MULTIPHASE_PATH, init_non_isolated),
        (
            "_testmultiphase_multiple_multiple_interpreters_slots",
            MULTIPHASE_PATH,
            init_multiple_mi_slots,
        ),
        (
            "_testmultiphase_multiple_create_slots",
            MULTIPHASE_PATH,
            init_multiple_create_slots,
        ),
        (
            "_testmultiphase_nonmodule_with_exec_slots",
            MULTIPHASE_PATH,
            init_nonmodule_with_exec_slots,
        ),
        (
            "_testmultiphase_create_raise",
            MULTIPHASE_PATH,
            init_create_raise,
        ),
        (
            "_testmultiphase_exec_raise",
            MULTIPHASE_PATH,
            init_exec_raise,
        ),
        ("_testmultiphase_nonmodule", MULTIPHASE_PATH, init_nonmodule),
        (
            "_testmultiphase_negative_size",
            MULTIPHASE_PATH,
            init_negative_size,
        ),
        (
            "_testmultiphase_create_int_with_state",
            MULTIPHASE_PATH,
            init_create_int_with_state,
        ),
        (
            "_testmultiphase_export_raise",
            MULTIPHASE_PATH,
            init_export_raise,
        ),
        (
            "_test_process_global",
            PROCESS_GLOBAL_PATH,
            pglobal::init_process_global,
        ),
        (
            "_test_load_once",
            PROCESS_GLOBAL_PATH,
            pglobal::init_load_once,
        ),
    ]
}

/// Registers every test extension module in `registry` and returns the frozen test table.
pub fn register(registry: &mut ExtensionRegistry) -> FrozenTable {
    for (name, path, init) in extensions() {
        registry.register(name, path, init);
    }
    FROZEN_TEST
}

/// An [`ImportConfig`] with the default builtin table, the test extensions and the frozen test
/// table.
pub fn config() -> ImportConfig {
    let mut cfg = ImportConfig::default();
    cfg.frozen_test = register(&mut cfg.extensions);
    cfg
}
