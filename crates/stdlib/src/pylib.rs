//! The standard library's modules written in Python source by this project (the files under
//! `crates/stdlib/lib/`, compiled into the binary): one table line per module.
//!
//! The runtime hands [`LIB_TABLE`] to the import system (`ImportConfig::lib`), which imports
//! these modules as frozen Python source: after the builtin-module table and the embedder's
//! custom frozen table, before the stdlib frozen table and `sys.path`, and also when
//! `frozen_modules` is off (they stand for CPython's `Lib/`, which that setting leaves in
//! place). Their code comes from the process-wide compile cache, so only the first
//! interpreter of the process that imports one parses it.
//!
//! To add a module: put `lib/NAME.py` (or `lib/NAME/__init__.py` for a package, its
//! submodules beside it) and one line below (`Frozen::source` for a module,
//! `Frozen::source_package` for a package, full dotted names for submodules).

use subinterp_import::{Frozen, FrozenTable};

/// Every Python-source module, by full name.
static MODULES: &[Frozen] = &[
    Frozen::source_package(
        "collections",
        include_str!("../lib/collections/__init__.py"),
    ),
    Frozen::source("os", include_str!("../lib/os.py")),
    Frozen::source("posixpath", include_str!("../lib/posixpath.py")),
    Frozen::source("threading", include_str!("../lib/threading.py")),
];

/// The table the runtime installs as its Python-source library.
pub const LIB_TABLE: FrozenTable = FrozenTable {
    modules: MODULES,
    aliases: &[],
};
