//! Imports in the loop (CPython's `import_name`, `PyImport_ImportModuleLevelObject`,
//! `resolve_name`, `_handle_fromlist` and `import_from`): relative names resolved against the
//! importing module's globals, the host asked step by step ([`Host::import`]), module bodies
//! run here on the importing thread state, the from-list, and `from m import x` with
//! CPython's error texts.
//!
//! [`Host::import`]: crate::Host::import

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::host::Imported;

impl<'py> Tstate<'py> {
    /// `importlib.import_module(name)` for an absolute `name`: the module, its parents and
    /// itself imported first when needed. Module bodies of Python code run on this thread
    /// state (a traceback of one that raises shows its frames, and it leaves `sys.modules`).
    pub fn import_module(&mut self, name: &str) -> PyResult<Obj<'py>> {
        let py = self.py();
        loop {
            match self.host().import(py, name)? {
                Imported::Module(m) => return Ok(m),
                Imported::Run(run) => {
                    let r = self.run_body(&run);
                    self.host().import_done(py, run, r)?;
                }
            }
        }
    }

    /// Runs a module body with the module's dict as globals. Whatever happens, the host
    /// hears of it ([`Host::import_done`](crate::Host::import_done)): it holds the module's
    /// import lock until then.
    fn run_body(&mut self, run: &crate::ModuleRun<'py>) -> PyResult<()> {
        let globals = run.module.module_dict()?;
        self.run_code(&run.code, &globals, &globals).map(drop)
    }

    /// `importlib.reload(module)`: the module's body runs again in the same module (a
    /// module of Python code), or the host reloads it. Returns `sys.modules[name]`.
    pub fn reload_module(&mut self, module: &Obj<'py>) -> PyResult<Obj<'py>> {
        let py = self.py();
        match self.host().reload(py, module)? {
            Imported::Module(m) => Ok(m),
            Imported::Run(run) => {
                let r = self.run_body(&run);
                self.host().import_done(py, run, r)
            }
        }
    }
}

/// The absolute name `importlib.import_module(name, package)` imports: `name` itself, or a
/// relative `name` (leading dots) resolved against `package`, with CPython's errors
/// (`TypeError` without a package, `ImportError` beyond the top-level package).
pub fn resolve_import_name(name: &str, package: Option<&str>) -> PyResult<String> {
    let level = name.len() - name.trim_start_matches('.').len();
    if level == 0 {
        if name.is_empty() {
            return Err(PyErr::value_error("Empty module name"));
        }
        return Ok(name.to_owned());
    }
    let Some(package) = package.filter(|p| !p.is_empty()) else {
        return Err(PyErr::type_error(format!(
            "the 'package' argument is required to perform a relative import for '{name}'"
        )));
    };
    resolve(package, &name[level..], level)
}

/// `IMPORT_NAME`: `__import__(name, globals, None, fromlist, level)`. Returns the top-level
/// package for `import a.b`, the module itself when names are imported from it.
pub(crate) fn import_name<'py>(
    ts: &mut Tstate<'py>,
    name: &str,
    globals: &Obj<'py>,
    fromlist: &Obj<'py>,
    level: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    let level = level.as_i64().unwrap_or(0);
    if level < 0 {
        return Err(PyErr::value_error("level must be >= 0"));
    }
    let abs = if level > 0 {
        resolve(&package_of(globals)?, name, level as usize)?
    } else {
        if name.is_empty() {
            return Err(PyErr::value_error("Empty module name"));
        }
        name.to_owned()
    };
    let module = ts.import_module(&abs)?;
    let has_from = !fromlist.is_none() && fromlist.seq_len().unwrap_or(1) > 0;
    if !has_from {
        let Some((front, _)) = name.split_once('.') else {
            return Ok(module);
        };
        if level == 0 {
            return ts.import_module(front);
        }
        // `from . import` never gets here (it has a from-list): a relative dotted name binds
        // the module its first part names.
        let cut = name.len() - front.len();
        let upto = &abs[..abs.len() - cut];
        let py = ts.py();
        return match ts.host().loaded_module(py, upto)? {
            Some(m) => Ok(m),
            None => Err(PyErr::key_error(
                &py.str(&format!("'{upto}' not in sys.modules as expected"))?,
            )),
        };
    }
    if is_package(&module) {
        handle_fromlist(ts, &module, fromlist, false)?;
    }
    Ok(module)
}

/// Whether `m` is a package (has `__path__`).
fn is_package(m: &Obj<'_>) -> bool {
    m.kind() == Kind::Module
        && m.module_dict()
            .ok()
            .and_then(|d| d.dict_get_str("__path__").ok().flatten())
            .is_some()
}

/// `_handle_fromlist`: imports the names of `fromlist` that are submodules of package
/// `module` and not yet its attributes (`*` follows `__all__`).
fn handle_fromlist<'py>(
    ts: &mut Tstate<'py>,
    module: &Obj<'py>,
    fromlist: &Obj<'py>,
    recursive: bool,
) -> PyResult<()> {
    let items = ts.collect(fromlist)?;
    let modname = || module.module_name().unwrap_or_else(|_| String::from("?"));
    for x in items {
        let Some(text) = x.as_str() else {
            let place = if recursive {
                format!("{}.__all__", modname())
            } else {
                String::from("``from list''")
            };
            return Err(PyErr::type_error(format!(
                "Item in {place} must be str, not {}",
                x.type_name()
            )));
        };
        if text == "*" {
            if !recursive && let Ok(all) = module.getattr("__all__") {
                handle_fromlist(ts, module, &all, true)?;
            }
            continue;
        }
        if module.getattr(text).is_ok() {
            continue;
        }
        let from_name = format!("{}.{text}", modname());
        if let Err(e) = ts.import_module(&from_name) {
            let missing = e.is(&exc::MODULE_NOT_FOUND_ERROR)
                && e.message() == format!("No module named '{from_name}'");
            let py = ts.py();
            let blocked = ts
                .host()
                .loaded_module(py, &from_name)
                .ok()
                .flatten()
                .is_some_and(|m| m.is_none());
            if !missing || blocked {
                return Err(e);
            }
        }
    }
    Ok(())
}

/// The package a relative import in a module with `globals` starts from (CPython's
/// `resolve_name` before the dots: `__package__`, else `__spec__.parent`, else `__name__`
/// and `__path__`).
fn package_of(globals: &Obj<'_>) -> PyResult<String> {
    if globals.kind() != Kind::Dict {
        return Err(PyErr::type_error("globals must be a dict"));
    }
    let get = |k: &str| -> PyResult<Option<Obj<'_>>> {
        Ok(globals.dict_get_str(k)?.filter(|v| !v.is_none()))
    };
    if let Some(p) = get("__package__")? {
        return p
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| PyErr::type_error("package must be a string"));
    }
    if let Some(spec) = get("__spec__")? {
        let parent = spec.getattr("parent")?;
        return parent
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| PyErr::type_error("__spec__.parent must be a string"));
    }
    let Some(name) = globals.dict_get_str("__name__")? else {
        return Err(PyErr::new(&exc::KEY_ERROR, "'__name__' not in globals"));
    };
    let name = name
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| PyErr::type_error("__name__ must be a string"))?;
    if globals.dict_get_str("__path__")?.is_some() {
        return Ok(name);
    }
    Ok(name
        .rsplit_once('.')
        .map_or(String::new(), |(p, _)| p.to_owned()))
}

/// `resolve_name`: `name` (after its dots) relative to `package`, `level` dots up.
fn resolve(package: &str, name: &str, level: usize) -> PyResult<String> {
    if package.is_empty() {
        return Err(PyErr::import_error(
            "attempted relative import with no known parent package",
            None,
            None,
        ));
    }
    let mut last = package.len();
    for _ in 1..level {
        match package[..last].rfind('.') {
            Some(i) => last = i,
            None => {
                return Err(PyErr::import_error(
                    "attempted relative import beyond top-level package",
                    None,
                    None,
                ));
            }
        }
    }
    let base = &package[..last];
    Ok(if name.is_empty() {
        base.to_owned()
    } else {
        format!("{base}.{name}")
    })
}

/// `IMPORT_FROM`: `from m import name`: the attribute, else the submodule `m.name` from
/// `sys.modules` (a circular import of a package), else CPython's `ImportError` (naming a
/// partially initialised module and its file).
pub(crate) fn import_from<'py>(
    ts: &mut Tstate<'py>,
    module: &Obj<'py>,
    name: &str,
) -> PyResult<Obj<'py>> {
    match module.getattr(name) {
        Ok(v) => return Ok(v),
        Err(e) if !e.is(&exc::ATTRIBUTE_ERROR) => return Err(e),
        Err(_) => {}
    }
    let dict = (module.kind() == Kind::Module)
        .then(|| module.module_dict().ok())
        .flatten();
    let entry = |k: &str| dict.as_ref().and_then(|d| d.dict_get_str(k).ok().flatten());
    let pkgname = entry("__name__").and_then(|n| n.as_str().map(str::to_owned));
    if let Some(p) = &pkgname {
        let py = ts.py();
        if let Some(m) = ts.host().loaded_module(py, &format!("{p}.{name}"))? {
            return Ok(m);
        }
    }
    let shown = pkgname.as_deref().unwrap_or("<unknown module name>");
    let file = entry("__file__").and_then(|f| f.as_str().map(str::to_owned));
    let msg = match &file {
        None => format!("cannot import name '{name}' from '{shown}' (unknown location)"),
        Some(path) => {
            let initializing = entry("__spec__")
                .and_then(|s| s.getattr("_initializing").ok())
                .is_some_and(|v| v.is_truthy().unwrap_or(false));
            if initializing {
                format!(
                    "cannot import name '{name}' from partially initialized module '{shown}' \
                     (most likely due to a circular import) ({path})"
                )
            } else {
                format!("cannot import name '{name}' from '{shown}' ({path})")
            }
        }
    };
    Err(PyErr::import_error(
        msg,
        pkgname.as_deref(),
        file.as_deref(),
    ))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_names_resolve_as_cpython() {
        assert_eq!(resolve("a.b", "c", 1).unwrap(), "a.b.c");
        assert_eq!(resolve("a.b", "", 1).unwrap(), "a.b");
        assert_eq!(resolve("a.b", "c", 2).unwrap(), "a.c");
        assert_eq!(
            resolve("a.b", "c", 3).unwrap_err().message(),
            "attempted relative import beyond top-level package"
        );
        assert_eq!(
            resolve("", "c", 1).unwrap_err().message(),
            "attempted relative import with no known parent package"
        );
    }
}
