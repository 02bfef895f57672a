//! Imports whose module body is Python code (source files on `sys.path`, frozen Python
//! source), in steps the caller's eval loop drives.
//!
//! The import system finds, creates and records modules; it does not run Python code. So an
//! import is a loop in the caller (the vm's `IMPORT_NAME`, `importlib.import_module`):
//!
//! 1. [`ImportCx::import_step`] returns [`Step::Ready`] with the module when it is in
//!    `sys.modules` or needs no Python code (builtin, extension, frozen native code), or
//!    [`Step::Exec`] when a module body must run: the module is made, its attributes set
//!    (`__name__`, `__file__`, `__spec__` with `_initializing` true, `__path__`, ...), it is in
//!    `sys.modules` (so a circular import finds it, partially initialised), and its code is
//!    compiled through the process-wide compile cache.
//! 2. The caller runs [`ModuleExec::code`] with the module's dict as globals on its own thread
//!    state (so tracebacks show the module's frames and recursion is counted), then hands the
//!    outcome to [`ImportCx::finish_exec`]: on failure the module leaves `sys.modules` and the
//!    error is returned; on success the submodule is bound on its parent.
//! 3. The caller asks again: `import a.b` steps through `a` first (its body), then `a.b`.
//!
//! A step holds the interpreter's import lock while it finds and creates, not while the body
//! runs; the body's thread holds the module's own lock until `finish_exec` (see
//! `module_lock.rs`: another thread importing the module waits for it, as in CPython 3.13).
//!
//! [`ImportCx::import`] drives the same steps for native callers, running bodies with the
//! [`SourceRunner`] the embedding layer installed.

use std::sync::Arc;

use subinterp_compile::{Code, Mode};
use subinterp_object::{Obj, Origin, Py, PyErr, PyResult, exc, str_repr};

use crate::frozen::{FrozenCode, FrozenStatus};
use crate::import::{in_sys_modules, init_module_attrs, not_found, reload_name};
use crate::module_lock;
use crate::path_finder::{self, Found};
use crate::spec::{Loader, Spec, set_initializing};
use crate::state::{ImportCx, InterpImports};
use crate::timing;
use crate::unfinished::Unfinished;

/// Runs a module body for [`ImportCx::import`] when no eval loop drives the import: `code`
/// with `module`'s dict as globals and locals.
pub type SourceRunner = for<'py> fn(Py<'py>, &Arc<Code>, &Obj<'py>) -> PyResult<()>;

/// What an import step gives the caller.
///
/// The protocol: call [`ImportCx::import_step`]; on [`Step::Exec`], run
/// [`ModuleExec::code`] with the module's dict as globals on the caller's thread state, hand
/// the outcome to [`ImportCx::finish_exec`] (which forgets a failed module), and call
/// `import_step` again until it answers [`Step::Ready`]: `import a.b` runs `a`'s body first,
/// then `a.b`'s. While a body runs its module is in `sys.modules` with
/// `__spec__._initializing` true (circular imports see it partially initialised).
pub enum Step<'py> {
    /// The module: the import is complete.
    Ready(Obj<'py>),
    /// A module body to run, then to report with [`ImportCx::finish_exec`].
    Exec(ModuleExec<'py>),
}

/// A module whose body the caller runs (see [`Step`]).
pub struct ModuleExec<'py> {
    /// The module's full name.
    pub name: String,
    /// The module, in `sys.modules` while its body runs.
    pub module: Obj<'py>,
    /// Its body, from the process-wide compile cache.
    pub code: Arc<Code>,
    /// `importlib.reload`: a failure leaves the module in `sys.modules`.
    pub reload: bool,
}

impl<'a> ImportCx<'a> {
    /// One step of `import name` (see [`Step`]): the module, or
    /// a module body (of `name` or of a parent package) for the caller to run.
    ///
    /// Errors: those of [`import`](Self::import), a `SyntaxError` of the module's source
    /// (the module is not left in `sys.modules`), an `OSError` reading it.
    pub fn import_step<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Step<'py>> {
        if name.is_empty() {
            return Err(PyErr::value_error("Empty module name"));
        }
        let state: &'a InterpImports = self.state;
        while let Some(m) = in_sys_modules(py, state, name)? {
            // Another thread running its body: wait for it, then look again.
            if self.wait_for_module(name)? {
                continue;
            }
            timing::end(state, name);
            return Ok(Step::Ready(m));
        }
        // `-X importtime`: the import is timed from its first step to the one that finds it
        // ready, so parents and the imports its body makes are nested in it.
        timing::begin(state, name);
        let res = self.find_step(py, name);
        match &res {
            Ok(Step::Exec(_)) => {}
            Ok(Step::Ready(_)) => timing::end(state, name),
            Err(_) => timing::end_all(state),
        }
        res
    }

    /// [`import_step`](Self::import_step) after `sys.modules` missed, under the import lock.
    fn find_step<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Step<'py>> {
        let state: &'a InterpImports = self.state;
        let _guard = state.lock.acquire(self.tstate)?;
        if let Some(m) = in_sys_modules(py, state, name)? {
            return Ok(Step::Ready(m));
        }
        let mut search = None;
        if let Some((parent, _)) = name.rsplit_once('.') {
            let p = match self.import_step(py, parent)? {
                Step::Ready(p) => p,
                exec => return Ok(exec),
            };
            if let Some(m) = in_sys_modules(py, state, name)? {
                return Ok(Step::Ready(m));
            }
            let Some(path) = package_path(&p) else {
                return Err(not_found(format!(
                    "No module named {}; {} is not a package",
                    str_repr(name),
                    str_repr(parent)
                )));
            };
            search = Some(path);
        }
        let Some(spec) = self.find_spec_in(py, name, search.as_deref())? else {
            return Err(not_found(format!("No module named {}", str_repr(name))));
        };
        self.begin(py, spec, false)
    }

    /// Reports the outcome of running `exec`'s body: on failure the module leaves
    /// `sys.modules` (not for a reload) and the error comes back; on success, the module now
    /// in `sys.modules` (the body may have replaced itself), bound on its parent package.
    pub fn finish_exec<'py>(
        &mut self,
        py: Py<'py>,
        exec: ModuleExec<'py>,
        result: PyResult<()>,
    ) -> PyResult<Obj<'py>> {
        if let Ok(Some(spec)) = exec
            .module
            .module_dict()
            .and_then(|d| d.dict_get_str("__spec__"))
        {
            set_initializing(&spec, false);
        }
        module_lock::release(self.state, &exec.name);
        let modules = self.state.modules(py)?;
        let key = py.str(&exec.name)?;
        if let Err(e) = result {
            timing::end_all(self.state);
            if !exec.reload {
                if modules.dict_get(&key)?.is_some() {
                    modules.del_item(&key)?;
                }
                drop(Unfinished::adopt(exec.module, self.state));
            }
            return Err(e);
        }
        let Some(m) = modules.dict_get(&key)? else {
            return Err(PyErr::key_error(&key));
        };
        if !exec.reload {
            bind_on_parent(py, self.state, &exec.name, &m)?;
        }
        Ok(m)
    }

    /// The first step of `importlib.reload(module)` for a module whose body is Python code:
    /// its spec found again, its attributes reset, and the body to run again in the same
    /// module. Other modules are reloaded at once ([`Step::Ready`]).
    pub fn reload_step<'py>(&mut self, py: Py<'py>, module: &Obj<'py>) -> PyResult<Step<'py>> {
        let name = reload_name(module)?;
        let spec = self.find_spec(py, &name)?;
        match spec {
            Some(spec) if self.source_of(&spec)?.is_some() => {
                let modules = self.state.modules(py)?;
                if !modules.dict_get_str(&name)?.is_some_and(|m| m.is(module)) {
                    return Err(PyErr::new(
                        &exc::IMPORT_ERROR,
                        format!("module {name} not in sys.modules"),
                    ));
                }
                init_module_attrs(py, &spec, module, true)?;
                self.begin_exec(py, &spec, module.clone(), true)
            }
            _ => self.reload_native(py, module).map(Step::Ready),
        }
    }

    /// `find_spec` with the path finder searching `path` (a package's `__path__`), or
    /// `sys.path` for `None`, after the builtin, frozen and extension finders.
    pub(crate) fn find_spec_in(
        &mut self,
        py: Py<'_>,
        name: &str,
        path: Option<&[String]>,
    ) -> PyResult<Option<Spec>> {
        if let Some(spec) = self.find_meta_spec(py, name)? {
            return Ok(Some(spec));
        }
        let entries = match path {
            Some(p) => p.to_vec(),
            None => sys_path(py, self.state)?,
        };
        let short = name.rsplit_once('.').map_or(name, |(_, s)| s);
        Ok(path_finder::find(&entries, short).map(|found| match found {
            Found::Module(file) => Spec::source(name, &file, None),
            Found::Package { init, dir } => Spec::source(name, &init, Some(&dir)),
            Found::Namespace(portions) => Spec::namespace(name, portions),
        }))
    }

    /// The source of the module `spec` finds, with the file name its code carries: the file
    /// of a source spec, or the frozen Python source (`<frozen NAME>`).
    pub(crate) fn source_of(&self, spec: &Spec) -> PyResult<Option<(Source, String)>> {
        match &spec.loader {
            Loader::Source { path } => Ok(Some((Source::File, path.clone()))),
            Loader::Frozen => {
                let (status, info) = self
                    .state
                    .system()
                    .find_frozen(&spec.name, self.state.use_frozen());
                match (status, info.map(|i| i.code)) {
                    (FrozenStatus::Okay, Some(FrozenCode::Source(src))) => {
                        Ok(Some((Source::Text(src), format!("<frozen {}>", spec.name))))
                    }
                    _ => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    /// `_load_unlocked(spec)` up to the body: a module needing no Python code is loaded
    /// whole; else the module is made, recorded, and its body handed out.
    pub(crate) fn begin<'py>(
        &mut self,
        py: Py<'py>,
        spec: Spec,
        reload: bool,
    ) -> PyResult<Step<'py>> {
        let name = spec.name.clone();
        if self.source_of(&spec)?.is_none() && spec.loader != Loader::Namespace {
            let m = self.load_spec(py, &spec)?;
            bind_on_parent(py, self.state, &name, &m)?;
            return Ok(Step::Ready(m));
        }
        let state: &'a InterpImports = self.state;
        let mut m = Unfinished::new(py.new_module(&name)?);
        match &spec.loader {
            Loader::Source { path } => m.set_module_origin(Origin::File(path.clone()))?,
            Loader::Frozen => {
                if let Some(f) = spec.loader_state.as_ref().and_then(|s| s.filename.as_ref()) {
                    m.setattr("__file__", &py.str(f)?)?;
                }
                m.set_module_origin(Origin::Frozen)?;
            }
            Loader::Namespace => m.set_module_origin(Origin::Namespace(
                spec.search_locations.clone().unwrap_or_default(),
            ))?,
            _ => {}
        }
        m.track(state);
        init_module_attrs(py, &spec, &m, false)?;
        let modules = state.modules(py)?;
        let key = py.str(&name)?;
        modules.set_item(&key, &m)?;
        if spec.loader == Loader::Namespace {
            // CPython 3.13's `_init_module_attrs` gives a namespace package `__file__ = None`.
            m.setattr("__file__", &py.none())?;
            let m = m.finish();
            bind_on_parent(py, state, &name, &m)?;
            return Ok(Step::Ready(m));
        }
        match self.begin_exec(py, &spec, (*m).clone(), reload) {
            Ok(step) => {
                drop(m.finish());
                Ok(step)
            }
            Err(e) => {
                if modules.dict_get(&key)?.is_some() {
                    modules.del_item(&key)?;
                }
                Err(e)
            }
        }
    }

    /// The code of `spec`'s module compiled (through the process-wide cache) and handed out
    /// to run in `module`, whose `__spec__._initializing` is set meanwhile.
    fn begin_exec<'py>(
        &mut self,
        py: Py<'py>,
        spec: &Spec,
        module: Obj<'py>,
        reload: bool,
    ) -> PyResult<Step<'py>> {
        let Some((source, filename)) = self.source_of(spec)? else {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("{} has no Python source", str_repr(&spec.name)),
            ));
        };
        let code = match source {
            Source::Text(text) => subinterp_compile::compile_cached(text, &filename, Mode::Exec),
            Source::File => {
                let bytes = std::fs::read(&filename).map_err(|e| os_error(&e, &filename))?;
                subinterp_compile::compile_cached(&bytes, &filename, Mode::Exec)
            }
        }
        .map_err(|e| subinterp_vm::syntax_error(py, &e))?;
        if let Some(s) = module.module_dict()?.dict_get_str("__spec__")? {
            set_initializing(&s, true);
        }
        module_lock::hold(self.state, &spec.name);
        Ok(Step::Exec(ModuleExec {
            name: spec.name.clone(),
            module,
            code,
            reload,
        }))
    }
}

/// Where a module's Python source is.
pub(crate) enum Source {
    /// The spec's file (read at each import; the compile cache keys on its text).
    File,
    /// Frozen source in the binary.
    Text(&'static str),
}

/// An `OSError` reading `path`, in CPython's `[Errno N] text: 'path'` form.
fn os_error(e: &std::io::Error, path: &str) -> PyErr {
    let ty = match e.kind() {
        std::io::ErrorKind::NotFound => &exc::FILE_NOT_FOUND_ERROR,
        std::io::ErrorKind::PermissionDenied => &exc::PERMISSION_ERROR,
        _ => &exc::OS_ERROR,
    };
    let msg = match e.raw_os_error() {
        Some(n) => format!("[Errno {n}] {}: {}", strip_os_suffix(e), str_repr(path)),
        None => format!("{e}: {}", str_repr(path)),
    };
    PyErr::new(ty, msg)
}

/// The text of an OS error without Rust's ` (os error N)` suffix.
fn strip_os_suffix(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// A package's `__path__` as folder names (non-str items skipped), `None` for a module that
/// is no package.
fn package_path(p: &Obj<'_>) -> Option<Vec<String>> {
    let path = p.module_dict().ok()?.dict_get_str("__path__").ok()??;
    Some(str_items(&path))
}

/// The str items of a list or tuple.
fn str_items(seq: &Obj<'_>) -> Vec<String> {
    let items = seq
        .list_items()
        .or_else(|| seq.tuple_items())
        .unwrap_or_default();
    items
        .iter()
        .filter_map(|i| i.as_str().map(str::to_owned))
        .collect()
}

/// `sys.path` of the importing interpreter (empty when `sys` has none).
fn sys_path(py: Py<'_>, state: &InterpImports) -> PyResult<Vec<String>> {
    let sys = state.sys_module(py)?;
    Ok(match sys.module_dict()?.dict_get_str("path")? {
        Some(p) => str_items(&p),
        None => Vec::new(),
    })
}

/// Binds `sys.modules[name]` as an attribute of its parent package (CPython only warns when
/// that fails, so failures are ignored).
fn bind_on_parent<'py>(
    py: Py<'py>,
    state: &InterpImports,
    name: &str,
    m: &Obj<'py>,
) -> PyResult<()> {
    if let Some((parent, child)) = name.rsplit_once('.')
        && let Some(p) = state.modules(py)?.dict_get_str(parent)?
    {
        let _ = p.setattr(child, m);
    }
    Ok(())
}
