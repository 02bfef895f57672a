//! The frozen bootstrap and stdlib tables every runtime has (`_PyImport_FrozenBootstrap`,
//! `_PyImport_FrozenStdlib`) with their aliases. Their code is small Rust that fills the
//! module (`__future__`'s is in `future.rs`); the test table (`__hello__` and friends, Python
//! source) comes from `subinterp-testmodules`.

use subinterp_object::{Obj, Py, PyResult};

use crate::frozen::{Alias, Frozen, FrozenTable};
use crate::spec;

fn set<'py>(m: &Obj<'py>, name: &str, v: Obj<'py>) -> PyResult<()> {
    m.setattr(name, &v)
}

/// `importlib._bootstrap`: the classes import uses.
fn frozen_importlib<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    set(m, "ModuleSpec", spec::MODULE_SPEC.get(py))?;
    set(m, "BuiltinImporter", spec::BUILTIN_IMPORTER.get(py))?;
    set(m, "FrozenImporter", spec::FROZEN_IMPORTER.get(py))
}

/// `importlib._bootstrap_external`.
fn frozen_importlib_external<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    set(
        m,
        "ExtensionFileLoader",
        spec::EXTENSION_FILE_LOADER.get(py),
    )?;
    set(m, "EXTENSION_SUFFIXES", py.list_of((".so",))?)
}

/// `zipimport`: only its error class (no zip archives here).
fn zipimport<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    let base = subinterp_object::exc::IMPORT_ERROR.get(py);
    set(
        m,
        "ZipImportError",
        py.new_exception_type("zipimport.ZipImportError", Some(&base))?,
    )
}

/// `posixpath` (also `os.path`): the path constants.
fn posixpath<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    for (k, v) in [
        ("curdir", "."),
        ("pardir", ".."),
        ("extsep", "."),
        ("sep", "/"),
        ("pathsep", ":"),
        ("defpath", "/bin:/usr/bin"),
        ("devnull", "/dev/null"),
    ] {
        set(m, k, py.str(v)?)?;
    }
    set(m, "altsep", py.none())
}

/// `stat`: the file-type constants (POSIX values).
fn stat<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    for (k, v) in [
        ("S_IFDIR", 0o040000),
        ("S_IFCHR", 0o020000),
        ("S_IFBLK", 0o060000),
        ("S_IFREG", 0o100000),
        ("S_IFIFO", 0o010000),
        ("S_IFLNK", 0o120000),
        ("S_IFSOCK", 0o140000),
        ("ST_MODE", 0),
        ("ST_INO", 1),
        ("ST_DEV", 2),
        ("ST_NLINK", 3),
        ("ST_UID", 4),
        ("ST_GID", 5),
        ("ST_SIZE", 6),
    ] {
        set(m, k, py.int(v)?)?;
    }
    Ok(())
}

static BOOTSTRAP: &[Frozen] = &[
    Frozen::module("_frozen_importlib", frozen_importlib),
    Frozen::module("_frozen_importlib_external", frozen_importlib_external),
    Frozen::module("zipimport", zipimport),
];

static BOOTSTRAP_ALIASES: &[Alias] = &[
    Alias {
        name: "_frozen_importlib",
        orig: Some("importlib._bootstrap"),
    },
    Alias {
        name: "_frozen_importlib_external",
        orig: Some("importlib._bootstrap_external"),
    },
];

static STDLIB: &[Frozen] = &[
    Frozen::module("__future__", crate::future::fill),
    Frozen::module("posixpath", posixpath),
    Frozen::module("os.path", posixpath),
    Frozen::module("stat", stat),
];

static STDLIB_ALIASES: &[Alias] = &[Alias {
    name: "os.path",
    orig: Some("posixpath"),
}];

/// `_PyImport_FrozenBootstrap`: always consulted first; a custom table cannot override it.
pub(crate) const BOOTSTRAP_TABLE: FrozenTable = FrozenTable {
    modules: BOOTSTRAP,
    aliases: BOOTSTRAP_ALIASES,
};

/// `_PyImport_FrozenStdlib`: consulted only while frozen modules are enabled.
pub(crate) const STDLIB_TABLE: FrozenTable = FrozenTable {
    modules: STDLIB,
    aliases: STDLIB_ALIASES,
};
