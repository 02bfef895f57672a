//! The extension registry: "shared libraries" at paths exporting init functions, and the finder
//! mapping of module names to those paths. It stands in for the file system plus `dlopen` /
//! `dlsym` (`_PyImport_GetModInitFunc`), so an extension is loaded from a path and the cache key
//! is `(path, name)` as in CPython.

use std::collections::HashMap;

use subinterp_object::{PyErr, exc};

use crate::def::InitFn;

/// A registered library: its exports, by the short name after `PyInit_`.
#[derive(Clone, Default)]
struct Library {
    exports: HashMap<String, InitFn>,
}

/// The extension modules a runtime can load.
#[derive(Clone, Default)]
pub struct ExtensionRegistry {
    libraries: HashMap<String, Library>,
    /// Module name -> library path (what the path finder would find on `sys.path`).
    by_name: HashMap<String, String>,
}

impl ExtensionRegistry {
    /// An empty registry.
    pub fn new() -> ExtensionRegistry {
        ExtensionRegistry::default()
    }

    /// Registers module `name` (possibly dotted) in the library at `path`, exporting `init`
    /// as `PyInit_<last component of name>`. Several modules may share a library (CPython's
    /// `_testsinglephase*` variants all live in one `.so`). Registering a name again replaces
    /// the earlier registration.
    pub fn register(&mut self, name: &str, path: &str, init: InitFn) -> &mut ExtensionRegistry {
        let short = name.rsplit('.').next().unwrap_or(name);
        self.libraries
            .entry(path.to_owned())
            .or_default()
            .exports
            .insert(short.to_owned(), init);
        self.by_name.insert(name.to_owned(), path.to_owned());
        self
    }

    /// Adds an export to the library at `path` without mapping any module name to it (a module
    /// loaded only through an explicit `ExtensionFileLoader(name, path)`).
    pub fn export(&mut self, path: &str, short: &str, init: InitFn) -> &mut ExtensionRegistry {
        self.libraries
            .entry(path.to_owned())
            .or_default()
            .exports
            .insert(short.to_owned(), init);
        self
    }

    /// The library path the finder maps `name` to.
    pub fn find(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(String::as_str)
    }

    /// Every registered module name, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.by_name.keys().cloned().collect();
        v.sort();
        v
    }

    /// `dlopen(path)` + `dlsym("PyInit_<short>")`, with CPython's `ImportError`s.
    pub(crate) fn init_fn(&self, path: &str, short: &str) -> Result<InitFn, PyErr> {
        let Some(lib) = self.libraries.get(path) else {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("{path}: cannot open shared object file: No such file or directory"),
            ));
        };
        lib.exports.get(short).copied().ok_or_else(|| {
            PyErr::new(
                &exc::IMPORT_ERROR,
                format!("dynamic module does not define module export function (PyInit_{short})"),
            )
        })
    }
}

impl std::fmt::Debug for ExtensionRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtensionRegistry")
            .field("modules", &self.names())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::def::Init;
    use subinterp_object::{Py, PyResult};

    fn init(_: Py<'_>) -> PyResult<Init<'_>> {
        Err(PyErr::new(&exc::IMPORT_ERROR, "unused"))
    }

    #[test]
    fn libraries_and_exports() {
        let mut r = ExtensionRegistry::new();
        r.register("pkg.mod", "/lib/a.so", init)
            .register("other", "/lib/a.so", init);
        r.export("/lib/b.so", "hidden", init);
        assert_eq!(r.find("pkg.mod"), Some("/lib/a.so"));
        assert_eq!(r.find("mod"), None, "the finder maps full names");
        assert!(
            r.init_fn("/lib/a.so", "mod").is_ok(),
            "exported by short name"
        );
        assert!(r.init_fn("/lib/b.so", "hidden").is_ok());
        assert_eq!(r.names(), vec!["other", "pkg.mod"]);
        let e = r.init_fn("/lib/a.so", "nope").err().unwrap();
        assert_eq!(
            e.to_string(),
            "ImportError: dynamic module does not define module export function (PyInit_nope)"
        );
        let e = r.init_fn("/lib/c.so", "x").err().unwrap();
        assert_eq!(
            e.to_string(),
            "ImportError: /lib/c.so: cannot open shared object file: No such file or directory"
        );
    }
}
