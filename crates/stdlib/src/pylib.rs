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
    Frozen::source("abc", include_str!("../lib/abc.py")),
    Frozen::source(
        "_collections_abc",
        include_str!("../lib/_collections_abc.py"),
    ),
    Frozen::source_package(
        "collections",
        include_str!("../lib/collections/__init__.py"),
    ),
    Frozen::source("os", include_str!("../lib/os.py")),
    Frozen::source("posixpath", include_str!("../lib/posixpath.py")),
    Frozen::source("types", include_str!("../lib/types.py")),
    Frozen::source("contextlib", include_str!("../lib/contextlib.py")),
    Frozen::source("enum", include_str!("../lib/enum.py")),
    Frozen::source("dataclasses", include_str!("../lib/dataclasses.py")),
    Frozen::source("typing", include_str!("../lib/typing.py")),
    Frozen::source_package("concurrent", include_str!("../lib/concurrent/__init__.py")),
    Frozen::source_package(
        "concurrent.interpreters",
        include_str!("../lib/concurrent/interpreters/__init__.py"),
    ),
    Frozen::source(
        "concurrent.interpreters._crossinterp",
        include_str!("../lib/concurrent/interpreters/_crossinterp.py"),
    ),
    Frozen::source(
        "concurrent.interpreters._queues",
        include_str!("../lib/concurrent/interpreters/_queues.py"),
    ),
    Frozen::source_package(
        "concurrent.futures",
        include_str!("../lib/concurrent/futures/__init__.py"),
    ),
    Frozen::source(
        "concurrent.futures._base",
        include_str!("../lib/concurrent/futures/_base.py"),
    ),
    Frozen::source(
        "concurrent.futures.interpreter",
        include_str!("../lib/concurrent/futures/interpreter.py"),
    ),
    Frozen::source("weakref", include_str!("../lib/weakref.py")),
    Frozen::source("collections.abc", include_str!("../lib/collections/abc.py")),
    Frozen::source("functools", include_str!("../lib/functools.py")),
    Frozen::source("threading", include_str!("../lib/threading.py")),
];

/// The table the runtime installs as its Python-source library.
pub const LIB_TABLE: FrozenTable = FrozenTable {
    modules: MODULES,
    aliases: &[],
};
